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
    private final int[][] halfLineStarts; // [μ] sites with x_μ = 0 and x_{d−1} ≤ L_{d−1}/2
    private final int[] negated;        // site of −k
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
        halfLineStarts = new int[d][];
        negated = new int[volume];
        int last = d - 1;
        int half = lattice.extent(last) / 2;
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
            halfLineStarts[mu] = java.util.Arrays.stream(lineStarts[mu])
                    .filter(site -> site % lattice.extent(last) <= half).toArray();
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
        int[] y = new int[d];
        for (int site = 0; site < volume; site++) {
            lattice.coordinates(site, x);
            for (int mu = 0; mu < d; mu++) y[mu] = -x[mu];
            negated[site] = lattice.site(y);
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
        // Real input: transform the last (contiguous) axis for k_{d−1} ≤ L/2 only, the other axes on
        // those lines only, and fill the rest from |φ̃(−k)|² = |φ̃(k)|².
        int last = lattice.dimension() - 1;
        int l = lattice.extent(last);
        int half = l / 2;
        double[] c = cos[last], sn = sin[last];
        for (int start = 0; start < volume; start += l) {
            for (int k = 0; k <= half; k++) {
                double sr = 0, si = 0;
                for (int j = 0; j < l; j++) {
                    double p = cfgs[offset + start + j];
                    sr += p * c[j * l + k];
                    si -= p * sn[j * l + k];
                }
                re[start + k] = sr;
                im[start + k] = si;
            }
        }
        for (int mu = 0; mu < last; mu++) transformAxis(mu, halfLineStarts[mu]);
        for (int s = 0; s < volume; s++) {
            if (s % l <= half) acc[s] += re[s] * re[s] + im[s] * im[s];
        }
        for (int s = 0; s < volume; s++) {
            if (s % l > half) {
                int m = negated[s];
                acc[s] += re[m] * re[m] + im[m] * im[m];
            }
        }
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
        for (int mu = 0; mu < lattice.dimension(); mu++) transformAxis(mu, lineStarts[mu]);
    }

    private void transformAxis(int mu, int[] starts) {
        int l = lattice.extent(mu);
        int stride = lattice.stride(mu);
        double[] c = cos[mu], s = sin[mu];
        for (int start : starts) {
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
