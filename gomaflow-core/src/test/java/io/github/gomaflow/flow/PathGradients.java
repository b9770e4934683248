package io.github.gomaflow.flow;

import io.github.gomaflow.action.Target;
import io.github.gomaflow.lattice.Lattice;
import io.github.gomaflow.nn.kernel.FlowKernels;

/**
 * Test utilities for path gradients (docs/ARCHITECTURE.md, "Path gradients"), usable with any
 * {@link FlowModel}, base density and {@link Target}: per-sample path and standard gradients, and a
 * target whose log-density is a given flow's log q.
 */
public final class PathGradients {
    private PathGradients() {}

    /**
     * Per-sample gradients: row b is the gradient of the one-sample loss −logDet(z_b) + S(f(z_b)).
     *
     * @param path     [B][P] path gradients ∇_φ[log q + S]·∂f(z_b)/∂θ
     * @param standard [B][P] the standard (reparameterisation + score) gradients
     */
    public record PerSample(float[][] path, float[][] standard) {}

    /**
     * Runs the engine at batch 1 for each of the B configurations of {@code z}, so each gradient is
     * one sample's.
     *
     * @param z [V·B] prior samples, layout site·B+b (read)
     */
    public static PerSample perSample(FlowModel model, Target base, Target target, float[] z, int batch,
                                      FlowKernels kernels) {
        int v = model.lattice().volume();
        int p = model.parameterCount();
        float[][] path = new float[batch][p];
        float[][] standard = new float[batch][p];
        float[] zb = new float[v];
        float[] phi = new float[v];
        double[] logDet = new double[1];
        double[] s = new double[1];
        try (FlowEngine engine = new FlowEngine(model, 1, 1, kernels)) {
            for (int b = 0; b < batch; b++) {
                for (int site = 0; site < v; site++) zb[site] = z[site * batch + b];
                engine.pathGradient(zb, 1, base, target, phi, logDet, s, path[b]);
                engine.lossGradient(zb, 1, target, phi, logDet, s, standard[b]);
            }
        }
        return new PerSample(path, standard);
    }

    /**
     * The target p = q_θ0 of a flow with frozen parameters: S(φ) = −log q_θ0(φ), ∂S/∂φ = −∇_φ log q_θ0
     * (by {@link FlowEngine#logDensityGradient}). Thread-safe by locking (one engine call at a time);
     * allocates nothing per call. Close it to stop its engine.
     */
    public static final class FlowDensityTarget implements Target, AutoCloseable {
        private final Lattice lattice;
        private final Target base;
        private final FlowEngine engine;
        private final int maxBatch;
        private final float[] gradLogQ;
        private final double[] logQ;

        /**
         * @param frozen   the flow q_θ0 (copied: later changes of its parameters do not matter)
         * @param base     its prior as a target
         * @param maxBatch the largest batch (lane stride) the target will be called with
         */
        public FlowDensityTarget(FlowModel frozen, Target base, int maxBatch, FlowKernels kernels) {
            this.lattice = frozen.lattice();
            this.base = base;
            this.maxBatch = maxBatch;
            this.engine = new FlowEngine(frozen.copy(), maxBatch, 1, kernels);
            this.gradLogQ = new float[lattice.volume() * maxBatch];
            this.logQ = new double[maxBatch];
        }

        @Override public Lattice lattice() { return lattice; }

        @Override public synchronized void action(float[] phi, int batch, double[] out) {
            engine.logDensityGradient(phi, batch, base, gradLogQ, logQ);
            for (int b = 0; b < batch; b++) out[b] = -logQ[b];
        }

        @Override public void action(double[] phi, int batch, double[] out) {
            throw new UnsupportedOperationException("the flow density is float only");
        }

        @Override public synchronized void gradient(float[] phi, int batch, float scale, float[] grad) {
            if (batch > maxBatch) throw new IllegalArgumentException("batch " + batch + " > " + maxBatch);
            engine.logDensityGradient(phi, batch, base, gradLogQ, logQ);
            for (int i = 0; i < lattice.volume() * batch; i++) grad[i] = -scale * gradLogQ[i];
        }

        @Override public void gradient(double[] phi, int batch, double scale, double[] grad) {
            throw new UnsupportedOperationException("the flow density is float only");
        }

        @Override public void close() { engine.close(); }
    }
}
