package io.github.gomaflow.analysis;

import io.github.gomaflow.io.EnsembleReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether R replicas (independent chains) of one ensemble agree: for each primary observable, every
 * replica's mean with the error it would have at the combined τ_int, and Wolff's χ²/Q-value test
 * ({@link ReplicaGammaMethod}). A Q-value below {@link #SUSPICIOUS_Q} flags a replica that sampled
 * something else (stuck in one sign, not thermalised).
 *
 * @param files   the replicas' files, in analysis order
 * @param lengths N_r analysed of each
 * @param checks  observable name (chi2, abs_m, phi2, action_density, ising_energy, magnetization) → test
 */
public record ReplicaAgreement(List<String> files, int[] lengths, Map<String, ReplicaGammaMethod.Result> checks) {
    /** Q-values below this are reported as disagreement. */
    public static final double SUSPICIOUS_Q = 0.01;

    static ReplicaAgreement of(List<EnsembleReader> readers, int[] lengths, Primaries p, double sFactor) {
        List<String> files = new ArrayList<>();
        for (EnsembleReader r : readers) files.add(r.path().toString());
        Map<String, ReplicaGammaMethod.Result> checks = new LinkedHashMap<>();
        String[] names = {"chi2", "abs_m", "phi2", "action_density", "ising_energy", "magnetization"};
        int[] index = {Primaries.CHI2, Primaries.ABS_M, Primaries.PHI2, Primaries.ACTION, Primaries.ISING, Primaries.MAGNETIZATION};
        for (int k = 0; k < names.length; k++) {
            if (p.hasSeries(index[k])) checks.put(names[k], p.replicaEstimate(index[k], sFactor));
        }
        return new ReplicaAgreement(List.copyOf(files), lengths.clone(), java.util.Collections.unmodifiableMap(checks));
    }

    /** Smallest Q-value over the checks (NaN if none was testable). */
    public double smallestQ() {
        double q = Double.NaN;
        for (ReplicaGammaMethod.Result r : checks.values()) {
            if (Double.isFinite(r.qValue()) && !(r.qValue() >= q)) q = r.qValue();
        }
        return q;
    }
}
