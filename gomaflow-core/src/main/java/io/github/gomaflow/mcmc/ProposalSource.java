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
     * log q(φ_b) at given configurations (for composite chains, whose other moves change the state, and
     * for symmetrised proposals and sign flips with {@link #mirrorLogDensity}; docs/SAMPLERS.md). Draws no
     * randomness.
     *
     * @param phi        [V·B], layout {@code phi[site * B + b]} (read)
     * @param logQMirror [≥B] log q(−φ_b) (written)
     * @throws UnsupportedOperationException if this source cannot evaluate its density at a given point
     */
    default void logDensityAt(float[] phi, int batch, double[] logQ) {
        throw new UnsupportedOperationException("this proposal source cannot evaluate q(φ) at a given φ");
    }

    /**
     * log q(−φ_b) of each configuration of a batch (see {@link #logDensityAt}).
     */
    default void mirrorLogDensity(float[] phi, int batch, double[] logQMirror) {
        throw new UnsupportedOperationException("this proposal source cannot evaluate q(−φ)");
    }
}
