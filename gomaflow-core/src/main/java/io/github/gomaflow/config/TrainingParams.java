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
 */
public record TrainingParams(long seed, int batchsize, int epochs, int iterations, double baseLr,
                             OptimizerSpec optimizer, PriorSpec prior, ScheduleSpec lrScheduler, String pretrained,
                             int essSamples, int nsamples, boolean skipNonfinite) {}
