package io.github.gomaflow.lattice;

import java.util.Arrays;

/**
 * A periodic hypercubic lattice of dimension d = 1…4 with per-direction extents L₀…L_{d−1}.
 *
 * <p>Sites are numbered row-major with direction 0 slowest: {@code site = Σ_μ x_μ·stride_μ},
 * {@code stride_{d−1} = 1}. Direction 0 is "time" for correlators. Field batches use the layout
 * {@code plane[site * B + b]} (batch index innermost), see docs/ARCHITECTURE.md.
 *
 * <p>Immutable; neighbour tables are computed once.
 */
public final class Lattice {
    /** Largest supported dimension. */
    public static final int MAX_DIMENSION = 4;

    private final int[] extents;
    private final int[] strides;
    private final int volume;
    private final int[][] forward;
    private final int[][] backward;

    /**
     * @param extents L₀…L_{d−1}; each ≥ 2 and 1 ≤ d ≤ 4 (copied)
     * @throws IllegalArgumentException if the dimension or an extent is out of range
     */
    public Lattice(int... extents) {
        if (extents.length < 1 || extents.length > MAX_DIMENSION) {
            throw new IllegalArgumentException("lattice dimension must be 1..4, got " + extents.length);
        }
        this.extents = extents.clone();
        this.strides = new int[extents.length];
        long v = 1;
        for (int mu = extents.length - 1; mu >= 0; mu--) {
            if (extents[mu] < 2) {
                throw new IllegalArgumentException("lattice extent L" + mu + " must be >= 2, got " + extents[mu]);
            }
            strides[mu] = (int) v;
            v *= extents[mu];
            if (v > (1 << 26)) {
                throw new IllegalArgumentException("lattice too large: " + Arrays.toString(extents));
            }
        }
        this.volume = (int) v;
        int d = extents.length;
        forward = new int[d][volume];
        backward = new int[d][volume];
        int[] x = new int[d];
        for (int site = 0; site < volume; site++) {
            coordinates(site, x);
            for (int mu = 0; mu < d; mu++) {
                forward[mu][site] = shiftedSite(site, x, mu, +1);
                backward[mu][site] = shiftedSite(site, x, mu, -1);
            }
        }
    }

    /** A d-dimensional lattice with every extent L. */
    public static Lattice hypercubic(int dimension, int extent) {
        int[] e = new int[dimension];
        Arrays.fill(e, extent);
        return new Lattice(e);
    }

    private int shiftedSite(int site, int[] x, int mu, int step) {
        int xm = Math.floorMod(x[mu] + step, extents[mu]);
        return site + (xm - x[mu]) * strides[mu];
    }

    /** Number of directions d. */
    public int dimension() { return extents.length; }

    /** Number of sites V = Π L_μ. */
    public int volume() { return volume; }

    /** L_μ. */
    public int extent(int mu) { return extents[mu]; }

    /** A copy of (L₀…L_{d−1}). */
    public int[] extents() { return extents.clone(); }

    /** Site-index stride of direction μ. */
    public int stride(int mu) { return strides[mu]; }

    /** Index of x + μ̂ (periodic). */
    public int forward(int mu, int site) { return forward[mu][site]; }

    /** Index of x − μ̂ (periodic). */
    public int backward(int mu, int site) { return backward[mu][site]; }

    /** The table site → site + μ̂; shared, must not be modified. */
    public int[] forwardTable(int mu) { return forward[mu]; }

    /** The table site → site − μ̂; shared, must not be modified. */
    public int[] backwardTable(int mu) { return backward[mu]; }

    /** Writes the coordinates of {@code site} into {@code x} (length d, modified). */
    public void coordinates(int site, int[] x) {
        int rest = site;
        for (int mu = 0; mu < extents.length; mu++) {
            x[mu] = rest / strides[mu];
            rest -= x[mu] * strides[mu];
        }
    }

    /** Site index of coordinates x (taken modulo the extents). */
    public int site(int... x) {
        int s = 0;
        for (int mu = 0; mu < extents.length; mu++) {
            s += Math.floorMod(x[mu], extents[mu]) * strides[mu];
        }
        return s;
    }

    /**
     * A new table site → site + offset (periodic), for convolution taps.
     *
     * @param offset length d, any integers
     */
    public int[] shiftTable(int... offset) {
        if (offset.length != extents.length) {
            throw new IllegalArgumentException("offset has " + offset.length + " components, lattice has d=" + extents.length);
        }
        int[] table = new int[volume];
        int[] x = new int[extents.length];
        int[] y = new int[extents.length];
        for (int site = 0; site < volume; site++) {
            coordinates(site, x);
            for (int mu = 0; mu < y.length; mu++) y[mu] = x[mu] + offset[mu];
            table[site] = site(y);
        }
        return table;
    }

    /** True if every extent is even, which a checkerboard colouring on a periodic lattice needs. */
    public boolean supportsCheckerboard() {
        for (int e : extents) if (e % 2 != 0) return false;
        return true;
    }

    /**
     * Checkerboard parity (Σ_μ x_μ) mod 2 of every site.
     *
     * @throws IllegalArgumentException if some extent is odd (the colouring would not be consistent across the boundary)
     */
    public byte[] checkerboardParity() {
        if (!supportsCheckerboard()) {
            throw new IllegalArgumentException("checkerboard masks need every lattice extent even, got " + Arrays.toString(extents));
        }
        byte[] p = new byte[volume];
        int[] x = new int[extents.length];
        for (int site = 0; site < volume; site++) {
            coordinates(site, x);
            int sum = 0;
            for (int v : x) sum += v;
            p[site] = (byte) (sum & 1);
        }
        return p;
    }

    @Override public boolean equals(Object o) { return o instanceof Lattice l && Arrays.equals(extents, l.extents); }
    @Override public int hashCode() { return Arrays.hashCode(extents); }
    @Override public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < extents.length; i++) { if (i > 0) sb.append('x'); sb.append(extents[i]); }
        return sb.toString();
    }
}
