package io.github.gomaflow.analysis;

/**
 * The free energy from i.i.d. flow proposals (not from the Markov chain, whose states are correlated
 * and distributed as p, not q):
 * <pre>
 *   Z ≈ (1/N) Σ_i exp(w_i),   w_i = log p̃(φ_i) − log q(φ_i) = −S(φ_i) − log q(φ_i),   φ_i ~ q,
 *   log Z = logsumexp(w) − log N,   F = −log Z,
 * </pre>
 * with p̃ = e^{−S} unnormalised and q normalised, so that log Z is absolute. The weights are heavy-tailed,
 * so the error is a jackknife of the log-sum-exp over {@value #BLOCKS} blocks, and the effective sample
 * size (Σw)²/(N Σw²) says how far to trust it (Nicoli et al., PRL 126 (2021) 032001).
 */
public final class FreeEnergy {
    /** Jackknife blocks (fewer when there are fewer proposals). */
    static final int BLOCKS = 100;

    private FreeEnergy() {}

    /**
     * @param value log Z
     * @param error its jackknife error
     * @param ess   effective sample size per proposal, in (0, 1]
     * @param n     proposals used
     */
    public record Estimate(double value, double error, double ess, long n) {}

    /**
     * @param logQ log q of each proposal (read)
     * @param logP −S of each proposal (read)
     * @return the estimate, or null when there are fewer than 2 finite weights
     */
    public static Estimate estimate(double[] logQ, double[] logP) {
        int n = logQ.length;
        double[] w = new double[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            double x = logP[i] - logQ[i];
            if (Double.isFinite(x)) w[m++] = x;
        }
        if (m < 2) return null;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < m; i++) max = Math.max(max, w[i]);
        int blocks = Math.min(BLOCKS, m);
        double[] blockSum = new double[blocks];
        double sum = 0, sum2 = 0;
        for (int i = 0; i < m; i++) {
            double e = Math.exp(w[i] - max);
            blockSum[(int) ((long) i * blocks / m)] += e;
            sum += e;
            sum2 += e * e;
        }
        double value = max + Math.log(sum / m);
        double[] jack = new double[blocks];
        double mean = 0;
        for (int j = 0; j < blocks; j++) {
            long size = blockEnd(j, blocks, m) - blockEnd(j - 1, blocks, m);
            jack[j] = max + Math.log((sum - blockSum[j]) / (m - size));
            mean += jack[j] / blocks;
        }
        double var = 0;
        for (double x : jack) var += (x - mean) * (x - mean);
        double error = Math.sqrt(var * (blocks - 1) / blocks);
        return new Estimate(value, error, sum * sum / (m * sum2), m);
    }

    private static long blockEnd(int j, int blocks, int m) {
        if (j < 0) return 0;
        // block j holds the i with ⌊i·blocks/m⌋ = j, i.e. i < ⌈(j+1)·m/blocks⌉
        return ((long) (j + 1) * m + blocks - 1) / blocks;
    }

    /**
     * log Z of the action (m² + 2d)φ² − 2Σφφ at λ = 0 exactly: Z = ∫dφ e^{−φᵀAφ} with eigenvalues
     * m² + p̂²_k of A, p̂² = Σ_μ 4 sin²(p_μ/2), so log Z = (V/2) log π − ½ Σ_k log(m² + p̂²_k).
     *
     * @param extents the lattice extents
     * @param mSquared m² &gt; 0
     */
    public static double exactFreeFieldLogZ(int[] extents, double mSquared) {
        if (!(mSquared > 0)) throw new IllegalArgumentException("m² must be > 0, got " + mSquared);
        int d = extents.length;
        long volume = 1;
        for (int e : extents) volume *= e;
        double sumLog = 0;
        int[] k = new int[d];
        for (long site = 0; site < volume; site++) {
            double p2 = 0;
            for (int mu = 0; mu < d; mu++) {
                double s = Math.sin(Math.PI * k[mu] / extents[mu]);
                p2 += 4 * s * s;
            }
            sumLog += Math.log(mSquared + p2);
            for (int mu = d - 1; mu >= 0; mu--) {
                if (++k[mu] < extents[mu]) break;
                k[mu] = 0;
            }
        }
        return 0.5 * volume * Math.log(Math.PI) - 0.5 * sumLog;
    }
}
