package io.github.gomaflow.flow;

import io.github.gomaflow.lattice.Lattice;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The real orthonormal basis that diagonalises the periodic lattice Laplacian, and the momentum orbits of
 * the lattice's point symmetries (docs/ARCHITECTURE.md, "Fourier base layer").
 *
 * <p>Transform: the separable discrete Hartley transform U = H_{L₀} ⊗ … ⊗ H_{L_{d−1}},
 * <pre>(H_L)_{kx} = cas(2πkx/L)/√L,   cas θ = cos θ + sin θ,</pre>
 * a symmetric orthogonal matrix with H² = 1, so U = Uᵀ = U⁻¹. Each basis vector u_k(x) = Π_μ (H_{L_μ})_{k_μ x_μ}
 * is a combination of the plane waves e^{±ip_μx_μ}, p_μ = 2πk_μ/L_μ, which share the eigenvalue
 * p̂²_k = Σ_μ 4 sin²(p_μ/2) of −Δ (Δφ(x) = Σ_μ [φ(x+μ̂) + φ(x−μ̂) − 2φ(x)]); hence −Δ u_k = p̂²_k u_k for any
 * extents, even or odd. Mode k is stored at the site index of the coordinates (k₀…k_{d−1}).
 *
 * <p>Orbits: momenta related by the reflections k_μ → −k_μ (mod L_μ) of single axes and by the
 * permutations of axes of equal extent. Mode k's orbit is keyed by the folded momenta q_μ = min(k_μ, L_μ − k_μ),
 * sorted within each group of axes of equal extent; orbits are numbered in order of first appearance over
 * the modes in site order (mode 0, the zero momentum, is orbit 0). Every mode of an orbit has the same p̂².
 */
public final class FourierBasis {
    private final Lattice lattice;
    private final int volume;
    private final int maxExtent;
    /** Per axis μ: (H_{L_μ})_{kx} at [k·L_μ + x]. */
    private final double[][] hartley;
    private final float[][] hartleyFloat;
    /** Per axis μ: the sites with x_μ = 0 (the starts of the lines along μ). */
    private final int[][] lineStarts;
    private final double[] momentumSquared;
    private final int[] orbit;
    private final int orbitCount;
    private final int[] orbitSize;

    /** The basis of a lattice with any extents (even or odd). */
    public FourierBasis(Lattice lattice) {
        this.lattice = lattice;
        this.volume = lattice.volume();
        int d = lattice.dimension();
        hartley = new double[d][];
        hartleyFloat = new float[d][];
        lineStarts = new int[d][];
        int max = 0;
        for (int mu = 0; mu < d; mu++) {
            int l = lattice.extent(mu);
            max = Math.max(max, l);
            hartley[mu] = hartleyMatrix(l);
            hartleyFloat[mu] = new float[l * l];
            for (int i = 0; i < l * l; i++) hartleyFloat[mu][i] = (float) hartley[mu][i];
            lineStarts[mu] = new int[volume / l];
            int n = 0;
            int[] x = new int[d];
            for (int site = 0; site < volume; site++) {
                lattice.coordinates(site, x);
                if (x[mu] == 0) lineStarts[mu][n++] = site;
            }
        }
        maxExtent = max;
        momentumSquared = new double[volume];
        orbit = new int[volume];
        Map<String, Integer> ids = new HashMap<>();
        int[] k = new int[d];
        for (int site = 0; site < volume; site++) {
            lattice.coordinates(site, k);
            double p2 = 0;
            for (int mu = 0; mu < d; mu++) {
                double s = Math.sin(Math.PI * k[mu] / lattice.extent(mu));
                p2 += 4 * s * s;
            }
            momentumSquared[site] = p2;
            orbit[site] = ids.computeIfAbsent(orbitKey(lattice, k), key -> ids.size());
        }
        orbitCount = ids.size();
        orbitSize = new int[orbitCount];
        for (int o : orbit) orbitSize[o]++;
    }

    /** (H_L)_{kx} = cas(2πkx/L)/√L at [k·L + x]; the phase is reduced mod L first so that it stays exact. */
    static double[] hartleyMatrix(int l) {
        double[] h = new double[l * l];
        double norm = 1 / Math.sqrt(l);
        for (int k = 0; k < l; k++) {
            for (int x = 0; x < l; x++) {
                double theta = 2 * Math.PI * ((long) k * x % l) / l;
                h[k * l + x] = (Math.cos(theta) + Math.sin(theta)) * norm;
            }
        }
        return h;
    }

    /** Folded momenta min(k_μ, L_μ − k_μ), sorted within each group of axes of equal extent. */
    private static String orbitKey(Lattice lattice, int[] k) {
        int d = lattice.dimension();
        int[] q = new int[d];
        for (int mu = 0; mu < d; mu++) q[mu] = Math.min(k[mu], lattice.extent(mu) - k[mu]);
        boolean[] done = new boolean[d];
        for (int i = 0; i < d; i++) {
            if (done[i]) continue;
            int[] axes = new int[d];
            int n = 0;
            for (int j = i; j < d; j++) {
                if (lattice.extent(j) == lattice.extent(i)) {
                    axes[n++] = j;
                    done[j] = true;
                }
            }
            int[] values = new int[n];
            for (int m = 0; m < n; m++) values[m] = q[axes[m]];
            Arrays.sort(values);
            for (int m = 0; m < n; m++) q[axes[m]] = values[m];
        }
        StringBuilder b = new StringBuilder();
        for (int mu = 0; mu < d; mu++) b.append(q[mu]).append(',');
        return b.toString();
    }

    /**
     * The number of momentum orbits without building the basis: per group of n axes of equal extent L, the
     * multisets of n folded momenta from {0…⌊L/2⌋}, C(⌊L/2⌋ + n, n); the product over the groups.
     */
    public static long orbitCount(java.util.List<Integer> extents) {
        Map<Integer, Integer> axes = new HashMap<>();
        for (int l : extents) axes.merge(l, 1, Integer::sum);
        long count = 1;
        for (Map.Entry<Integer, Integer> e : axes.entrySet()) {
            int values = e.getKey() / 2 + 1;
            int n = e.getValue();
            long c = 1;
            for (int i = 1; i <= n; i++) c = c * (values - 1 + i) / i;
            count *= c;
        }
        return count;
    }

    public Lattice lattice() { return lattice; }

    /** Number of momentum orbits (the Fourier layer's parameters). */
    public int orbitCount() { return orbitCount; }

    /** The orbit of mode k (k = the site index of (k₀…k_{d−1})). */
    public int orbit(int mode) { return orbit[mode]; }

    /** Number of modes in orbit o. */
    public int orbitSize(int o) { return orbitSize[o]; }

    /** p̂²_k = Σ_μ 4 sin²(πk_μ/L_μ), the eigenvalue of −Δ for mode k. */
    public double momentumSquared(int mode) { return momentumSquared[mode]; }

    /** Longest extent (a line buffer holds maxExtent·S floats). */
    public int maxExtent() { return maxExtent; }

    /**
     * a ← U a for every lane of a plane {@code a[site·S + b]}, b &lt; S, axis by axis (allocation-free).
     *
     * @param a      [V·S] (overwritten)
     * @param stride S
     * @param line   [≥ maxExtent·S] scratch
     */
    public void transform(float[] a, int stride, float[] line) {
        for (int mu = 0; mu < hartleyFloat.length; mu++) {
            int l = lattice.extent(mu);
            int step = lattice.stride(mu) * stride;
            float[] h = hartleyFloat[mu];
            for (int start : lineStarts[mu]) {
                int base = start * stride;
                for (int x = 0; x < l; x++) System.arraycopy(a, base + x * step, line, x * stride, stride);
                for (int k = 0; k < l; k++) axisRow(h, k * l, l, line, a, base + k * step, stride);
            }
        }
    }

    /** out[o + b] = Σ_x h[row + x]·line[x·S + b] (in order of x: the same bits at every JIT tier). */
    private static void axisRow(float[] h, int row, int l, float[] line, float[] out, int o, int stride) {
        float h0 = h[row];
        for (int b = 0; b < stride; b++) out[o + b] = h0 * line[b];
        for (int x = 1; x < l; x++) {
            float hx = h[row + x];
            int lx = x * stride;
            for (int b = 0; b < stride; b++) out[o + b] += hx * line[lx + b];
        }
    }

    /** As {@link #transform(float[], int, float[])} in double precision (tests, references). */
    public void transform(double[] a, int stride, double[] line) {
        for (int mu = 0; mu < hartley.length; mu++) {
            int l = lattice.extent(mu);
            int step = lattice.stride(mu) * stride;
            double[] h = hartley[mu];
            for (int start : lineStarts[mu]) {
                int base = start * stride;
                for (int x = 0; x < l; x++) System.arraycopy(a, base + x * step, line, x * stride, stride);
                for (int k = 0; k < l; k++) {
                    int o = base + k * step;
                    for (int b = 0; b < stride; b++) {
                        double sum = 0;
                        for (int x = 0; x < l; x++) sum += h[k * l + x] * line[x * stride + b];
                        a[o + b] = sum;
                    }
                }
            }
        }
    }

    /**
     * The free-field widths per orbit, log σ_o = −½ log(2(m² + p̂²_o)), with which φ = U·diag(σ)·Uᵀ·z,
     * z ~ N(0, 1), is distributed exactly as e^{−S} at λ = 0 (S = Σ_k (m² + p̂²_k)|φ̃_k|²); all zero (σ = 1)
     * unless m² + p̂² &gt; 0 for every mode, i.e. unless m² &gt; 0.
     *
     * @return [orbitCount]
     */
    public double[] freeFieldLogWidths(double mSquared) {
        double[] logSigma = new double[orbitCount];
        if (!(mSquared > 0)) return logSigma;
        for (int k = 0; k < volume; k++) logSigma[orbit[k]] = -0.5 * Math.log(2 * (mSquared + momentumSquared[k]));
        return logSigma;
    }
}
