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
}
