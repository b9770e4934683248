package io.github.gomaflow.action;

import io.github.gomaflow.lattice.Lattice;

/**
 * Lattice φ⁴ action in the "Albergo" convention (no ½ factors):
 * <pre>S(φ) = Σ_x [ (m² + 2d) φ(x)² + λ φ(x)⁴ − 2 Σ_μ φ(x) φ(x+μ̂) ]</pre>
 * and its gradient
 * <pre>∂S/∂φ(x) = 2(m² + 2d) φ(x) + 4λ φ(x)³ − 2 Σ_μ [φ(x+μ̂) + φ(x−μ̂)].</pre>
 *
 * <p>Batches use the layout {@code phi[site * B + b]} (docs/ARCHITECTURE.md, "Data layout"). Methods do not allocate: the
 * float path is called in every training step. Sums over sites are accumulated in double, also
 * for float fields, so S is exact to double round-off of the given float values.
 * Thread-safe (immutable). The engine sees it as a {@link Target}.
 *
 * <p>For λ = 0 the action is Gaussian; {@link FreeField} gives its exact propagator and sampler.
 */
public final class ScalarPhi4Action implements Target {
    private final Lattice lattice;
    private final double mSquared;
    private final double lambda;

    /**
     * @throws IllegalArgumentException if λ &lt; 0, or λ = 0 with m² ≤ 0 (unbounded action), or non-finite
     */
    public ScalarPhi4Action(Lattice lattice, double mSquared, double lambda) {
        java.util.Objects.requireNonNull(lattice, "lattice");
        if (!Double.isFinite(mSquared) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("m² and λ must be finite, got m²=" + mSquared + ", λ=" + lambda);
        }
        if (lambda < 0) throw new IllegalArgumentException("λ must be >= 0, got " + lambda);
        if (lambda == 0 && mSquared <= 0) {
            throw new IllegalArgumentException("λ = 0 needs m² > 0 (the action is unbounded below), got m²=" + mSquared);
        }
        this.lattice = lattice;
        this.mSquared = mSquared;
        this.lambda = lambda;
    }

    public Lattice lattice() { return lattice; }
    public double mSquared() { return mSquared; }
    public double lambda() { return lambda; }

    /**
     * S for each of B configurations.
     *
     * @param phi  [≥V·B] layout site*B+b (read)
     * @param batch B
     * @param out  [≥B] S per configuration (written)
     */
    public void action(float[] phi, int batch, double[] out) {
        checkShapes(phi.length, batch, out.length, batch);
        int d = lattice.dimension();
        double mass = mSquared + 2.0 * d;
        java.util.Arrays.fill(out, 0, batch, 0.0);
        int v = lattice.volume();
        for (int site = 0; site < v; site++) {
            int o = site * batch;
            for (int mu = 0; mu < d; mu++) {
                int f = lattice.forward(mu, site) * batch;
                for (int b = 0; b < batch; b++) {
                    out[b] -= 2.0 * phi[o + b] * phi[f + b];
                }
            }
            for (int b = 0; b < batch; b++) {
                double p = phi[o + b];
                double p2 = p * p;
                out[b] += mass * p2 + lambda * p2 * p2;
            }
        }
    }

    /** Double-precision version of {@link #action(float[], int, double[])}. */
    public void action(double[] phi, int batch, double[] out) {
        checkShapes(phi.length, batch, out.length, batch);
        int d = lattice.dimension();
        double mass = mSquared + 2.0 * d;
        java.util.Arrays.fill(out, 0, batch, 0.0);
        int v = lattice.volume();
        for (int site = 0; site < v; site++) {
            int o = site * batch;
            for (int mu = 0; mu < d; mu++) {
                int f = lattice.forward(mu, site) * batch;
                for (int b = 0; b < batch; b++) {
                    out[b] -= 2.0 * phi[o + b] * phi[f + b];
                }
            }
            for (int b = 0; b < batch; b++) {
                double p = phi[o + b];
                double p2 = p * p;
                out[b] += mass * p2 + lambda * p2 * p2;
            }
        }
    }

    /**
     * ∂S/∂φ for each configuration, optionally scaled.
     *
     * @param phi   [≥V·B] layout site*B+b (read)
     * @param batch B
     * @param scale factor applied to the gradient (e.g. 1/B for a batch-mean loss)
     * @param grad  [≥V·B] same layout; the first V·B entries are overwritten (must not alias phi)
     */
    public void gradient(float[] phi, int batch, float scale, float[] grad) {
        checkShapes(phi.length, batch, grad.length, phi.length);
        int d = lattice.dimension();
        float twoMass = (float) (2.0 * (mSquared + 2.0 * d)) * scale;
        float fourLambda = (float) (4.0 * lambda) * scale;
        float two = 2f * scale;
        int v = lattice.volume();
        for (int site = 0; site < v; site++) {
            int o = site * batch;
            for (int b = 0; b < batch; b++) {
                float p = phi[o + b];
                grad[o + b] = twoMass * p + fourLambda * p * p * p;
            }
            for (int mu = 0; mu < d; mu++) {
                int f = lattice.forward(mu, site) * batch;
                int bk = lattice.backward(mu, site) * batch;
                for (int b = 0; b < batch; b++) {
                    grad[o + b] -= two * (phi[f + b] + phi[bk + b]);
                }
            }
        }
    }

    /** Double-precision version of {@link #gradient(float[], int, float, float[])}. */
    public void gradient(double[] phi, int batch, double scale, double[] grad) {
        checkShapes(phi.length, batch, grad.length, phi.length);
        int d = lattice.dimension();
        double twoMass = 2.0 * (mSquared + 2.0 * d) * scale;
        double fourLambda = 4.0 * lambda * scale;
        double two = 2.0 * scale;
        int v = lattice.volume();
        for (int site = 0; site < v; site++) {
            int o = site * batch;
            for (int b = 0; b < batch; b++) {
                double p = phi[o + b];
                grad[o + b] = twoMass * p + fourLambda * p * p * p;
            }
            for (int mu = 0; mu < d; mu++) {
                int f = lattice.forward(mu, site) * batch;
                int bk = lattice.backward(mu, site) * batch;
                for (int b = 0; b < batch; b++) {
                    grad[o + b] -= two * (phi[f + b] + phi[bk + b]);
                }
            }
        }
    }

    private void checkShapes(int phiLength, int batch, int outLength, int outNeeded) {
        if (batch < 1 || phiLength < lattice.volume() * batch) {
            throw new IllegalArgumentException("phi has length " + phiLength + ", needs >= V*B = "
                    + lattice.volume() + "*" + batch + " for lattice " + lattice);
        }
        if (outLength < outNeeded) {
            throw new IllegalArgumentException("output array has length " + outLength + ", needs >= " + outNeeded);
        }
    }
}
