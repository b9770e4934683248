package io.github.gomaflow.flow;

import io.github.gomaflow.action.ScalarPhi4Action;

/**
 * Runs a {@link FlowModel} over whole batches on a fixed pool of worker threads. Batches use the
 * layout {@code x[site * B + b]}. The batch is split into chunks whose size depends only on B
 * (never on the thread count); each chunk has its own buffers and gradient accumulator, and chunk
 * gradients are summed in chunk order, so results are bit-identical for any number of threads.
 */
public final class FlowEngine implements AutoCloseable {
    /**
     * @param model    the flow (its parameter array is read at every call)
     * @param maxBatch largest B that will be passed
     * @param threads  worker threads ≥ 1
     */
    public FlowEngine(FlowModel model, int maxBatch, int threads) { throw new UnsupportedOperationException(); }

    /** φ = f(z); {@code logDet[b] = log|det ∂φ/∂z|} for configuration b. */
    public void forward(float[] z, int batch, float[] phi, double[] logDet) { throw new UnsupportedOperationException(); }

    /** z = f⁻¹(φ); {@code logDet[b] = log|det ∂φ/∂z|} at that z (the forward map's log-det). */
    public void inverse(float[] phi, int batch, float[] z, double[] logDet) { throw new UnsupportedOperationException(); }

    /**
     * Reverse-KL gradient. For L = (1/B) Σ_b [ −logDet_b + S(φ_b) ] (log r(z) does not depend on θ),
     * writes ∂L/∂θ into {@code grad} (overwritten, parameter layout of {@link FlowModel}), and
     * returns per configuration the forward {@code logDet} and the action {@code s}; {@code phi}
     * receives f(z).
     */
    public void lossGradient(float[] z, int batch, ScalarPhi4Action action, float[] phi, double[] logDet, double[] s,
                             float[] grad) { throw new UnsupportedOperationException(); }

    /** Name of the kernel implementation in use: "vector" or "scalar". */
    public String kernels() { throw new UnsupportedOperationException(); }

    @Override public void close() {}
}
