package io.github.gomaflow.analysis;

/**
 * Jackknife over bins for derived quantities F(⟨A_1⟩, …, ⟨A_K⟩) of primary means.
 *
 * <pre>
 *   F̂      = F(Ā)                         (all data)
 *   F_(j)  = F(Ā_(j)),  Ā_(j) = (Σ_all − Σ_bin j)/(N − N_j)   (leave bin j out)
 *   σ²(F)  = (B−1)/B Σ_j (F_(j) − mean_j F_(j))²
 * </pre>
 * B is the number of bins. Bins hold consecutive samples; with N not a multiple of the bin size the
 * last bin takes the remainder. The bin size must exceed the autocorrelation time (see
 * {@link EnsembleAnalysis} for the automatic choice).
 */
public final class Jackknife {
    private Jackknife() {}

    /** A derived quantity: writes F(means) into {@code out} (length = outputs). Must not keep references. */
    @FunctionalInterface
    public interface Derived {
        /**
         * @param means ⟨A_k⟩ for k ∈ [0, K) (read)
         * @param out   F values (written)
         */
        void evaluate(double[] means, double[] out);
    }

    /**
     * Result: central values, errors and the leave-one-out replicas.
     *
     * @param value    F(Ā), one per output
     * @param error    jackknife σ, one per output (NaN if a replica is NaN or fewer than 2 bins)
     * @param replicas F_(j) per bin j, [bins][outputs]
     */
    public record Result(double[] value, double[] error, double[][] replicas) {}

    /**
     * Bin sums of K series.
     *
     * @param series  [K][≥n] primary observables per sample (read)
     * @param n       N samples used
     * @param binSize ≥ 1
     * @return [bins][K] sums; bins = max(1, ⌊N/binSize⌋), the last one also holds the remainder
     */
    public static double[][] binSums(double[][] series, int n, int binSize) {
        if (binSize < 1) throw new IllegalArgumentException("bin size must be >= 1, got " + binSize);
        int bins = Math.max(1, n / binSize);
        double[][] sums = new double[bins][series.length];
        for (int k = 0; k < series.length; k++) {
            double[] s = series[k];
            for (int j = 0; j < bins; j++) {
                int end = j == bins - 1 ? n : (j + 1) * binSize;
                double acc = 0;
                for (int i = j * binSize; i < end; i++) acc += s[i];
                sums[j][k] = acc;
            }
        }
        return sums;
    }

    /** Sample counts matching {@link #binSums}. */
    public static long[] binCounts(int n, int binSize) {
        int bins = Math.max(1, n / binSize);
        long[] c = new long[bins];
        for (int j = 0; j < bins; j++) c[j] = j == bins - 1 ? n - (long) j * binSize : binSize;
        return c;
    }

    /**
     * Jackknife of F over bins of consecutive samples.
     *
     * @param series [K][≥n] (read)
     */
    public static Result of(double[][] series, int n, int binSize, int outputs, Derived f) {
        return fromBins(binSums(series, n, binSize), binCounts(n, binSize), outputs, f);
    }

    /**
     * Jackknife from precomputed bin sums.
     *
     * @param sums   [bins][K] sums of each primary over the samples of a bin (read)
     * @param counts samples per bin (read)
     */
    public static Result fromBins(double[][] sums, long[] counts, int outputs, Derived f) {
        int bins = sums.length;
        int k = sums[0].length;
        double[] total = new double[k];
        long n = 0;
        for (int j = 0; j < bins; j++) {
            for (int a = 0; a < k; a++) total[a] += sums[j][a];
            n += counts[j];
        }
        double[] means = new double[k];
        for (int a = 0; a < k; a++) means[a] = total[a] / n;
        double[] value = new double[outputs];
        f.evaluate(means, value);
        double[][] replicas = new double[bins][outputs];
        double[] avg = new double[outputs];
        for (int j = 0; j < bins; j++) {
            long rest = n - counts[j];
            for (int a = 0; a < k; a++) means[a] = (total[a] - sums[j][a]) / rest;
            f.evaluate(means, replicas[j]);
            for (int o = 0; o < outputs; o++) avg[o] += replicas[j][o] / bins;
        }
        double[] error = new double[outputs];
        for (int o = 0; o < outputs; o++) {
            if (bins < 2) { error[o] = Double.NaN; continue; }
            double ss = 0;
            for (int j = 0; j < bins; j++) {
                double d = replicas[j][o] - avg[o];
                ss += d * d;
            }
            error[o] = Math.sqrt(ss * (bins - 1) / bins);
        }
        return new Result(value, error, replicas);
    }

    /** Jackknife σ of a derived scalar given its replicas (one per bin). */
    public static double error(double[] replicas) {
        int bins = replicas.length;
        if (bins < 2) return Double.NaN;
        double avg = 0;
        for (double r : replicas) avg += r / bins;
        double ss = 0;
        for (double r : replicas) ss += (r - avg) * (r - avg);
        return Math.sqrt(ss * (bins - 1) / bins);
    }
}
