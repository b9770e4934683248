package io.github.gomaflow.analysis;

import static io.github.gomaflow.io.Json.key;
import static io.github.gomaflow.io.Json.number;
import static io.github.gomaflow.io.Json.string;

import java.util.List;
import java.util.Map;

/**
 * The {@code gomaflow analyze --json} object (docs/OUTPUTS.md):
 * <pre>
 * {"n":…, "acceptance":…, "observables": {NAME: {"value":…, "error":…, "tau_int":…, "tau_int_error":…,
 *   "tau_int_madras_sokal":…, "window":…}, …}, "G_t":[{"value":…, "error":…, "tau_int":…}, …],
 *  "m_eff":[{"t":1, "value":…, "error":…}, …], "mfGc":[{"t":0, "value":…, "error":…, "tau_int":…}, …], "pole_mass":{…, "t_min":…, "t_max":…}, "xi2":{…},
 *  "G_c":{"shape":[…], "value":[…], "error":[…]}, "file":…, "n_total":…, "thermalization":…,
 *  "lattice_shape":[…], "source":"flow"|"hmc"|"cluster"|null, "m2":…, "lam":…, "bin_size":…, "seconds":…,
 *  "replicas":{"files":[…], "n":[…], "checks":{NAME:{"means":[…], "errors":[…], "chi2":…, "q":…}}}}
 * </pre>
 * ("replicas" only when several chains were analysed together.)
 * <pre>
 * </pre>
 * Non-finite numbers (e.g. an undefined m_eff, no plateau for the pole mass) are {@code null}.
 */
public final class AnalysisJson {
    private AnalysisJson() {}

    /** One JSON object, no trailing newline. */
    public static String write(AnalysisResult r) {
        StringBuilder sb = new StringBuilder(4096).append('{');
        key(sb, "n", true); number(sb, r.samples());
        key(sb, "acceptance", false); number(sb, r.acceptance());
        key(sb, "observables", false).append('{');
        boolean first = true;
        for (Map.Entry<String, GammaEstimate> e : r.observables().entrySet()) {
            key(sb, e.getKey(), first);
            estimate(sb, e.getValue(), true);
            first = false;
        }
        sb.append('}');
        key(sb, "G_t", false).append('[');
        list(sb, r.correlator(), 0, true);
        sb.append(']');
        key(sb, "m_eff", false).append('[');
        list(sb, r.effectiveMass(), 1, false);
        sb.append(']');
        key(sb, "mfGc", false).append('[');
        list(sb, r.mfGc(), 0, true);
        sb.append(']');
        GammaEstimate pole = r.observables().get("pole_mass");
        key(sb, "pole_mass", false).append('{');
        key(sb, "value", true); number(sb, pole.value());
        key(sb, "error", false); number(sb, pole.error());
        key(sb, "t_min", false); number(sb, r.poleWindow()[0] == 0 ? Double.NaN : r.poleWindow()[0]);
        key(sb, "t_max", false); number(sb, r.poleWindow()[1] == 0 ? Double.NaN : r.poleWindow()[1]);
        sb.append('}');
        key(sb, "xi2", false);
        estimate(sb, r.observables().get("xi2"), false);
        if (r.fullCorrelator() != null) {
            key(sb, "G_c", false).append('{');
            key(sb, "shape", true);
            ints(sb, r.latticeShape());
            key(sb, "value", false);
            doubles(sb, r.fullCorrelator());
            key(sb, "error", false);
            doubles(sb, r.fullCorrelatorError());
            sb.append('}');
        }
        key(sb, "file", false); string(sb, r.file());
        key(sb, "n_total", false); number(sb, r.totalSamples());
        key(sb, "n_requested", false); number(sb, r.requestedSamples() < 0 ? Double.NaN : r.requestedSamples());
        key(sb, "thermalization", false); number(sb, r.thermalization());
        key(sb, "lattice_shape", false); ints(sb, r.latticeShape());
        key(sb, "source", false);
        switch (r.source()) {
            case 0 -> string(sb, "flow");
            case 1 -> string(sb, "hmc");
            case 2 -> string(sb, "cluster");
            default -> sb.append("null");
        }
        key(sb, "m2", false); number(sb, r.mSquared());
        key(sb, "lam", false); number(sb, r.lambda());
        key(sb, "bin_size", false); number(sb, r.binSize());
        key(sb, "seconds", false); number(sb, Math.round(r.seconds() * 1000) / 1000.0);
        key(sb, "stage_seconds", false).append('{');
        boolean firstStage = true;
        for (String stage : new String[] {"read_and_measure", "gamma_method", "jackknife", "derived_tau", "full_correlator"}) {
            Double v = r.stageSeconds().get(stage);
            if (v == null) continue;
            key(sb, stage, firstStage); number(sb, Math.round(v * 1000) / 1000.0);
            firstStage = false;
        }
        sb.append('}');
        if (r.signBalance() != null) {
            key(sb, "sign_balance", false).append('{');
            key(sb, "fraction_positive", true); number(sb, r.signBalance().fractionPositive());
            key(sb, "sign_changes", false); number(sb, r.signBalance().signChanges());
            key(sb, "suspicious", false).append(r.signBalance().suspicious());
            sb.append('}');
        }
        if (r.logZ() != null) {
            key(sb, "log_z", false).append('{');
            key(sb, "value", true); number(sb, r.logZ().value());
            key(sb, "error", false); number(sb, r.logZ().error());
            key(sb, "ess", false); number(sb, r.logZ().ess());
            key(sb, "n", false); number(sb, r.logZ().n());
            sb.append('}');
        }
        if (r.replicas() != null) replicas(sb, r.replicas());
        return sb.append('}').toString();
    }

    /** "replicas": {"files":[…], "n":[…], "checks": {NAME: {"means":[…], "errors":[…], "chi2":…, "q":…}}}. */
    private static void replicas(StringBuilder sb, ReplicaAgreement a) {
        key(sb, "replicas", false).append('{');
        key(sb, "files", true).append('[');
        for (int i = 0; i < a.files().size(); i++) {
            if (i > 0) sb.append(',');
            string(sb, a.files().get(i));
        }
        sb.append(']');
        key(sb, "n", false); ints(sb, a.lengths());
        key(sb, "checks", false).append('{');
        boolean first = true;
        for (Map.Entry<String, ReplicaGammaMethod.Result> e : a.checks().entrySet()) {
            key(sb, e.getKey(), first).append('{');
            key(sb, "means", true); doubles(sb, e.getValue().replicaMeans());
            key(sb, "errors", false); doubles(sb, e.getValue().replicaErrors());
            key(sb, "chi2", false); number(sb, e.getValue().chiSquared());
            key(sb, "q", false); number(sb, e.getValue().qValue());
            sb.append('}');
            first = false;
        }
        sb.append("}}");
    }

    private static void estimate(StringBuilder sb, GammaEstimate e, boolean withTau) {
        sb.append('{');
        key(sb, "value", true); number(sb, e.value());
        key(sb, "error", false); number(sb, e.error());
        if (withTau) {
            key(sb, "tau_int", false); number(sb, e.tauInt());
            key(sb, "tau_int_error", false); number(sb, e.tauIntError());
            key(sb, "tau_int_madras_sokal", false); number(sb, e.tauIntMadrasSokal());
            key(sb, "window", false); number(sb, e.window() == 0 && Double.isNaN(e.tauInt()) ? Double.NaN : e.window());
        }
        sb.append('}');
    }

    private static void list(StringBuilder sb, List<GammaEstimate> list, int firstT, boolean withTau) {
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) sb.append(',');
            GammaEstimate e = list.get(i);
            sb.append('{');
            key(sb, "t", true); number(sb, firstT + i);
            key(sb, "value", false); number(sb, e.value());
            key(sb, "error", false); number(sb, e.error());
            if (withTau) {
                key(sb, "tau_int", false); number(sb, e.tauInt());
                key(sb, "tau_int_error", false); number(sb, e.tauIntError());
            }
            sb.append('}');
        }
    }

    private static void ints(StringBuilder sb, int[] a) {
        sb.append('[');
        for (int i = 0; i < a.length; i++) { if (i > 0) sb.append(','); sb.append(a[i]); }
        sb.append(']');
    }

    private static void doubles(StringBuilder sb, double[] a) {
        sb.append('[');
        for (int i = 0; i < a.length; i++) { if (i > 0) sb.append(','); number(sb, a[i]); }
        sb.append(']');
    }
}
