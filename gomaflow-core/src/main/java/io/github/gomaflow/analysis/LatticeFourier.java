package io.github.gomaflow.analysis;

import io.github.gomaflow.lattice.Lattice;

/**
 * Separable discrete Fourier transform on a periodic lattice, O(V·Σ_μ L_μ):
 * <pre>φ̃(p) = Σ_x φ(x) e^{−i p·x},   p_μ = 2π k_μ / L_μ,</pre>
 * with momenta indexed like sites (k in place of x). Used for the full-lattice two-point function
 * <pre>(1/V) Σ_y φ(y) φ(y+x) = (1/V²) Σ_p |φ̃(p)|² cos(p·x).</pre>
 * Not thread-safe (owns scratch buffers); methods do not allocate.
 */
public final class LatticeFourier {
    private final Lattice lattice;
    private final int volume;
    private final int[][] lineStarts;   // [μ] sites with x_μ = 0
    private final double[][] cos;       // [μ][j·L + k] cos(2π jk/L)
    private final double[][] sin;
    private final double[] re;
    private final double[] im;
    private final double[] lineRe;
    private final double[] lineIm;

    public LatticeFourier(Lattice lattice) {
        this.lattice = lattice;
        this.volume = lattice.volume();
        int d = lattice.dimension();
        lineStarts = new int[d][];
        cos = new double[d][];
        sin = new double[d][];
        int[] x = new int[d];
        int maxL = 0;
        for (int mu = 0; mu < d; mu++) {
            int l = lattice.extent(mu);
            maxL = Math.max(maxL, l);
            lineStarts[mu] = new int[volume / l];
            int c = 0;
            for (int site = 0; site < volume; site++) {
                lattice.coordinates(site, x);
                if (x[mu] == 0) lineStarts[mu][c++] = site;
            }
            cos[mu] = new double[l * l];
            sin[mu] = new double[l * l];
            for (int j = 0; j < l; j++) {
                for (int k = 0; k < l; k++) {
                    double a = 2 * Math.PI * ((long) j * k % l) / l;
                    cos[mu][j * l + k] = Math.cos(a);
                    sin[mu][j * l + k] = Math.sin(a);
                }
            }
        }
        re = new double[volume];
        im = new double[volume];
        lineRe = new double[maxL];
        lineIm = new double[maxL];
    }

    /**
     * Adds |φ̃(p)|² of one configuration to {@code acc}.
     *
     * @param cfgs   layout {@code cfgs[c·V + site]} (read)
     * @param offset c·V
     * @param acc    [V] indexed by momentum (k like a site) (added to)
     */
    public void addPowerSpectrum(float[] cfgs, int offset, double[] acc) {
        for (int s = 0; s < volume; s++) { re[s] = cfgs[offset + s]; im[s] = 0; }
        transform();
        for (int s = 0; s < volume; s++) acc[s] += re[s] * re[s] + im[s] * im[s];
    }

    /**
     * out(x) = Σ_p in(p) cos(p·x) for a real, even spectrum in(p) = in(−p) (then this is the exact
     * inverse transform up to 1/V).
     *
     * @param in  [V] by momentum (read)
     * @param out [V] by site (written; may not alias in)
     */
    public void cosineTransform(double[] in, double[] out) {
        System.arraycopy(in, 0, re, 0, volume);
        java.util.Arrays.fill(im, 0.0);
        transform();
        System.arraycopy(re, 0, out, 0, volume);
    }

    private void transform() {
        for (int mu = 0; mu < lattice.dimension(); mu++) {
            int l = lattice.extent(mu);
            int stride = lattice.stride(mu);
            double[] c = cos[mu], s = sin[mu];
            for (int start : lineStarts[mu]) {
                for (int j = 0; j < l; j++) { lineRe[j] = re[start + j * stride]; lineIm[j] = im[start + j * stride]; }
                for (int k = 0; k < l; k++) {
                    double sr = 0, si = 0;
                    for (int j = 0; j < l; j++) {
                        double cr = c[j * l + k], ci = s[j * l + k];
                        // (a + ib)(cos − i sin)
                        sr += lineRe[j] * cr + lineIm[j] * ci;
                        si += lineIm[j] * cr - lineRe[j] * ci;
                    }
                    re[start + k * stride] = sr;
                    im[start + k * stride] = si;
                }
            }
        }
    }
}
