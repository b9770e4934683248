package io.github.gomaflow.train;

import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.action.Target;
import io.github.gomaflow.config.GomaConfig;
import io.github.gomaflow.config.TrainingParams;
import io.github.gomaflow.prior.Prior;
import io.github.gomaflow.prior.PriorTarget;
import io.github.gomaflow.rng.Streams;

/**
 * Reverse-KL training of a flow (arXiv:2101.08176 §III, GomalizingFlow's {@code train}). Each step
 * draws B prior configurations z from {@code Streams.stream(seed, "train", epoch, step)} on the
 * calling thread, maps them through the flow and minimises
 * <pre>L = (1/B) Σ_b [ log q(φ_b) + S(φ_b) ],   log q(φ) = log r(z) − log|det ∂φ/∂z|,</pre>
 * an estimate of KL(q‖p) − log Z, with one optimiser step at the epoch's learning rate. The
 * gradient is the standard reverse-KL estimator, or with {@code gradient = "path"} the path gradient
 * (docs/ARCHITECTURE.md, "Path gradients"); the loss reported is the same. Because the
 * draws depend only on (seed, epoch, step), a resumed run repeats an uninterrupted one exactly.
 * With batch norm the flow runs with batch statistics, and each accepted step also moves the
 * running statistics with its z (before the optimiser step; a skipped step leaves them alone).
 */
public final class Trainer {
    /** The outcome of one epoch of steps. */
    public record EpochResult(double meanLoss, int skippedSteps) {}

    /** Called after every step (for progress display). */
    @FunctionalInterface
    public interface StepObserver {
        void afterStep(int epoch, int step, double loss);

        /** A step was skipped because of a non-finite loss or gradient ({@code skip_nonfinite = true}). */
        default void skippedStep(int epoch, int step, String problem) {}
    }

    private final TrainingParams training;
    private final TrainableFlow flow;
    private final Prior prior;
    private final Target action;
    /** The prior as a target, for the path gradient; null with the standard gradient. */
    private final Target base;
    private final Optimizer optimizer;
    private final int volume;
    private final int batch;
    private final float[] z;
    private final float[] phi;
    private final float[] grad;
    private final double[] logR;
    private final double[] logDet;
    private final double[] s;
    private final boolean batchNorm;

    /**
     * @param flow      the flow to train (its parameters are updated in place)
     * @param optimizer fresh or restored optimiser for the flow's parameters
     */
    public Trainer(GomaConfig config, TrainableFlow flow, Prior prior, Optimizer optimizer) {
        this.training = config.training();
        this.flow = flow;
        this.prior = prior;
        this.optimizer = optimizer;
        this.action = new ScalarPhi4Action(config.physical().lattice(), config.physical().mSquared(), config.physical().lambda());
        this.base = training.gradient() == TrainingParams.Gradient.PATH
                ? new PriorTarget(prior, config.physical().lattice()) : null;
        this.volume = config.physical().lattice().volume();
        this.batch = training.batchsize();
        this.z = new float[volume * batch];
        this.phi = new float[volume * batch];
        this.grad = new float[flow.parameters().length];
        this.logR = new double[batch];
        this.logDet = new double[batch];
        this.s = new double[batch];
        this.batchNorm = flow.runningStatistics().length > 0;
    }

    public Optimizer optimizer() { return optimizer; }

    /**
     * Runs the {@code iterations} steps of one epoch.
     *
     * @param epoch    1-based epoch (selects the random streams and the learning rate)
     * @param observer notified after each step
     * @throws NonFiniteException if a loss or gradient is NaN/Inf and {@code skip_nonfinite} is false;
     *                            the parameters are then those before the offending step
     */
    public EpochResult trainEpoch(int epoch, StepObserver observer) {
        double lr = training.lrScheduler().learningRate(epoch, training.baseLr());
        double lossSum = 0;
        int used = 0;
        int skipped = 0;
        for (int step = 1; step <= training.iterations(); step++) {
            double loss = lossAndGradient(epoch, step);
            String problem = nonFinite(loss);
            if (problem != null) {
                String where = "epoch " + epoch + ", step " + step + ": " + problem;
                if (!training.skipNonfinite()) throw new NonFiniteException(where, epoch, step);
                observer.skippedStep(epoch, step, where);
                skipped++;
            } else {
                // batch norm: the step's training forward moves the running statistics (PyTorch, Flux),
                // with the parameters the gradient was taken at
                if (batchNorm) flow.updateRunningStatistics(z, batch);
                optimizer.step(flow.parameters(), grad, lr);
                lossSum += loss;
                used++;
            }
            observer.afterStep(epoch, step, loss);
        }
        return new EpochResult(used == 0 ? Double.NaN : lossSum / used, skipped);
    }

    /** Fills {@code grad} for (epoch, step) and returns the batch-mean loss mean(log q + S). */
    private double lossAndGradient(int epoch, int step) {
        prior.sample(Streams.stream(training.seed(), "train", epoch, step), z, volume * batch);
        prior.logDensity(z, volume, batch, logR);
        if (base == null) flow.lossGradient(z, batch, action, phi, logDet, s, grad);
        else flow.pathGradient(z, batch, base, action, phi, logDet, s, grad);
        double sum = 0;
        for (int b = 0; b < batch; b++) sum += logR[b] - logDet[b] + s[b];
        return sum / batch;
    }

    /** null if loss and gradient are finite, else a description naming the first bad gradient entry. */
    private String nonFinite(double loss) {
        int bad = -1;
        for (int i = 0; i < grad.length; i++) {
            if (!Float.isFinite(grad[i])) {
                bad = i;
                break;
            }
        }
        if (Double.isFinite(loss) && bad < 0) return null;
        StringBuilder m = new StringBuilder("non-finite ");
        m.append(Double.isFinite(loss) ? "gradient" : "loss (" + loss + ")");
        if (bad >= 0) {
            m.append(Double.isFinite(loss) ? "" : " and gradient").append(": first non-finite gradient entry ")
                    .append(grad[bad]).append(" at parameter ").append(bad).append(" (")
                    .append(flow.describeParameter(bad)).append(')');
        }
        return m.toString();
    }
}
