package io.github.gomaflow.config;

import java.util.List;

/**
 * Learning-rate schedule, parsed from {@code training.lr_scheduler}. Epochs are counted from 1,
 * as in GomalizingFlow; {@link #learningRate(int, double)} gives η for an epoch.
 */
public sealed interface ScheduleSpec {
    /**
     * @param epoch   1-based epoch
     * @param baseLr  {@code training.base_lr}, used by schedules that do not carry their own start
     */
    double learningRate(int epoch, double baseLr);

    /** The empty string: η = base_lr throughout. */
    record Constant() implements ScheduleSpec {
        @Override public double learningRate(int epoch, double baseLr) { return baseLr; }
    }

    /**
     * ParameterSchedulers.jl {@code Step(start, decay, step_sizes)}: η = start·decay^k where k is the
     * number of cumulative step boundaries Σ_{j≤i} step_sizes_j that lie strictly before {@code epoch}.
     */
    record Step(double start, double decay, List<Integer> stepSizes) implements ScheduleSpec {
        public Step { stepSizes = List.copyOf(stepSizes); }
        @Override public double learningRate(int epoch, double baseLr) {
            int k = 0;
            long boundary = 0;
            for (int s : stepSizes) {
                boundary += s;
                if (epoch > boundary) k++;
            }
            return start * Math.pow(decay, k);
        }
    }

    /**
     * ParameterSchedulers.jl {@code Step(start, decay, step_size::Integer)}: the step size repeats forever,
     * η = start·decay^⌊(epoch−1)/stepSize⌋ (epochs 1…stepSize at start, the next stepSize epochs at
     * start·decay, …).
     */
    record StepEvery(double start, double decay, int stepSize) implements ScheduleSpec {
        @Override public double learningRate(int epoch, double baseLr) {
            return start * Math.pow(decay, Math.floorDiv(epoch - 1, stepSize));
        }
    }

    /** ParameterSchedulers.jl {@code Exp(start, decay)}: η = start·decay^(epoch−1). */
    record Exp(double start, double decay) implements ScheduleSpec {
        @Override public double learningRate(int epoch, double baseLr) { return start * Math.pow(decay, epoch - 1); }
    }

    /**
     * ParameterSchedulers.jl {@code CosAnneal(l0, l1, period)} with restarts (its default):
     * η = end + ½(start − end)(1 + cos(π t̂/period)), t̂ = (epoch − 1) mod period.
     */
    record Cosine(double start, double end, int period) implements ScheduleSpec {
        @Override public double learningRate(int epoch, double baseLr) {
            int t = (epoch - 1) % period;
            return end + 0.5 * (start - end) * (1 + Math.cos(Math.PI * t / period));
        }
    }
}
