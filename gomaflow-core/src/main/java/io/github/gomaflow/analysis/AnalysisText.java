package io.github.gomaflow.analysis;

import java.util.Locale;
import java.util.Map;

/** The human-readable {@code gomaflow analyze} report: observables, G(t) and m_eff(t) tables. */
public final class AnalysisText {
    private AnalysisText() {}

    /** Multi-line report ending in a newline. */
    public static String format(AnalysisResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "ensemble   %s%n", r.file()));
        sb.append(String.format(Locale.ROOT, "lattice    %s   source %s   m2 %s   lam %s%n", shape(r.latticeShape()),
                switch (r.source()) { case 0 -> "flow"; case 1 -> "hmc"; case 2 -> "cluster"; default -> "unknown"; },
                num(r.mSquared()), num(r.lambda())));
        sb.append(String.format(Locale.ROOT, "samples    %d analysed (%d in file, %d skipped)   acceptance %s   jackknife bin %d%n",
                r.samples(), r.totalSamples(), r.thermalization(), percent(r.acceptance()), r.binSize()));
        AnalysisResult.SignBalance sb0 = r.signBalance();
        if (sb0 != null) {
            sb.append(String.format(Locale.ROOT, "sign of M  %s of configurations positive, %d sign changes%s%n",
                    percent(sb0.fractionPositive()), sb0.signChanges(), sb0.suspicious()
                            ? "  <- WARNING: the chain (almost) never changed the sign of M; magnetization, chi_connected,"
                            + " binder, xi2, G(t) and the pole mass are not to be trusted (sample with --z2-flip or"
                            + " --symmetrize, hmc with --z2-flip)" : ""));
        }
        if (r.logZ() != null) {
            sb.append(String.format(Locale.ROOT, "free energy log Z = %s  (F = -log Z; from %d i.i.d. flow proposals, ESS %s)%n",
                    Rounding.withError(r.logZ().value(), r.logZ().error()), r.logZ().n(), percent(r.logZ().ess())));
        }
        if (r.stoppedEarly()) {
            sb.append(String.format(Locale.ROOT, "stopped    early: %d of %d requested configurations (a valid, shorter chain)%n",
                    r.totalSamples(), r.requestedSamples()));
        }
        sb.append(String.format(Locale.ROOT, "%n%-15s %22s %13s %8s%n", "observable", "value(error)", "tau_int", "tau_GF"));
        for (Map.Entry<String, GammaEstimate> e : r.observables().entrySet()) {
            GammaEstimate g = e.getValue();
            sb.append(String.format(Locale.ROOT, "%-15s %22s %13s %8s%n", e.getKey(), Rounding.withError(g.value(), g.error()),
                    Double.isFinite(g.tauInt()) ? Rounding.withError(g.tauInt(), g.tauIntError()) : "-", sig3(g.tauIntMadrasSokal())));
        }
        if (r.poleWindow()[0] > 0) {
            sb.append(String.format(Locale.ROOT, "(pole_mass: weighted m_eff over t = %d..%d; binder, chi_connected, xi2,"
                    + " pole_mass by jackknife)%n", r.poleWindow()[0], r.poleWindow()[1]));
        }
        sb.append(String.format(Locale.ROOT, "(GomalizingFlow's conventions: gf_chi2 = sum_x G_c(x) = chi_connected;"
                + " gf_ising_energy = (1/d) sum_mu G_c(mu) = ising_energy - <phi>^2; mfGc(t) = G(t)/L^(d-1))%n"));
        sb.append(String.format(Locale.ROOT, "%n%3s %22s %9s   %22s   %22s%n", "t", "G(t)", "tau_int", "m_eff(t)", "mfGc(t)"));
        for (int t = 0; t < r.correlator().size(); t++) {
            GammaEstimate g = r.correlator().get(t);
            String m = "";
            if (t >= 1 && t <= r.effectiveMass().size()) {
                m = Rounding.withError(r.effectiveMass().get(t - 1).value(), r.effectiveMass().get(t - 1).error());
            }
            GammaEstimate mf = r.mfGc().get(t);
            sb.append(String.format(Locale.ROOT, "%3d %22s %9s   %22s   %22s%n", t, Rounding.withError(g.value(), g.error()),
                    sig3(g.tauInt()), m, Rounding.withError(mf.value(), mf.error())));
        }
        sb.append(LEGEND);
        if (r.replicas() != null) replicas(sb, r.replicas());
        sb.append(String.format(Locale.ROOT, "%nanalysis took %.2f s%n", r.seconds()));
        return sb.toString();
    }

    /** What the columns mean; also in docs/OUTPUTS.md. */
    static final String LEGEND = String.format(Locale.ROOT, "%n"
            + "value(error): the error in units of the last digits, e.g. 0.7503(52) = 0.7503 ± 0.0052 (one standard deviation:%n"
            + "  Γ-method for chi2, abs_m, phi2, action_density, ising_energy, magnetization and G(t); jackknife over bins for%n"
            + "  binder, chi_connected, xi2, m_eff and pole_mass).%n"
            + "tau_int: integrated autocorrelation time in units of recorded configurations, tau_int = 1/2 + sum_t rho(t)%n"
            + "  (1/2 for independent samples; the error of a mean is sigma*sqrt(2 tau_int/N)), with its error in parentheses.%n"
            + "tau_GF: the same by GomalizingFlow's estimator (sum up to the first rho(t) compatible with zero).%n"
            + "Lattice units. chi2 = <M^2>/V and abs_m = <|M|>/V with M = sum_x phi(x); G(t) = sum over the spatial x of%n"
            + "  <phi(0) phi(t, x)>, connected (the zero-momentum time-slice correlator); full definitions in docs/OUTPUTS.md.%n");

    /** A fraction as a percentage for people, e.g. 33.09 %. */
    static String percent(double fraction) {
        return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%.2f %%", 100 * fraction) : "n/a";
    }

    /** Per-replica means (error at the combined τ_int) and the χ²/Q agreement test. */
    private static void replicas(StringBuilder sb, ReplicaAgreement a) {
        sb.append(String.format(Locale.ROOT, "%n%d replicas analysed together (Γ-method with replicas); replica r: N_r, then"
                + " each observable's replica mean ± error%n", a.files().size()));
        for (int k = 0; k < a.files().size(); k++) {
            sb.append(String.format(Locale.ROOT, "  %d  %s  N=%d%n", k, a.files().get(k), a.lengths()[k]));
        }
        sb.append(String.format(Locale.ROOT, "%-15s %9s %8s   %s%n", "observable", "chi2/dof", "Q", "replica means ± errors"));
        for (Map.Entry<String, ReplicaGammaMethod.Result> e : a.checks().entrySet()) {
            ReplicaGammaMethod.Result r = e.getValue();
            StringBuilder means = new StringBuilder();
            for (int k = 0; k < r.replicaMeans().length; k++) {
                means.append(k > 0 ? "  " : "").append(num(r.replicaMeans()[k])).append(" ± ").append(num(r.replicaErrors()[k]));
            }
            boolean bad = r.qValue() < ReplicaAgreement.SUSPICIOUS_Q;
            sb.append(String.format(Locale.ROOT, "%-15s %9s %8s   %s%s%n", e.getKey(), fixed(r.chiSquared() / (r.replicaMeans().length - 1)),
                    Double.isFinite(r.qValue()) ? String.format(Locale.ROOT, "%.3g", r.qValue()) : "-", means,
                    bad ? "   <- replicas disagree (Q < " + ReplicaAgreement.SUSPICIOUS_Q + ")" : ""));
        }
    }

    static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "n/a";
    }

    /** Three significant digits, "-" when undefined. */
    static String sig3(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3g", v) : "-";
    }

    static String fixed(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "-";
    }

    static String shape(int[] s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length; i++) sb.append(i > 0 ? "x" : "").append(s[i]);
        return sb.toString();
    }
}
