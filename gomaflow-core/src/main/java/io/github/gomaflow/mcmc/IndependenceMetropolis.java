package io.github.gomaflow.mcmc;

import java.util.random.RandomGenerator;

/**
 * The accept/reject core of an independence Metropolis–Hastings chain with flow proposals
 * (arXiv:1904.12072 §III): a proposal φ' with log-weight log w' = log p(φ') − log q(φ') replaces the
 * current state with probability min(1, w'/w), decided in log space as {@code log u < log w' − log w}.
 * Stateful: remembers the current log-weight between calls, so proposals can arrive in batches.
 */
public final class IndependenceMetropolis {
    private double currentLogWeight = Double.NaN;
    private long proposals;
    private long accepted;

    /**
     * Offers one proposal. The first proposal is always accepted (it starts the chain).
     *
     * @return true if accepted (the chain moves to the proposal)
     */
    public boolean offer(double logWeight, RandomGenerator rng) {
        proposals++;
        boolean accept;
        if (Double.isNaN(currentLogWeight)) {
            accept = !Double.isNaN(logWeight);
        } else if (Double.isNaN(logWeight)) {
            accept = false;
        } else {
            double delta = logWeight - currentLogWeight;
            // draw u even when delta >= 0, so the stream position depends only on the proposal count
            double u = rng.nextDouble();
            accept = delta >= 0 || Math.log(u) < delta;
        }
        if (accept) {
            currentLogWeight = logWeight;
            accepted++;
        }
        return accept;
    }

    /**
     * Replaces the current state's log-weight after another move changed the state (e.g. a sign flip of
     * a proposal density that is not even): the next comparison uses the new state's weight.
     */
    public void setCurrentLogWeight(double logWeight) { this.currentLogWeight = logWeight; }

    /** The log-weight of the current state (NaN before the first accepted proposal). */
    public double currentLogWeight() { return currentLogWeight; }

    public long proposals() { return proposals; }

    public long acceptedCount() { return accepted; }

    /**
     * Acceptance rate of a whole chain over {@code logWeights[0..n)}, discarding the first
     * {@code thermalisation} decisions from the count.
     */
    public static double acceptanceRate(double[] logWeights, int n, int thermalisation, RandomGenerator rng) {
        IndependenceMetropolis chain = new IndependenceMetropolis();
        long counted = 0, acc = 0;
        for (int i = 0; i < n; i++) {
            boolean a = chain.offer(logWeights[i], rng);
            if (i >= thermalisation) {
                counted++;
                if (a) acc++;
            }
        }
        return counted == 0 ? Double.NaN : (double) acc / counted;
    }
}
