package io.github.gomaflow.config;

/**
 * GomalizingFlow's {@code [training]} section plus our extensions.
 *
 * @param seed           training seed (default 12345)
 * @param batchsize      samples per step (default 64)
 * @param epochs         epochs (default 40)
 * @param iterations     steps per epoch (default 100)
 * @param baseLr         learning rate (default 1e−3)
 * @param optimizer      {@code opt} (default Adam)
 * @param prior          {@code prior} (default Normal(0, 1))
 * @param lrScheduler    {@code lr_scheduler} (default constant)
 * @param pretrained     path of a checkpoint to start from, or "" (default "")
 * @param essSamples     extension {@code ess_samples}: fresh samples for the per-epoch ESS (default 1024)
 * @param nsamples       extension {@code nsamples}: proposals of the per-epoch Metropolis chain (default 8192)
 * @param skipNonfinite  extension {@code skip_nonfinite}: skip a step whose loss or gradient is NaN/Inf
 *                       instead of stopping (default false)
 * @param evaluation     extension {@code evaluation}: how each epoch is evaluated, {@code "gomaflow"}
 *                       (default) or {@code "gomalizingflow"} (GomalizingFlow's numbers; docs/OUTPUTS.md)
 * @param writeHistory   extension {@code write_history}: write the evaluation chains of the final and
 *                       best-ESS models as {@code history_final.npz} / {@code history_best_ess.npz} (default true)
 * @param gradient       extension {@code gradient}: the reverse-KL gradient estimator, {@code "standard"}
 *                       (default) or {@code "path"} (docs/ARCHITECTURE.md, "Path gradients")
 */
public record TrainingParams(long seed, int batchsize, int epochs, int iterations, double baseLr,
                             OptimizerSpec optimizer, PriorSpec prior, ScheduleSpec lrScheduler, String pretrained,
                             int essSamples, int nsamples, boolean skipNonfinite, Evaluation evaluation,
                             boolean writeHistory, Gradient gradient) {
    /** The gradient estimator of training. */
    public enum Gradient {
        /** The reverse-KL gradient of the loss as written (reparameterisation with the score term). */
        STANDARD("standard"),
        /** The path gradient (arXiv:2207.08219): the same expectation without the score term. */
        PATH("path");

        private final String key;

        Gradient(String key) { this.key = key; }

        /** The configuration value. */
        public String key() { return key; }

        /** The estimator named {@code key}, or null. */
        public static Gradient of(String key) {
            for (Gradient g : values()) if (g.key.equals(key)) return g;
            return null;
        }
    }

    public TrainingParams {
        java.util.Objects.requireNonNull(gradient, "gradient");
    }

    /** The standard gradient estimator. */
    public TrainingParams(long seed, int batchsize, int epochs, int iterations, double baseLr,
                          OptimizerSpec optimizer, PriorSpec prior, ScheduleSpec lrScheduler, String pretrained,
                          int essSamples, int nsamples, boolean skipNonfinite, Evaluation evaluation,
                          boolean writeHistory) {
        this(seed, batchsize, epochs, iterations, baseLr, optimizer, prior, lrScheduler, pretrained, essSamples, nsamples,
                skipNonfinite, evaluation, writeHistory, Gradient.STANDARD);
    }

    /** The per-epoch evaluation. */
    public enum Evaluation {
        /** Ours: ESS on {@code ess_samples} fresh samples, acceptance as a fraction of {@code nsamples} fresh proposals. */
        GOMAFLOW("gomaflow"),
        /** GomalizingFlow's: ESS on one batch, acceptance in percent of its re-seeded 8256-proposal chain. */
        GOMALIZINGFLOW("gomalizingflow");

        private final String key;

        Evaluation(String key) { this.key = key; }

        /** The configuration value. */
        public String key() { return key; }

        /** An acceptance rate of this mode (fraction, or percent for GOMALIZINGFLOW) in percent. */
        public double percent(double rate) { return this == GOMALIZINGFLOW ? rate : 100 * rate; }

        /** The mode named {@code key}, or null. */
        public static Evaluation of(String key) {
            for (Evaluation e : values()) if (e.key.equals(key)) return e;
            return null;
        }
    }

    /** Our evaluation and history files on (the defaults of the two extensions). */
    public TrainingParams(long seed, int batchsize, int epochs, int iterations, double baseLr,
                          OptimizerSpec optimizer, PriorSpec prior, ScheduleSpec lrScheduler, String pretrained,
                          int essSamples, int nsamples, boolean skipNonfinite) {
        this(seed, batchsize, epochs, iterations, baseLr, optimizer, prior, lrScheduler, pretrained, essSamples, nsamples,
                skipNonfinite, Evaluation.GOMAFLOW, true);
    }

    /** The same parameters with {@code epochs} and {@code pretrained} replaced. */
    public TrainingParams with(int newEpochs, String newPretrained) {
        return new TrainingParams(seed, batchsize, newEpochs, iterations, baseLr, optimizer, prior, lrScheduler,
                newPretrained, essSamples, nsamples, skipNonfinite, evaluation, writeHistory, gradient);
    }
}
