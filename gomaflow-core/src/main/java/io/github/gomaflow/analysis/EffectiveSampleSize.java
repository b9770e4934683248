package io.github.gomaflow.analysis;

/**
 * Effective sample size of importance weights w_i = p(φ_i)/q(φ_i), computed in log space:
 * <pre>ESS = (Σ w)² / (N Σ w²) ∈ (0, 1]</pre>
 * (normalised by N, as in arXiv:2101.08176 and GomalizingFlow). Unknown normalisations of p
 * cancel, so log w = −S − log q suffices.
 */
public final class EffectiveSampleSize {
    private EffectiveSampleSize() {}

    /**
     * @param logWeights log w_i, i ∈ [0, n) (read)
     * @return ESS/N, or NaN if n = 0 or a weight is NaN/+∞
     */
    public static double of(double[] logWeights, int n) {
        if (n <= 0) return Double.NaN;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double lw = logWeights[i];
            if (Double.isNaN(lw) || lw == Double.POSITIVE_INFINITY) return Double.NaN;
            max = Math.max(max, lw);
        }
        if (max == Double.NEGATIVE_INFINITY) return Double.NaN;
        double sum = 0, sumSq = 0;
        for (int i = 0; i < n; i++) {
            double w = Math.exp(logWeights[i] - max);
            sum += w;
            sumSq += w * w;
        }
        return sum * sum / (n * sumSq);
    }
}
