package io.github.gomaflow.train;

import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.action.Target;
import io.github.gomaflow.analysis.EffectiveSampleSize;
import io.github.gomaflow.config.GomaConfig;
import io.github.gomaflow.mcmc.IndependenceMetropolis;
import io.github.gomaflow.prior.Prior;
import io.github.gomaflow.rng.Streams;
import java.util.random.RandomGenerator;

/**
 * The per-epoch evaluation of a flow on fresh samples, with log-weights
 * <pre>log w = log p − log q = −S(φ) − log q(φ)   (log Z dropped; it cancels)</pre>
 * <ul>
 * <li>loss = mean(log q + S) and ESS = (Σw)²/(N Σw²) over {@code ess_samples} samples drawn from
 *     {@code Streams.stream(seed, "eval", epoch, 0, chunk)};</li>
 * <li>the acceptance rate of an independence Metropolis chain over {@code nsamples} proposals
 *     drawn from {@code (seed, "eval", epoch, 1, chunk)}, accept/reject uniforms from
 *     {@code (seed, "eval", epoch, 2)}, the first 10 % of decisions discarded as thermalisation.</li>
 * </ul>
 * Samples are drawn in chunks of {@value #BATCH} (the last one shorter), independent of the thread
 * count and of the training batch size. A flow with batch norm is evaluated with its running
 * statistics (evaluation mode), so each log q is that of the configuration alone, whatever its chunk.
 */
public final class Evaluator {
    /** Configurations per evaluation chunk (one random stream and one engine call each). */
    public static final int BATCH = 256;

    /**
     * @param loss           mean(log q + S) over the ESS samples
     * @param ess            ESS / N ∈ (0, 1], NaN if undefined
     * @param acceptanceRate fraction of accepted proposals after thermalisation ∈ [0, 1]
     */
    public record Evaluation(double loss, double ess, double acceptanceRate) {}

    private final long seed;
    private final TrainableFlow flow;
    private final Prior prior;
    private final Target action;
    private final int volume;
    private final int chunk;
    private final int essSamples;
    private final int nsamples;
    private final float[] z;
    private final float[] phi;
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
        this.chunk = BATCH;
        this.essSamples = config.training().essSamples();
        this.nsamples = config.training().nsamples();
        if (essSamples < 1 || nsamples < 1) {
            throw new IllegalArgumentException("ess_samples and nsamples must be >= 1, got " + essSamples + ", " + nsamples);
        }
        this.z = new float[volume * chunk];
        this.phi = new float[volume * chunk];
        this.logR = new double[chunk];
        this.logDet = new double[chunk];
        this.s = new double[chunk];
        this.logW = new double[Math.max(essSamples, nsamples)];
    }

    /** Evaluates the flow's current parameters after {@code epoch} (1-based). */
    public Evaluation evaluate(int epoch) {
        flow.setBatchNormTraining(false);
        try {
            return evaluateNow(epoch);
        } finally {
            flow.setBatchNormTraining(true);
        }
    }

    private Evaluation evaluateNow(int epoch) {
        double lossSum = logWeights(epoch, 0, essSamples);
        double ess = EffectiveSampleSize.of(logW, essSamples);
        logWeights(epoch, 1, nsamples);
        RandomGenerator u = Streams.stream(seed, "eval", epoch, 2);
        double acceptance = IndependenceMetropolis.acceptanceRate(logW, nsamples, nsamples / 10, u);
        return new Evaluation(lossSum / essSamples, ess, acceptance);
    }

    /** Fills logW[0..n) with fresh log-weights; returns Σ (log q + S). */
    private double logWeights(int epoch, int purpose, int n) {
        double lossSum = 0;
        for (int start = 0, c = 0; start < n; start += chunk, c++) {
            int b = Math.min(chunk, n - start);
            prior.sample(Streams.stream(seed, "eval", epoch, purpose, c), z, volume * b);
            prior.logDensity(z, volume, b, logR);
            flow.forward(z, b, phi, logDet);
            action.action(phi, b, s);
            for (int i = 0; i < b; i++) {
                double logQ = logR[i] - logDet[i];
                logW[start + i] = -s[i] - logQ;
                lossSum += logQ + s[i];
            }
        }
        return lossSum;
    }
}
