package io.github.gomaflow.nn;

import io.github.gomaflow.lattice.Lattice;

/**
 * Neighbour tables of a periodic k^d convolution stencil, in the form the kernels read them:
 * {@code table[site·T + tap] = (site + offset(tap))·S}, premultiplied by the lane stride S. Taps
 * enumerate offsets in {−r…r}^d lexicographically, direction 0 slowest (r = k÷2), as in
 * {@code ParameterLayout}. Immutable.
 */
public final class Stencil {
    private final int taps;
    private final int stride;
    private final int[] forward;
    private final int[] transposed;

    /**
     * @param lattice    the periodic lattice
     * @param kernelSize odd k ≥ 1
     * @param stride     lane stride S ≥ 1
     */
    public Stencil(Lattice lattice, int kernelSize, int stride) {
        int d = lattice.dimension();
        int t = 1;
        for (int mu = 0; mu < d; mu++) t *= kernelSize;
        this.taps = t;
        this.stride = stride;
        int v = lattice.volume();
        this.forward = new int[v * t];
        this.transposed = new int[v * t];
        int r = kernelSize / 2;
        int[] off = new int[d];
        for (int tap = 0; tap < t; tap++) {
            int rest = tap;
            for (int mu = d - 1; mu >= 0; mu--) {
                off[mu] = rest % kernelSize - r;
                rest /= kernelSize;
            }
            int[] shift = lattice.shiftTable(off);
            for (int site = 0; site < v; site++) {
                forward[site * t + tap] = shift[site] * stride;
                // y = site + offset(tap)  ⇔  y − offset(tap) = site
                transposed[shift[site] * t + tap] = site * stride;
            }
        }
    }

    private Stencil(int taps, int stride, int[] forward, int[] transposed) {
        this.taps = taps;
        this.stride = stride;
        this.forward = forward;
        this.transposed = transposed;
    }

    /**
     * The same tables restricted to a subset of taps: entry {@code [site·n + j]} is tap
     * {@code tapList[j]} of this stencil.
     */
    public Stencil restrictTo(int[] tapList) {
        int n = tapList.length;
        int v = forward.length / Math.max(1, taps);
        int[] f = new int[v * n];
        int[] t = new int[v * n];
        for (int site = 0; site < v; site++) {
            for (int j = 0; j < n; j++) {
                f[site * n + j] = forward[site * taps + tapList[j]];
                t[site * n + j] = transposed[site * taps + tapList[j]];
            }
        }
        return new Stencil(n, stride, f, t);
    }

    /**
     * The taps whose offset has |o|₁ = Σ_μ |o_μ| of the given parity. On a lattice with even
     * extents, x + o has the checkerboard parity of x iff |o|₁ is even.
     */
    public static int[] tapsWithOffsetParity(int dimension, int kernelSize, int parity) {
        int t = 1;
        for (int mu = 0; mu < dimension; mu++) t *= kernelSize;
        int[] list = new int[t];
        int n = 0;
        for (int tap = 0; tap < t; tap++) {
            int rest = tap;
            int l1 = 0;
            for (int mu = 0; mu < dimension; mu++) {
                l1 += Math.abs(rest % kernelSize - kernelSize / 2);
                rest /= kernelSize;
            }
            if ((l1 & 1) == parity) list[n++] = tap;
        }
        return java.util.Arrays.copyOf(list, n);
    }

    /** k^d (or the size of the tap subset). */
    public int taps() { return taps; }

    /** The lane stride S the tables are premultiplied by. */
    public int stride() { return stride; }

    /** (site + offset(tap))·S; shared, must not be modified. */
    public int[] forward() { return forward; }

    /** {@code table[site·T + tap] = (site − offset(tap))·S}, for the input gradient; shared, must not be modified. */
    public int[] transposed() { return transposed; }

    /**
     * Sites with the given checkerboard parity, in increasing order.
     *
     * @param parity 0 or 1
     */
    public static int[] sitesWithParity(Lattice lattice, int parity) {
        byte[] p = lattice.checkerboardParity();
        int n = 0;
        for (byte b : p) if (b == parity) n++;
        int[] sites = new int[n];
        n = 0;
        for (int site = 0; site < p.length; site++) if (p[site] == parity) sites[n++] = site;
        return sites;
    }

    /** 0, 1, …, V−1. */
    public static int[] allSites(Lattice lattice) {
        int[] sites = new int[lattice.volume()];
        for (int i = 0; i < sites.length; i++) sites[i] = i;
        return sites;
    }
}
