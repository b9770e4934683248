package io.github.gomaflow.flow;

/**
 * One bijection of a flow, φ_out = f_l(φ_in), applied to a chunk of configurations in place
 * (docs/ARCHITECTURE.md, "Layers"). The engine runs layers 0…n−1 for f, n−1…0 for f⁻¹ and for the
 * reverse pass. A layer owns its parameters' location in the flat parameter array and a
 * per-worker {@link Workspace} (its saved activations); everything a call needs is passed as an
 * argument, nothing is parked in fields between calls.
 *
 * <p>Contract: no allocation in {@link #forward}, {@link #inverse}, {@link #backward}; every
 * workspace buffer is written before it is read, so a chunk's result does not depend on the
 * worker that ran it; padding lanes (b ≥ n of a chunk) hold zeros in and out and contribute
 * nothing to gradients.
 */
public interface FlowLayer {
    /** A worker's buffers for one layer; created once, reused by every call. */
    interface Workspace {}

    /**
     * Buffers of one worker for chunks of lane stride ≤ maxStride. Buffers that need not survive
     * between layers (e.g. the masked input) should come from {@code scratch}, shared by all layers
     * of the worker.
     */
    Workspace newWorkspace(ChunkGeometry geometry, WorkerScratch scratch, int maxStride);

    /** Once per engine call, before any worker starts: read the current parameters (e.g. repack weights). */
    void prepare(float[] parameters, ChunkGeometry geometry);

    /**
     * φ ← f_l(φ) in place; {@code logDet[b] += log|det ∂f_l/∂φ|} for lane b (a float accumulator the
     * engine zeroes before each layer and adds into its double total after it).
     *
     * @param save keep what {@link #backward} needs in the workspace
     */
    void forward(ChunkGeometry g, Workspace w, float[] phi, float[] logDet, boolean save);

    /** φ ← f_l⁻¹(φ) in place; {@code logDet[b] += log|det ∂f_l/∂φ|} at the result (forward map's log-det). */
    void inverse(ChunkGeometry g, Workspace w, float[] phi, float[] logDet);

    /**
     * Reverse mode after {@link #forward} with {@code save}: given dPhi = ∂L/∂φ_out and dLogDet[b]
     * = ∂L/∂(log-det of lane b), accumulates ∂L/∂θ of this layer into {@code grad} (flat layout)
     * and overwrites dPhi with ∂L/∂φ_in (including the path through the log-det).
     *
     * @param phiIn the layer's input φ_in (read)
     */
    void backward(ChunkGeometry g, Workspace w, float[] phiIn, float[] dPhi, float[] dLogDet, float[] grad);

    /**
     * Reverse mode of the inverse map φ_in = f_l⁻¹(φ_out), after {@link #forward} with {@code save}
     * (docs/ARCHITECTURE.md, "Path gradients"): given dPhi = ∂F/∂φ_in and dLogDet[b] = ∂F/∂(log-det
     * of lane b) for a function F of the inverse's result, overwrites dPhi with ∂F/∂φ_out, the path
     * through the log-det (as a function of φ_out) included, i.e.
     * <pre>dPhi ← J_l^{−T} (dPhi + dLogDet·∇_{φ_in} log|det J_l|),   J_l = ∂φ_out/∂φ_in.</pre>
     * With F = log q and dLogDet = −1 this is one step of the forward recursion of ∇_φ log q. Does
     * not touch the parameter gradients; allocates nothing.
     *
     * <p>The default throws: a layer without it cannot be trained with {@code training.gradient = "path"}
     * ({@link FlowModel#pathGradientObstacle()} names it).
     *
     * @param phiIn the layer's input φ_in of the saved forward (read)
     * @throws UnsupportedOperationException naming the layer, if the layer does not implement it
     */
    default void inverseBackward(ChunkGeometry g, Workspace w, float[] phiIn, float[] dPhi, float[] dLogDet) {
        throw new UnsupportedOperationException(getClass().getSimpleName()
                + " has no reverse mode of its inverse (needed for training.gradient = \"path\")");
    }
}
