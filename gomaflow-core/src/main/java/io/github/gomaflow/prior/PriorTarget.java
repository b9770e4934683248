package io.github.gomaflow.prior;

import io.github.gomaflow.action.Target;
import io.github.gomaflow.lattice.Lattice;
import java.util.Objects;

/**
 * A prior as a {@link Target}: the "action" S_r(z) = −log r(z) = −Σ_x log r₁(z(x)), its gradient
 * −d log r₁/dz per site. The flow engine's path gradient takes the base density in this form
 * (docs/ARCHITECTURE.md, "Path gradients"). Stateless: safe from several threads, allocates nothing.
 */
public final class PriorTarget implements Target {
    private final Prior prior;
    private final Lattice lattice;

    /** @throws UnsupportedOperationException if the prior has no {@link Prior#logDensityDerivative} */
    public PriorTarget(Prior prior, Lattice lattice) {
        this.prior = Objects.requireNonNull(prior, "prior");
        this.lattice = Objects.requireNonNull(lattice, "lattice");
        prior.logDensityDerivative(0.0);
    }

    @Override public Lattice lattice() { return lattice; }

    @Override public void action(float[] z, int batch, double[] out) {
        prior.logDensity(z, lattice.volume(), batch, out);
        for (int b = 0; b < batch; b++) out[b] = -out[b];
    }

    @Override public void action(double[] z, int batch, double[] out) {
        java.util.Arrays.fill(out, 0, batch, 0.0);
        for (int site = 0; site < lattice.volume(); site++) {
            int o = site * batch;
            for (int b = 0; b < batch; b++) out[b] -= prior.logDensity(z[o + b]);
        }
    }

    /** grad = −scale · d log r₁/dz at every site and lane. */
    @Override public void gradient(float[] z, int batch, float scale, float[] grad) {
        int n = lattice.volume() * batch;
        for (int i = 0; i < n; i++) grad[i] = (float) (-scale * prior.logDensityDerivative(z[i]));
    }

    @Override public void gradient(double[] z, int batch, double scale, double[] grad) {
        int n = lattice.volume() * batch;
        for (int i = 0; i < n; i++) grad[i] = -scale * prior.logDensityDerivative(z[i]);
    }

    @Override public String toString() { return "PriorTarget(" + prior + ")"; }
}
