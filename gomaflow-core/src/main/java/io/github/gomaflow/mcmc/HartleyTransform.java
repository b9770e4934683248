package io.github.gomaflow.mcmc;

import io.github.gomaflow.lattice.Lattice;

/**
 * The separable discrete Hartley transform U = H_{L₀} ⊗ … ⊗ H_{L_{d−1}}, (H_L)_{kx} = cas(2πkx/L)/√L, of one
 * configuration in double precision: the same orthonormal basis as {@link io.github.gomaflow.flow.FourierBasis}
 * (U = Uᵀ = U⁻¹, mode k at the site index of its coordinates), laid out for Fourier-accelerated HMC. Axis by
 * axis the array is viewed as [outer][L_μ][inner] (row-major sites, inner = stride of μ), and every update is an
 * axpy over a contiguous run — over the inner index, or over k for the last axis (H is symmetric) — which the JIT
 * vectorises; the order of the sums over x is fixed, so the bits do not depend on the JIT tier. Allocation-free.
 */
final class HartleyTransform {
    private final int dimension;
    private final int volume;
    private final int[] extent;
    private final int[] inner;
    /** Per axis μ: (H_{L_μ})_{kx} at [k·L_μ + x] (symmetric). */
    private final double[][] hartley;

    HartleyTransform(Lattice lattice) {
        dimension = lattice.dimension();
        volume = lattice.volume();
        extent = lattice.extents();
        inner = new int[dimension];
        hartley = new double[dimension][];
        for (int mu = 0; mu < dimension; mu++) {
            inner[mu] = lattice.stride(mu);
            int l = extent[mu];
            double norm = 1 / Math.sqrt(l);
            double[] h = new double[l * l];
            for (int k = 0; k < l; k++) {
                for (int x = 0; x < l; x++) {
                    double theta = 2 * Math.PI * ((long) k * x % l) / l;   // reduced mod L: exact phases
                    h[k * l + x] = (Math.cos(theta) + Math.sin(theta)) * norm;
                }
            }
            hartley[mu] = h;
        }
    }

    /**
     * a ← U a.
     *
     * @param a       [V] (overwritten)
     * @param scratch [V] (overwritten)
     */
    void transform(double[] a, double[] scratch) {
        double[] src = a;
        double[] dst = scratch;
        for (int mu = 0; mu < dimension; mu++) {
            axis(mu, src, dst);
            double[] t = src;
            src = dst;
            dst = t;
        }
        if (src != a) System.arraycopy(src, 0, a, 0, volume);
    }

    /** dst[o][k][i] = Σ_x H[k][x] src[o][x][i]. */
    private void axis(int mu, double[] src, double[] dst) {
        int l = extent[mu];
        int in = inner[mu];
        double[] h = hartley[mu];
        int block = l * in;
        if (in == 1) {
            // dst[o][k] = Σ_x src[o][x] H[x][k]: axpy over k
            for (int base = 0; base < volume; base += l) {
                for (int k = 0; k < l; k++) dst[base + k] = 0;
                for (int x = 0; x < l; x++) {
                    double s = src[base + x];
                    int row = x * l;
                    for (int k = 0; k < l; k++) dst[base + k] += s * h[row + k];
                }
            }
            return;
        }
        for (int base = 0; base < volume; base += block) {
            for (int k = 0; k < l; k++) {
                int out = base + k * in;
                for (int i = 0; i < in; i++) dst[out + i] = 0;
                for (int x = 0; x < l; x++) {
                    double hx = h[k * l + x];
                    int from = base + x * in;
                    for (int i = 0; i < in; i++) dst[out + i] += hx * src[from + i];
                }
            }
        }
    }
}
