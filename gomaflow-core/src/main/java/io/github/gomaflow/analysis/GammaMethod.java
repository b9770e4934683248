package io.github.gomaflow.analysis;

import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;

/**
 * The Γ-method with automatic windowing for the error of a mean of autocorrelated data
 * (U. Wolff, "Monte Carlo errors with less errors", Comput. Phys. Commun. 156 (2004) 143,
 * hep-lat/0306017), for one replicum of a primary observable.
 *
 * <pre>
 *   Γ(t)      = 1/(N−t) Σ_{i=1}^{N−t} (a_i − ā)(a_{i+t} − ā)        (via FFT, O(N log N))
 *   τ_int(W)  = ½ + Σ_{t=1}^{W} Γ(t)/Γ(0)
 *   τ(W)      = S / ln[(2τ_int(W)+1)/(2τ_int(W)−1)]                 (ε if τ_int(W) ≤ ½)
 *   W         = first W with g(W) = exp(−W/τ(W)) − τ(W)/sqrt(W·N) &lt; 0
 *   C_F       = Γ(0) + 2 Σ_{t=1}^{W} Γ(t), bias-corrected Γ(t) → Γ(t) + C_F/N
 *   σ²(ā)     = C_F/N,   τ_int = C_F/(2Γ(0)),   δτ_int = τ_int·2·sqrt((W + ½ − τ_int)/N)
 * </pre>
 *
 * Also GomalizingFlow's estimator ({@code src/autocorr.jl}, after Lüscher hep-lat/0409106 App. E,
 * with the Madras–Sokal variance of ρ): W = first t with ρ(t) ≤ δρ(t),
 * δρ²(t) = (1/N) Σ_{k=1}^{t+Λ} [ρ(k+t) + ρ(k−t) − 2ρ(k)ρ(t)]², Λ = 600, τ = ½ + Σ_{t=1}^{W} ρ(t).
 *
 * <p>Stateless; methods allocate O(N) scratch (the FFT buffers) per call.
 */
public final class GammaMethod {
    /** Wolff's default S = 1.5. */
    public static final double DEFAULT_S = 1.5;
    /** Λ of GomalizingFlow's δρ² sum. */
    static final int MADRAS_SOKAL_LAMBDA = 600;
    /** Largest lag searched by the GomalizingFlow estimator (its cost is O(W·(W+Λ))). */
    static final int MADRAS_SOKAL_MAX_LAG = 10_000;

    private GammaMethod() {}

    /**
     * Γ-method estimate of the mean of {@code a[0…n)}.
     *
     * @param a       series (read)
     * @param n       N ≥ 1
     * @param sFactor Wolff's S (> 0), {@link #DEFAULT_S} by default
     */
    public static GammaEstimate estimate(double[] a, int n, double sFactor) {
        double[][] gammas = autocovariances(n, a, null);
        return fromAutocovariance(mean(a, n), gammas[0], n, sFactor);
    }

    /** Two series at once (one complex FFT serves both); same results as two calls to {@link #estimate}. */
    public static GammaEstimate[] estimatePair(double[] a, double[] b, int n, double sFactor) {
        double[][] gammas = autocovariances(n, a, b);
        return new GammaEstimate[] {
                fromAutocovariance(mean(a, n), gammas[0], n, sFactor),
                fromAutocovariance(mean(b, n), gammas[1], n, sFactor)};
    }

    static double mean(double[] a, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += a[i];
        return s / n;
    }

    /**
     * Largest lag computed, {@value}: windows beyond it would mean τ_int ≳ 3000, i.e. too few
     * independent samples to trust any error. Limiting T lets the zero padding be N + T instead of 2N
     * (for N = 10⁶ an FFT of 2²⁰ instead of 2²¹).
     */
    public static final int MAX_LAG = 32_768;

    /**
     * Γ(t) for t = 0…T, T = min(⌊N/2⌋, {@link #MAX_LAG}), of one or two series, with a zero-padded FFT of
     * length 2^k ≥ N + T (commons-math3; circular wrap-around only reaches lags > 2^k − N), packing a in
     * the real and b in the imaginary part.
     *
     * @param a first series (read)
     * @param b second series (read) or null
     * @return {Γ_a, Γ_b} (Γ_b null when b is null), each of length T + 1
     */
    public static double[][] autocovariances(int n, double[] a, double[] b) {
        int tMax = Math.min(n / 2, MAX_LAG);
        int size = Integer.highestOneBit(Math.max(1, n + tMax - 1)) << 1;
        double[] re = new double[size];
        double[] im = new double[size];
        double ma = mean(a, n);
        for (int i = 0; i < n; i++) re[i] = a[i] - ma;
        if (b != null) {
            double mb = mean(b, n);
            for (int i = 0; i < n; i++) im[i] = b[i] - mb;
        }
        double[][] data = {re, im};
        FastFourierTransformer.transformInPlace(data, DftNormalization.STANDARD, TransformType.FORWARD);
        // Z = A + iB; A_k = (Z_k + conj Z_{−k})/2, B_k = (Z_k − conj Z_{−k})/(2i).
        for (int k = 0; k <= size / 2; k++) {
            int mk = (size - k) & (size - 1);
            double zr = re[k], zi = im[k], wr = re[mk], wi = im[mk];
            double pa = 0.25 * ((zr + wr) * (zr + wr) + (zi - wi) * (zi - wi));
            double pb = 0.25 * ((zi + wi) * (zi + wi) + (zr - wr) * (zr - wr));
            re[k] = pa; im[k] = pb;
            re[mk] = pa; im[mk] = pb;
        }
        FastFourierTransformer.transformInPlace(data, DftNormalization.STANDARD, TransformType.INVERSE);
        double[] ga = new double[tMax + 1];
        double[] gb = b == null ? null : new double[tMax + 1];
        for (int t = 0; t <= tMax; t++) {
            ga[t] = re[t] / (n - t);
            if (gb != null) gb[t] = im[t] / (n - t);
        }
        return new double[][] {ga, gb};
    }

    /**
     * Automatic windowing on a given Γ(t).
     *
     * @param gamma Γ(0…T) (read), T ≥ 0
     */
    static GammaEstimate fromAutocovariance(double mean, double[] gamma, int n, double sFactor) {
        if (!(sFactor > 0)) throw new IllegalArgumentException("S must be > 0, got " + sFactor);
        double g0 = gamma[0];
        if (n < 2 || !(g0 > 0)) {
            // constant data (Γ(0)=0) have no fluctuation; a single sample has no error estimate
            return new GammaEstimate(mean, n < 2 || Double.isNaN(g0) ? Double.NaN : 0.0, 0.5, 0.0, 0, 0.5, n);
        }
        int tMax = gamma.length - 1;
        int window = tMax;
        double sum = 0;
        for (int w = 1; w <= tMax; w++) {
            sum += gamma[w] / g0;
            double tauW = 0.5 + sum;
            double tau = tauW <= 0.5 ? Double.MIN_NORMAL : sFactor / Math.log((2 * tauW + 1) / (2 * tauW - 1));
            double g = Math.exp(-w / tau) - tau / Math.sqrt((double) w * n);
            if (g < 0) { window = w; break; }
        }
        double c0 = g0;
        for (int t = 1; t <= window; t++) c0 += 2 * gamma[t];
        // bias correction Γ(t) → Γ(t) + C_F/N (Wolff eq. 49) applied to Γ(0) and to the window sum
        double cf = c0 * (1 + (2.0 * window + 1) / n);
        double g0Corrected = g0 + c0 / n;
        double tauInt = cf / (2 * g0Corrected);
        double error = cf > 0 ? Math.sqrt(cf / n) : Double.NaN;
        if (!(cf > 0)) {
            // too few samples or anti-correlated noise: no meaningful error or τ
            return new GammaEstimate(mean, Double.NaN, Double.NaN, Double.NaN, window, Double.NaN, n);
        }
        double tauErr = tauInt * 2 * Math.sqrt(Math.max(0, window + 0.5 - tauInt) / n);
        double ms = madrasSokal(gamma, n);
        return new GammaEstimate(mean, error, tauInt, tauErr, window, ms > 0 ? ms : Double.NaN, n);
    }

    /** GomalizingFlow's τ_int (see class doc); NaN if no window ≤ {@link #MADRAS_SOKAL_MAX_LAG} qualifies. */
    static double madrasSokal(double[] gamma, int n) {
        double g0 = gamma[0];
        if (!(g0 > 0)) return 0.5;
        int tMax = Math.min(gamma.length - 1, MADRAS_SOKAL_MAX_LAG);
        double sum = 0;
        for (int t = 1; t <= tMax; t++) {
            double rt = gamma[t] / g0;
            double var = 0;
            for (int k = 1; k <= t + MADRAS_SOKAL_LAMBDA; k++) {
                double d = rho(gamma, k + t) + rho(gamma, Math.abs(k - t)) - 2 * rho(gamma, k) * rt;
                var += d * d;
            }
            sum += rt;
            if (rt <= Math.sqrt(var / n)) return 0.5 + sum;
        }
        return Double.NaN;
    }

    private static double rho(double[] gamma, int t) {
        return t < gamma.length ? gamma[t] / gamma[0] : 0.0;
    }
}
