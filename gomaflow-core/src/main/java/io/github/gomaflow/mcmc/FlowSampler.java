package io.github.gomaflow.mcmc;

import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.io.EnsembleWriter;
import io.github.gomaflow.io.ProgressListener;
import io.github.gomaflow.rng.Streams;
import java.io.IOException;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;

/**
 * An independence Metropolis–Hastings chain with flow proposals (Albergo, Kanwar &amp; Shanahan,
 * PRD 100 (2019) 034515): proposals are generated in batches of a fixed size B, each from the
 * stream {@code Streams.stream(seed, "mcmc", batchIndex)} (first the proposal's randomness, then
 * the batch's accept/reject uniforms); the accept/reject decisions run in order in log space with
 * log w = log p − log q = −S(φ) − log q(φ) ({@link IndependenceMetropolis}). Every batch is
 * generated in full, so a chain of n steps is a prefix of a longer one with the same seed, and
 * nothing depends on the thread count.
 *
 * <p>The first {@code thermalisation} steps of the chain are run but not recorded. Recorded per
 * step: the chain's current configuration, its log q and −S, and whether the step accepted.
 */
public final class FlowSampler {
    /** Proposals per batch: large enough to keep the engine's threads busy. */
    public static final int DEFAULT_BATCH = 1024;

    private final ProposalSource proposals;
    private final ScalarPhi4Action action;
    private final int batch;
    private final int volume;
    private final float[] phi;
    private final double[] logQ;
    private final double[] s;
    private final float[] current;
    private final double[] logQMirror;
    private boolean symmetrize;
    private boolean z2Flip;
    private Hmc mixHmc;
    private int mixTrajectories;
    private double[] mixField;
    private final double[] one = new double[1];

    /**
     * @param batch B ≥ 1 (part of the chain's definition: a different B gives a different chain)
     */
    public FlowSampler(ProposalSource proposals, ScalarPhi4Action action, int batch) {
        if (batch < 1) throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        if (proposals.volume() != action.lattice().volume()) {
            throw new IllegalArgumentException("proposal volume " + proposals.volume() + " != lattice volume "
                    + action.lattice().volume());
        }
        this.proposals = proposals;
        this.action = action;
        this.batch = batch;
        this.volume = proposals.volume();
        this.phi = new float[volume * batch];
        this.logQ = new double[batch];
        this.s = new double[batch];
        this.current = new float[volume];
        this.logQMirror = new double[batch];
    }

    /**
     * A composite chain: after every independence-Metropolis step, {@code trajectories} HMC trajectories
     * (leapfrog, τ = 1, K steps, randomised lengths) move the state; its log q is then recomputed by an
     * inverse pass, so the next flow step compares against the right weight. Each move leaves p invariant,
     * so the fixed cycle does (docs/SAMPLERS.md).
     */
    public FlowSampler withHmcMoves(int trajectories, int steps) {
        if (trajectories < 0 || steps < 1) throw new IllegalArgumentException("trajectories >= 0 and steps >= 1 required");
        this.mixTrajectories = trajectories;
        if (trajectories > 0) {
            this.mixHmc = new Hmc(action, Integrator.LEAPFROG, 1.0, steps);
            this.mixHmc.setMoves(true, false);
            this.mixField = new double[volume];
        }
        return this;
    }

    /**
     * Symmetrised proposals q_sym(φ) = ½[q(φ) + q(−φ)] (each proposal's sign flipped with probability ½,
     * its log q replaced by log q_sym; one inverse pass more per batch) and/or a global flip φ → −φ of the
     * chain's state with probability ½ after every step. Both exact for an even action (docs/SAMPLERS.md).
     */
    public FlowSampler withSymmetry(boolean symmetrizeProposals, boolean flipSign) {
        this.symmetrize = symmetrizeProposals;
        this.z2Flip = flipSign;
        return this;
    }

    /**
     * Runs {@code thermalisation + n} steps and records the last n into {@code out} (if not null).
     *
     * @param stop polled between batches; when true the chain ends early (what was recorded stays)
     * @return statistics over the recorded steps
     */
    public ChainSummary run(long n, long thermalisation, long seed, EnsembleWriter out, ProgressListener progress,
                            BooleanSupplier stop) throws IOException {
        if (n < 0 || thermalisation < 0) {
            throw new IllegalArgumentException("n and thermalisation must be >= 0, got " + n + ", " + thermalisation);
        }
        IndependenceMetropolis chain = new IndependenceMetropolis();
        AcceptanceStatistics stats = new AcceptanceStatistics();
        long total = n > Long.MAX_VALUE - thermalisation ? Long.MAX_VALUE : thermalisation + n; // n = MAX: until stop
        long step = 0;
        long nonFinite = 0;
        double currentLogQ = Double.NaN;
        double currentLogQMirror = Double.NaN;
        double currentLogP = Double.NaN;
        boolean needMirror = symmetrize || z2Flip;
        long start = System.nanoTime();
        for (long k = 0; step < total && !stop.getAsBoolean(); k++) {
            RandomGenerator rng = Streams.stream(seed, "mcmc", k);
            proposals.propose(rng, phi, batch, logQ);
            if (needMirror) proposals.mirrorLogDensity(phi, batch, logQMirror);
            if (symmetrize) symmetrise(rng);
            action.action(phi, batch, s);
            for (int b = 0; b < batch && step < total; b++, step++) {
                if (!Double.isFinite(logQ[b]) || !Double.isFinite(s[b])) throw nonFinite(step, logQ[b], s[b]);
                if (needMirror && !Double.isFinite(logQMirror[b])) throw nonFinite(step, logQMirror[b], s[b]);
                double logW = -s[b] - logQ[b];
                if (!Double.isFinite(logW) && step >= thermalisation) nonFinite++;
                boolean accepted = chain.offer(logW, rng);
                if (accepted) {
                    for (int site = 0, i = b; site < volume; site++, i += batch) current[site] = phi[i];
                    currentLogQ = logQ[b];
                    currentLogQMirror = needMirror ? logQMirror[b] : Double.NaN;
                    currentLogP = -s[b];
                }
                if (mixTrajectories > 0 && !Double.isNaN(currentLogQ)) {
                    for (int site = 0; site < volume; site++) mixField[site] = current[site];
                    mixHmc.setField(mixField);
                    for (int tr = 0; tr < mixTrajectories; tr++) mixHmc.trajectory(rng);
                    double[] moved = mixHmc.field();
                    for (int site = 0; site < volume; site++) current[site] = (float) moved[site];
                    proposals.logDensityAt(current, 1, one);
                    currentLogQ = one[0];
                    if (needMirror) {
                        proposals.mirrorLogDensity(current, 1, one);
                        currentLogQMirror = one[0];
                        if (symmetrize) {
                            double hi = Math.max(currentLogQ, currentLogQMirror);
                            currentLogQ = hi + Math.log1p(Math.exp(Math.min(currentLogQ, currentLogQMirror) - hi)) - LOG_2;
                            currentLogQMirror = currentLogQ;
                        }
                    }
                    action.action(current, 1, one);
                    currentLogP = -one[0];
                    chain.setCurrentLogWeight(currentLogP - currentLogQ);
                }
                if (z2Flip && rng.nextBoolean() && !Double.isNaN(currentLogQ)) {
                    for (int site = 0; site < volume; site++) current[site] = -current[site];
                    double t = currentLogQ;
                    currentLogQ = currentLogQMirror;
                    currentLogQMirror = t;
                    chain.setCurrentLogWeight(currentLogP - currentLogQ);
                }
                if (step >= thermalisation) {
                    stats.record(accepted);
                    if (out != null) {
                        out.append(current, 0, currentLogQ, currentLogP, accepted);
                        out.appendProposal(logQ[b], -s[b]);
                    }
                }
            }
            progress.update(step, total, String.format(Locale.ROOT, "acc %.3f", stats.acceptance()));
        }
        // every step costs the same, so the recorded part's share of the wall time is proportional
        double seconds = (System.nanoTime() - start) * 1e-9 * (step == 0 ? 0 : (double) stats.steps() / step);
        return ChainSummary.of(stats, seconds, nonFinite);
    }

    public int batch() { return batch; }

    /**
     * Flips each proposal's sign with probability ½ and gives it log q_sym = logaddexp(log q, log q(−φ)) − log 2,
     * which is the same for φ and −φ: the density of "draw from q, then flip with probability ½".
     */
    private void symmetrise(RandomGenerator rng) {
        for (int b = 0; b < batch; b++) {
            double a = logQ[b], m = logQMirror[b];
            double hi = Math.max(a, m);
            double sym = hi + Math.log1p(Math.exp(Math.min(a, m) - hi)) - LOG_2;
            logQ[b] = sym;
            logQMirror[b] = sym;
            if (rng.nextBoolean()) {
                for (int site = 0, i = b; site < volume; site++, i += batch) phi[i] = -phi[i];
            }
        }
    }

    private static final double LOG_2 = Math.log(2);

    private static NonFiniteDensityException nonFinite(long step, double logQ, double action) {
        return new NonFiniteDensityException(String.format(Locale.ROOT, "proposal %d has log q = %s and S = %s: the flow"
                + " gives non-finite densities (its weights have diverged), so no chain from it can be trusted;"
                + " sample from an earlier checkpoint (model_best_ess.ckpt) or retrain with a lower learning rate",
                step, logQ, action));
    }
}
