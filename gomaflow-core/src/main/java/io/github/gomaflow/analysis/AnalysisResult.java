package io.github.gomaflow.analysis;

import java.util.List;
import java.util.Map;

/**
 * Everything {@code gomaflow analyze} reports about one ensemble.
 *
 * @param file             the ensemble file
 * @param latticeShape     (L₀, …, L_{d−1})
 * @param source           0 flow, 1 HMC, 2 cluster, −1 unknown
 * @param mSquared         m² used for the action density (NaN if unknown)
 * @param lambda           λ used for the action density (NaN if unknown)
 * @param totalSamples     configurations in the file
 * @param thermalization   configurations skipped
 * @param acceptance       accepted fraction after thermalisation (NaN if the file has no flags)
 * @param observables      name → estimate, in report order (chi2, abs_m, phi2, binder, action_density,
 *                         ising_energy, magnetization, chi_connected, xi2, pole_mass); the derived ones (binder,
 *                         chi_connected, xi2, pole_mass) have jackknife value/error and τ_int from {@link ProjectedTau}
 * @param correlator       G(t), t = 0…L₀−1 (connected, see {@link DerivedObservables}); τ_int from the unsubtracted C(t)
 * @param effectiveMass    m_eff(t), t = 1…⌊L₀/2⌋ (index t − 1)
 * @param poleWindow       {first t, last t} averaged for the pole mass ({0, 0} if none)
 * @param binSize          jackknife bin size used
 * @param fullCorrelator   G_c(x) by site (connected), or null when skipped
 * @param fullCorrelatorError its jackknife errors, or null
 * @param seconds          wall time of the analysis
 * @param stageSeconds     wall time per stage (read_and_measure, gamma_method, jackknife, derived_tau, full_correlator)
 * @param requestedSamples the chain length that was asked for (−1 if unknown); more than totalSamples means
 *                         the chain was stopped early (a valid, shorter chain)
 * @param replicas         per-replica means and their agreement when several chains were analysed together, else null
 * @param signBalance      how often the chain changed the sign of M
 * @param logZ             free energy from the proposals recorded in the file (flow ensembles), else null
 * @param mfGc             GomalizingFlow's mfGc(t) = G(t)/L^{d−1}, t = 0…L₀−1 (see {@link DerivedObservables})
 */
public record AnalysisResult(String file, int[] latticeShape, int source, double mSquared, double lambda,
                             int totalSamples, int thermalization, double acceptance,
                             Map<String, GammaEstimate> observables, List<GammaEstimate> correlator,
                             List<GammaEstimate> effectiveMass, int[] poleWindow, int binSize,
                             double[] fullCorrelator, double[] fullCorrelatorError, double seconds,
                             Map<String, Double> stageSeconds, long requestedSamples, ReplicaAgreement replicas,
                             SignBalance signBalance, FreeEnergy.Estimate logZ, List<GammaEstimate> mfGc) {

    /**
     * How the chain visited the two signs of the magnetisation (the φ → −φ symmetry of the action).
     *
     * @param fractionPositive share of configurations with M &gt; 0
     * @param signChanges      times M changed sign between consecutive configurations (summed over replicas)
     */
    public record SignBalance(double fractionPositive, long signChanges) {
        /** Fewer sign changes than this and sign-dependent errors are not to be trusted. */
        public static final long FEW = 20;

        public boolean suspicious() { return signChanges < FEW; }
    }

    /** Samples analysed (after thermalisation). */
    public int samples() { return totalSamples - thermalization; }

    /** Whether the chain was stopped before the length that was asked for. */
    public boolean stoppedEarly() { return requestedSamples > totalSamples; }
}
