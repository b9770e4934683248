package io.github.gomaflow.mcmc;

import java.util.random.RandomGenerator;

/**
 * Independent proposals φ ~ q with their exact log-density, produced a batch at a time for
 * {@link FlowSampler}. Implementations may compute in parallel internally but must draw all
 * randomness from the given generator on the calling thread, so a batch is a pure function of
 * the generator's state.
 */
public interface ProposalSource {
    /** Sites V of one configuration. */
    int volume();

    /**
     * Draws B proposals.
     *
     * @param rng   the batch's generator (consumed)
     * @param phi   [V·B], layout {@code phi[site * B + b]} (written)
     * @param batch B
     * @param logQ  [≥B] log q(φ_b) (written)
     */
    void propose(RandomGenerator rng, float[] phi, int batch, double[] logQ);

    /**
     * log q(−φ_b) of each configuration of a batch (for symmetrised proposals and sign flips, see
     * docs/SAMPLERS.md). Draws no randomness.
     *
     * @param phi        [V·B], layout {@code phi[site * B + b]} (read)
     * @param logQMirror [≥B] log q(−φ_b) (written)
     * @throws UnsupportedOperationException if this source cannot evaluate its density at a given point
     */
    default void mirrorLogDensity(float[] phi, int batch, double[] logQMirror) {
        throw new UnsupportedOperationException("this proposal source cannot evaluate q(−φ)");
    }
}
