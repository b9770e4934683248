/**
 * Analysis of ensembles on plain arrays: observables with autocorrelation-aware errors.
 *
 * <ul>
 *   <li>{@link io.github.gomaflow.analysis.GammaMethod} — Wolff's Γ-method with automatic windowing
 *       (Comput. Phys. Commun. 156 (2004) 143, S = 1.5), Γ(t) by a zero-padded FFT (commons-math3),
 *       τ_int and δτ_int; also GomalizingFlow's τ_int estimator for comparison.</li>
 *   <li>{@link io.github.gomaflow.analysis.Jackknife} — jackknife over bins for derived quantities;
 *       {@link io.github.gomaflow.analysis.ProjectedTau} gives their τ_int by Wolff's projection.</li>
 *   <li>{@link io.github.gomaflow.analysis.ConfigurationObservables} — M, Σφ², link sum, S, the
 *       time-slice correlator C(t) and |φ̃(p_min)|² of one configuration;
 *       {@link io.github.gomaflow.analysis.LatticeFourier} — lattice DFT for G_c(x).</li>
 *   <li>{@link io.github.gomaflow.analysis.EnsembleAnalysis} — streams an ensemble file once and returns an
 *       {@link io.github.gomaflow.analysis.AnalysisResult}: chi2, abs_m, phi2, binder, action_density,
 *       ising_energy, magnetization, chi_connected, xi2, pole_mass, G(t), m_eff(t), G_c(x);
 *       {@link io.github.gomaflow.analysis.AnalysisJson} / {@link io.github.gomaflow.analysis.AnalysisText}
 *       render it, {@link io.github.gomaflow.analysis.EnsembleComparison} compares two.</li>
 *   <li>{@link io.github.gomaflow.analysis.EffectiveSampleSize} — ESS of importance weights.</li>
 * </ul>
 *
 * <p>Conventions: time is lattice direction 0; correlators are connected, subtracting the ensemble mean
 * ⟨φ̄⟩² (zero up to noise in a Z₂-symmetric ensemble); the pole mass is the inverse-variance weighted
 * mean of m_eff(t) over t ∈ [⌈L₀/4⌉, ⌊L₀/2⌋]; the jackknife bin size defaults to ⌈10·τ_int,max⌉ (at
 * least 20 bins).
 */
package io.github.gomaflow.analysis;
