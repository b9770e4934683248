package io.github.gomaflow.analysis;

import io.github.gomaflow.lattice.Lattice;
import io.github.gomaflow.rng.Streams;
import java.util.random.RandomGenerator;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Exact free-field (λ = 0) samples and propagator for tests: p(φ) ∝ exp(−S) with the Albergo action
 * gives ⟨φ(x)φ(y)⟩ = G(x−y) = (1/V) Σ_p cos(p·(x−y)) / (2(p̂² + m²)), p̂² = Σ_μ 4 sin²(p_μ/2).
 * Samples φ = Lξ with L the Cholesky factor of that covariance (exact, not MCMC).
 */
public final class FreeFieldSamples {
    private FreeFieldSamples() {}

    /** G(x) by site index of x. */
    public static double[] propagator(Lattice l, double m2) {
        int v = l.volume(), d = l.dimension();
        int[] x = new int[d], k = new int[d];
        double[] g = new double[v];
        for (int q = 0; q < v; q++) {
            l.coordinates(q, k);
            double phat2 = 0;
            double[] p = new double[d];
            for (int mu = 0; mu < d; mu++) {
                p[mu] = 2 * Math.PI * k[mu] / l.extent(mu);
                phat2 += 4 * Math.pow(Math.sin(p[mu] / 2), 2);
            }
            double w = 1 / (2 * (phat2 + m2)) / v;
            for (int s = 0; s < v; s++) {
                l.coordinates(s, x);
                double a = 0;
                for (int mu = 0; mu < d; mu++) a += p[mu] * x[mu];
                g[s] += w * Math.cos(a);
            }
        }
        return g;
    }

    /** n samples, layout [c·V + site]. */
    public static float[] samples(Lattice l, double m2, int n, long seed) {
        int v = l.volume(), d = l.dimension();
        double[] g = propagator(l, m2);
        RealMatrix c = new Array2DRowRealMatrix(v, v);
        int[] x = new int[d], y = new int[d];
        for (int s = 0; s < v; s++) {
            l.coordinates(s, x);
            for (int r = 0; r < v; r++) {
                l.coordinates(r, y);
                for (int mu = 0; mu < d; mu++) y[mu] -= x[mu];
                c.setEntry(s, r, g[l.site(y)]);
            }
        }
        double[][] lower = new CholeskyDecomposition(c, 1e-10, 1e-12).getL().getData();
        RandomGenerator rng = Streams.stream(seed, "test-free-field");
        float[] out = new float[n * v];
        double[] xi = new double[v];
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < v; s++) xi[s] = rng.nextGaussian();
            for (int s = 0; s < v; s++) {
                double acc = 0;
                for (int r = 0; r <= s; r++) acc += lower[s][r] * xi[r];
                out[i * v + s] = (float) acc;
            }
        }
        return out;
    }
}
