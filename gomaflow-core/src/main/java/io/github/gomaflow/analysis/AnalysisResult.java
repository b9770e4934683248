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
 */
public record AnalysisResult(String file, int[] latticeShape, int source, double mSquared, double lambda,
                             int totalSamples, int thermalization, double acceptance,
                             Map<String, GammaEstimate> observables, List<GammaEstimate> correlator,
                             List<GammaEstimate> effectiveMass, int[] poleWindow, int binSize,
                             double[] fullCorrelator, double[] fullCorrelatorError, double seconds,
                             Map<String, Double> stageSeconds) {
    /** Samples analysed (after thermalisation). */
    public int samples() { return totalSamples - thermalization; }
}
