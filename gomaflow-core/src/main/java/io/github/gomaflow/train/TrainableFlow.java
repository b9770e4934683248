package io.github.gomaflow.train;

import io.github.gomaflow.action.Target;

/**
 * What training and evaluation need from a flow: its live parameters, the forward map with
 * log-det, and the reverse-KL gradient. {@link EngineFlow} adapts the fast float engine; tests
 * may supply small analytic flows. Batches use the layout {@code x[site * B + b]}.
 */
public interface TrainableFlow extends AutoCloseable {
    /** The live flat parameter array [P]; optimisers update it in place. */
    float[] parameters();

    /**
     * φ = f(z) with {@code logDet[b] = log|det ∂φ/∂z|}.
     *
     * @param z      [V·B] (read)
     * @param phi    [V·B] (written)
     * @param logDet [≥B] (written)
     */
    void forward(float[] z, int batch, float[] phi, double[] logDet);

    /**
     * Gradient of L = (1/B) Σ_b [ −logDet_b + S(φ_b) ] with respect to the parameters.
     *
     * @param z      [V·B] (read)
     * @param phi    [V·B] f(z) (written)
     * @param logDet [≥B] (written)
     * @param s      [≥B] S(φ_b) (written)
     * @param grad   [P] ∂L/∂θ (overwritten)
     */
    void lossGradient(float[] z, int batch, Target action, float[] phi, double[] logDet, double[] s, float[] grad);

    /**
     * Path gradient of the same loss (docs/ARCHITECTURE.md, "Path gradients"):
     * (1/B) Σ_b ∇_φ[log q(φ_b) + S(φ_b)]·∂f(z_b)/∂θ, other outputs as {@link #lossGradient}.
     *
     * @param base the prior r as a target (S_r = −log r)
     * @throws UnsupportedOperationException if the flow has none (the default)
     */
    default void pathGradient(float[] z, int batch, Target base, Target action, float[] phi, double[] logDet,
                              double[] s, float[] grad) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no path gradient");
    }

    /**
     * The live batch-norm running statistics (empty without batch norm, the default); restoring a
     * checkpoint copies into this array. See {@link io.github.gomaflow.flow.FlowModel#runningStatistics()}.
     */
    default float[] runningStatistics() { return new float[0]; }

    /**
     * Moves the running statistics with the batch statistics of f(z) (one training-mode forward,
     * as PyTorch's and Flux's training passes do). Called only when {@link #runningStatistics()}
     * is non-empty; the default does nothing.
     */
    default void updateRunningStatistics(float[] z, int batch) {}

    /**
     * Batch norm mode: true = batch statistics (training), false = running statistics
     * (evaluation, sampling). The default (no batch norm) does nothing.
     */
    default void setBatchNormTraining(boolean training) {}

    /** The kernel implementation in use (e.g. "vector" or "scalar"), for provenance. */
    String kernels();

    /** Where parameter {@code index} lives, e.g. "layer 3, conv 1, weight". */
    String describeParameter(int index);

    @Override void close();
}
