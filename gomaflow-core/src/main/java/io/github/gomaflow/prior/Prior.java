package io.github.gomaflow.prior;

import java.util.random.RandomGenerator;

/**
 * A prior r(z) = Π_x r₁(z(x)) of i.i.d. single-site variables, the flow's base distribution.
 * Batches use the layout {@code z[site * B + b]}.
 */
public interface Prior {
    /** log r₁(x) of one site, normalised. */
    double logDensity(double x);

    /**
     * d log r₁/dx at x (inside the support), for the path gradient's ∇_z log r
     * (docs/ARCHITECTURE.md, "Path gradients").
     *
     * @throws UnsupportedOperationException if the prior does not provide it (the default)
     */
    default double logDensityDerivative(double x) {
        throw new UnsupportedOperationException(this + " has no log-density derivative");
    }

    /**
     * Fills {@code z[0 .. n)} with independent draws, in index order, from {@code rng}
     * (so the result depends only on the generator's state).
     */
    void sample(RandomGenerator rng, float[] z, int n);

    /**
     * log r(z_b) = Σ_x log r₁(z(x, b)) for each of B configurations.
     *
     * @param z      [V·B] (read)
     * @param volume V
     * @param batch  B
     * @param out    [≥B] (written)
     */
    default void logDensity(float[] z, int volume, int batch, double[] out) {
        java.util.Arrays.fill(out, 0, batch, 0.0);
        for (int site = 0; site < volume; site++) {
            int o = site * batch;
            for (int b = 0; b < batch; b++) out[b] += logDensity(z[o + b]);
        }
    }
}
