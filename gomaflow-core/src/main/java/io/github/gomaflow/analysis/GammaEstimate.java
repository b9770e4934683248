package io.github.gomaflow.analysis;

/**
 * Mean of a Monte Carlo time series with its autocorrelation-aware error (Γ-method,
 * U. Wolff, Comput. Phys. Commun. 156 (2004) 143).
 *
 * @param value              sample mean ā
 * @param error              σ(ā) = sqrt(C_F/N), C_F the bias-corrected Γ(0) + 2Σ_{t=1}^{W}Γ(t)
 * @param tauInt             τ_int = C_F/(2Γ(0)) (½ for uncorrelated data)
 * @param tauIntError        δτ_int ≈ τ_int·2·sqrt((W + ½ − τ_int)/N) (Wolff eq. 42)
 * @param window             the automatic summation window W
 * @param tauIntMadrasSokal  τ_int from GomalizingFlow's estimator (sum up to the first t with ρ(t) ≤ δρ(t)), NaN if none
 * @param samples            N
 */
public record GammaEstimate(double value, double error, double tauInt, double tauIntError, int window,
                            double tauIntMadrasSokal, int samples) {
    /** An estimate without autocorrelation information (e.g. from a jackknife). */
    public static GammaEstimate of(double value, double error, int samples) {
        return new GammaEstimate(value, error, Double.NaN, Double.NaN, 0, Double.NaN, samples);
    }
}
