package io.github.gomaflow.action;

import io.github.gomaflow.lattice.Lattice;

/**
 * The distribution a flow is trained towards and sampled from, as the flow engine and the samplers
 * see it: an unnormalised log-density log p(φ) = −S(φ) − log Z on a lattice, given through its
 * "action" S and the gradient ∂S/∂φ. The engine never names a concrete action; see
 * docs/ARCHITECTURE.md ("Target interface").
 *
 * <p>Batches use the layout {@code phi[site * B + b]}. Implementations must not allocate (the float
 * methods run in every training step) and must be safe to call from several threads at once on
 * disjoint arrays (the engine calls them per chunk on its workers).
 */
public interface Target {
    /** The lattice the fields live on. */
    Lattice lattice();

    /**
     * S(φ_b) = −log p(φ_b) − log Z for each of B configurations.
     *
     * @param phi   [≥V·B] layout site·B+b (read)
     * @param batch B (the lane stride of {@code phi})
     * @param out   [≥B] (written)
     */
    void action(float[] phi, int batch, double[] out);

    /** Double-precision version of {@link #action(float[], int, double[])}. */
    void action(double[] phi, int batch, double[] out);

    /**
     * scale · ∂S/∂φ(x) = −scale · ∂ log p/∂φ(x) for each configuration.
     *
     * @param phi   [≥V·B] layout site·B+b (read)
     * @param batch B (the lane stride)
     * @param scale factor applied to the gradient (e.g. 1/B for a batch-mean loss)
     * @param grad  [≥V·B] same layout, first V·B entries overwritten (must not alias phi)
     */
    void gradient(float[] phi, int batch, float scale, float[] grad);

    /** Double-precision version of {@link #gradient(float[], int, float, float[])}. */
    void gradient(double[] phi, int batch, double scale, double[] grad);
}
