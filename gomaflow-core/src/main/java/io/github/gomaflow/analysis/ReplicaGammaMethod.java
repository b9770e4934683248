package io.github.gomaflow.analysis;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;

/**
 * The Γ-method for R independent replicas (chains) of one observable, U. Wolff, Comput. Phys. Commun.
 * 156 (2004) 143, §3.3 (hep-lat/0306017), with a check that the replicas agree with each other.
 *
 * <pre>
 *   N        = Σ_r N_r
 *   ā        = Σ_r N_r ā_r / N                                   (mean weighted by replica length)
 *   Γ(t)     = 1/(N − R t) Σ_r Σ_{i=1}^{N_r−t} (a^r_i − ā)(a^r_{i+t} − ā)
 * </pre>
 * Γ(t) then goes through the same automatic windowing and bias correction as one chain of length N
 * ({@link GammaMethod}). Lags run up to T = min(⌊min_r N_r / 2⌋, {@link GammaMethod#MAX_LAG}).
 * Replica agreement (Wolff §3.3): with C_F the integrated autocorrelation of the combined estimate,
 * χ² = Σ_r N_r (ā_r − ā)² / C_F follows χ²(R − 1) when all replicas sample the same distribution; the
 * Q-value is the probability of a χ² at least this large. A tiny Q (say &lt; 0.01) means a replica got
 * stuck or thermalised differently.
 */
public final class ReplicaGammaMethod {
    private ReplicaGammaMethod() {}

    /**
     * The combined estimate, the replicas' own means and errors, and the agreement test.
     *
     * @param combined      Γ-method estimate from all replicas together
     * @param replicaMeans  ā_r
     * @param replicaErrors σ(ā_r) = sqrt(C_F/N_r): the error each replica's mean has if its τ_int is the
     *                      combined one
     * @param chiSquared    Σ_r N_r (ā_r − ā)²/C_F (NaN for one replica)
     * @param qValue        P(χ²(R−1) ≥ chiSquared) (NaN for one replica)
     */
    public record Result(GammaEstimate combined, double[] replicaMeans, double[] replicaErrors,
                         double chiSquared, double qValue) {}

    /**
     * Estimates the mean of R replicas together.
     *
     * @param replicas replica r is {@code replicas[r][0…lengths[r])} (read)
     * @param lengths  N_r ≥ 1 each
     * @param sFactor  Wolff's S (&gt; 0)
     * @throws IllegalArgumentException for no replicas, mismatched arrays or an empty replica
     */
    public static Result estimate(double[][] replicas, int[] lengths, double sFactor) {
        int r = replicas.length;
        if (r == 0 || lengths.length != r) throw new IllegalArgumentException("need ≥ 1 replica and one length per replica");
        long total = 0;
        int shortest = Integer.MAX_VALUE;
        double weighted = 0;
        double[] means = new double[r];
        for (int k = 0; k < r; k++) {
            if (lengths[k] < 1 || lengths[k] > replicas[k].length) {
                throw new IllegalArgumentException("replica " + k + ": length " + lengths[k] + " not in 1.." + replicas[k].length);
            }
            means[k] = GammaMethod.mean(replicas[k], lengths[k]);
            weighted += means[k] * lengths[k];
            total += lengths[k];
            shortest = Math.min(shortest, lengths[k]);
        }
        if (total > Integer.MAX_VALUE) throw new IllegalArgumentException("more than 2^31-1 samples in all replicas");
        int n = (int) total;
        double mean = weighted / n;
        int tMax = Math.min(shortest / 2, GammaMethod.MAX_LAG);
        double[] sums = new double[tMax + 1];
        for (int k = 0; k < r; k++) addLagProducts(replicas[k], lengths[k], mean, tMax, sums);
        double[] gamma = new double[tMax + 1];
        for (int t = 0; t <= tMax; t++) gamma[t] = sums[t] / (n - (double) r * t);
        GammaEstimate combined = GammaMethod.fromAutocovariance(mean, gamma, n, sFactor);
        double cf = combined.error() * combined.error() * n;
        double[] errors = new double[r];
        double chi2 = 0;
        for (int k = 0; k < r; k++) {
            errors[k] = Math.sqrt(cf / lengths[k]);
            chi2 += lengths[k] * (means[k] - mean) * (means[k] - mean) / cf;
        }
        boolean testable = r > 1 && cf > 0 && Double.isFinite(chi2);
        double q = testable ? 1 - new ChiSquaredDistribution(null, r - 1).cumulativeProbability(chi2) : Double.NaN;
        return new Result(combined, means, errors, testable ? chi2 : Double.NaN, q);
    }

    /**
     * Adds Σ_{i=0}^{n−1−t} (a_i − c)(a_{i+t} − c) to {@code sums[t]} for t = 0…tMax (zero-padded FFT of
     * length 2^k ≥ n + tMax, as in {@link GammaMethod#autocovariances}).
     */
    static void addLagProducts(double[] a, int n, double centre, int tMax, double[] sums) {
        int size = Integer.highestOneBit(Math.max(1, n + tMax - 1)) << 1;
        double[] re = new double[size];
        double[] im = new double[size];
        for (int i = 0; i < n; i++) re[i] = a[i] - centre;
        double[][] data = {re, im};
        FastFourierTransformer.transformInPlace(data, DftNormalization.STANDARD, TransformType.FORWARD);
        for (int k = 0; k < size; k++) {
            re[k] = re[k] * re[k] + im[k] * im[k];
            im[k] = 0;
        }
        FastFourierTransformer.transformInPlace(data, DftNormalization.STANDARD, TransformType.INVERSE);
        for (int t = 0; t <= tMax; t++) sums[t] += re[t];
    }
}
