package io.github.gomaflow.train;

import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.action.Target;
import io.github.gomaflow.analysis.EffectiveSampleSize;
import io.github.gomaflow.config.GomaConfig;
import io.github.gomaflow.config.TrainingParams;
import io.github.gomaflow.mcmc.IndependenceMetropolis;
import io.github.gomaflow.prior.Prior;
import io.github.gomaflow.rng.Streams;
import java.util.random.RandomGenerator;

/**
 * The per-epoch evaluation of a flow on fresh samples, with log-weights
 * <pre>log w = log p − log q = −S(φ) − log q(φ)   (log Z dropped; it cancels)</pre>
 * Two modes ({@code training.evaluation}, docs/OUTPUTS.md):
 * <ul>
 * <li>{@code gomaflow} (default): loss = mean(log q + S) and ESS = (Σw)²/(N Σw²) over {@code ess_samples}
 *     samples drawn from {@code Streams.stream(seed, "eval", epoch, 0, chunk)}; the acceptance rate (a
 *     fraction) of an independence Metropolis chain over {@code nsamples} proposals drawn from
 *     {@code (seed, "eval", epoch, 1, chunk)}, accept/reject uniforms from {@code (seed, "eval", epoch, 2)},
 *     the first 10 % of decisions discarded as thermalisation. Chunks of {@value #BATCH}.</li>
 * <li>{@code gomalizingflow}: GomalizingFlow's numbers. Loss and ESS on one batch of {@code batchsize}
 *     samples from {@code (seed, "eval", epoch, 0, 0)}; acceptance in <b>percent</b>,
 *     100 · accepted / N over a chain of N = ⌈{@value #GF_NSAMPLES}/batchsize⌉ · batchsize proposals
 *     (8256 for batchsize 64), every proposal counted (the first one, which starts the chain, counts as
 *     accepted), drawn in batches of {@code batchsize} from {@code (}{@value #GF_CHAIN_SEED}{@code , "gf-chain", batch)}
 *     with uniforms from {@code (}{@value #GF_CHAIN_SEED}{@code , "gf-accept")}: the same streams every epoch,
 *     as GomalizingFlow's make_mcmc_ensamble re-seeds its chain with 2009.</li>
 * </ul>
 * Samples are drawn independent of the thread count. A flow with batch norm is evaluated with its
 * running statistics (evaluation mode), so each log q is that of the configuration alone.
 * The Metropolis chain can be recorded ({@link ChainSink}) for the run's history files.
 */
public final class Evaluator {
    /** Configurations per evaluation chunk in our mode (one random stream and one engine call each). */
    public static final int BATCH = 256;
    /** GomalizingFlow's {@code nsamples} of make_mcmc_ensamble during training. */
    public static final int GF_NSAMPLES = 8196;
    /** GomalizingFlow's fixed seed of make_mcmc_ensamble. */
    public static final long GF_CHAIN_SEED = 2009;

    /**
     * @param loss           mean(log q + S) over the ESS samples
     * @param ess            ESS / N ∈ (0, 1], NaN if undefined
     * @param acceptanceRate accepted proposals as a fraction ∈ [0, 1] (ours) or in percent ∈ [0, 100]
     *                       (gomalizingflow mode)
     */
    public record Evaluation(double loss, double ess, double acceptanceRate) {}

    /** Receives every state of the evaluation chain, in order. */
    public interface ChainSink {
        /** The chain's state after one proposal: φ at {@code phi[offset..offset+V)}. */
        void state(float[] phi, int offset, double logQ, double logP, boolean accepted) throws java.io.IOException;
    }

    private final long seed;
    private final TrainableFlow flow;
    private final Prior prior;
    private final Target action;
    private final int volume;
    private final int chunk;
    private final boolean gomalizingflow;
    private final int essSamples;
    private final int nsamples;
    private final float[] z;
    private final float[] phi;
    private final float[] current;
    private final double[] logR;
    private final double[] logDet;
    private final double[] s;
    private final double[] logW;

    public Evaluator(GomaConfig config, TrainableFlow flow, Prior prior) {
        this.seed = config.training().seed();
        this.flow = flow;
        this.prior = prior;
        this.action = new ScalarPhi4Action(config.physical().lattice(), config.physical().mSquared(), config.physical().lambda());
        this.volume = config.physical().lattice().volume();
        this.gomalizingflow = config.training().evaluation() == TrainingParams.Evaluation.GOMALIZINGFLOW;
        int batchsize = config.training().batchsize();
        this.chunk = gomalizingflow ? batchsize : BATCH;
        this.essSamples = gomalizingflow ? batchsize : config.training().essSamples();
        this.nsamples = gomalizingflow ? gfProposals(batchsize) : config.training().nsamples();
        if (essSamples < 1 || nsamples < 1) {
            throw new IllegalArgumentException("ess_samples and nsamples must be >= 1, got " + essSamples + ", " + nsamples);
        }
        this.z = new float[volume * chunk];
        this.phi = new float[volume * chunk];
        this.current = new float[volume];
        this.logR = new double[chunk];
        this.logDet = new double[chunk];
        this.s = new double[chunk];
        this.logW = new double[Math.max(essSamples, chunk)];
    }

    /** GomalizingFlow's chain length: ⌈8196 / batchsize⌉ · batchsize proposals (8256 for batchsize 64). */
    public static int gfProposals(int batchsize) {
        return Math.ceilDiv(GF_NSAMPLES, batchsize) * batchsize;
    }

    /** Proposals of the evaluation chain. */
    public int chainLength() { return nsamples; }

    /** Evaluates the flow's current parameters after {@code epoch} (1-based). */
    public Evaluation evaluate(int epoch) {
        try {
            return evaluate(epoch, null);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // no sink, no I/O
        }
    }

    /** As {@link #evaluate(int)}, handing every state of the Metropolis chain to {@code sink} (may be null). */
    public Evaluation evaluate(int epoch, ChainSink sink) throws java.io.IOException {
        flow.setBatchNormTraining(false);
        try {
            return evaluateNow(epoch, sink);
        } finally {
            flow.setBatchNormTraining(true);
        }
    }

    private Evaluation evaluateNow(int epoch, ChainSink sink) throws java.io.IOException {
        double lossSum = essWeights(epoch);
        double ess = EffectiveSampleSize.of(logW, essSamples);
        double acceptance = gomalizingflow ? 100 * chain(sink, 0, Streams.stream(GF_CHAIN_SEED, "gf-accept"), -1)
                : chain(sink, nsamples / 10, Streams.stream(seed, "eval", epoch, 2), epoch);
        return new Evaluation(lossSum / essSamples, ess, acceptance);
    }

    /** Fills logW[0..essSamples) with fresh log-weights; returns Σ (log q + S). */
    private double essWeights(int epoch) {
        double lossSum = 0;
        for (int start = 0, c = 0; start < essSamples; start += chunk, c++) {
            int b = Math.min(chunk, essSamples - start);
            propose(Streams.stream(seed, "eval", epoch, 0, c), b);
            for (int i = 0; i < b; i++) {
                double logQ = logR[i] - logDet[i];
                logW[start + i] = -s[i] - logQ;
                lossSum += logQ + s[i];
            }
        }
        return lossSum;
    }

    /** Draws {@code b} prior samples from {@code rng} and pushes them through the flow (logR, logDet, s, phi). */
    private void propose(RandomGenerator rng, int b) {
        prior.sample(rng, z, volume * b);
        prior.logDensity(z, volume, b, logR);
        flow.forward(z, b, phi, logDet);
        action.action(phi, b, s);
    }

    /**
     * Runs the independence Metropolis chain over {@link #nsamples} proposals, chunk c drawn from
     * {@code (seed, "eval", chainEpoch, 1, c)} or, for {@code chainEpoch < 0}, GomalizingFlow's
     * {@code (2009, "gf-chain", c)}; returns the accepted fraction of the decisions after the first
     * {@code thermalisation}.
     */
    private double chain(ChainSink sink, int thermalisation, RandomGenerator u, int chainEpoch)
            throws java.io.IOException {
        IndependenceMetropolis chain = new IndependenceMetropolis();
        long counted = 0, acc = 0;
        double currentLogQ = Double.NaN, currentLogP = Double.NaN;
        for (int start = 0, c = 0; start < nsamples; start += chunk, c++) {
            int b = Math.min(chunk, nsamples - start);
            propose(chainEpoch < 0 ? Streams.stream(GF_CHAIN_SEED, "gf-chain", c) : Streams.stream(seed, "eval", chainEpoch, 1, c), b);
            for (int i = 0; i < b; i++) {
                double logQ = logR[i] - logDet[i];
                boolean a = chain.offer(-s[i] - logQ, u);
                if (start + i >= thermalisation) {
                    counted++;
                    if (a) acc++;
                }
                if (sink != null) {
                    if (a) {
                        System.arraycopy(phi, i * volume, current, 0, volume);
                        currentLogQ = logQ;
                        currentLogP = -s[i];
                    }
                    sink.state(current, 0, currentLogQ, currentLogP, a);
                }
            }
        }
        return counted == 0 ? Double.NaN : (double) acc / counted;
    }
}
