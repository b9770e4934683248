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
     * ParameterSchedulers.jl {@code CosAnneal(range, offset, period[, restart])}, stored as start = range +
     * offset and end = offset (the keyword form {@code CosAnneal(λ0=…, λ1=…, period=…, restart=…)} gives
     * start = max(λ0, λ1), end = min(λ0, λ1)):
     * η = end + ½(start − end)(1 + cos(π t̂/period)), t̂ = (epoch − 1) mod period with warm restarts (the
     * default), t̂ = epoch − 1 without (a cosine that rises again after each period).
     */
    record Cosine(double start, double end, int period, boolean restart) implements ScheduleSpec {
        /** With warm restarts, ParameterSchedulers' default. */
        public Cosine(double start, double end, int period) { this(start, end, period, true); }

        @Override public double learningRate(int epoch, double baseLr) {
            long t = restart ? (epoch - 1) % period : epoch - 1L;
            return end + 0.5 * (start - end) * (1 + Math.cos(Math.PI * t / period));
        }
    }

    /** ParameterSchedulers.jl {@code Poly(start, degree, max_iter)}: η = start·max(0, 1 − (epoch−1)/max_iter)^degree. */
    record Poly(double start, int degree, int maxIter) implements ScheduleSpec {
        @Override public double learningRate(int epoch, double baseLr) {
            return start * Math.pow(Math.max(0.0, 1.0 - (epoch - 1.0) / maxIter), degree);
        }
    }

    /** ParameterSchedulers.jl {@code Inv(start, decay, degree)}: η = start / (1 + (epoch−1)·decay)^degree. */
    record Inv(double start, double decay, int degree) implements ScheduleSpec {
        @Override public double learningRate(int epoch, double baseLr) {
            return start / Math.pow(1.0 + (epoch - 1.0) * decay, degree);
        }
    }

    /** The wave shapes of ParameterSchedulers.jl's cyclic schedules, by their Julia names. */
    enum Shape {
        TRIANGLE("Triangle"), TRIANGLE_DECAY2("TriangleDecay2"), TRIANGLE_EXP("TriangleExp"),
        SIN("Sin"), SIN_DECAY2("SinDecay2"), SIN_EXP("SinExp");

        /** ParameterSchedulers' name. */
        public final String juliaName;

        Shape(String juliaName) { this.juliaName = juliaName; }

        /** Whether the form takes a fourth argument, the amplitude decay γ. */
        public boolean hasDecay() { return this == TRIANGLE_EXP || this == SIN_EXP; }
    }

    /**
     * ParameterSchedulers.jl's cyclic schedules {@code Shape(range, offset, period[, decay])}:
     * η = range·w(epoch) + offset with, for t = epoch,
     * <pre>
     * Triangle        w = (2/π)|asin(sin(π(t−1)/period))|
     * TriangleDecay2  w = Triangle / 2^⌊(t−1)/period⌋
     * TriangleExp     w = Triangle · decay^(t−1)
     * Sin             w = |sin(π(t−1)/period)|
     * SinDecay2       w = Sin / 2^⌊(t−1)/period⌋
     * SinExp          w = Sin · decay^(t−1)
     * </pre>
     * so the first rate is {@code offset}, the peak range + offset. The keyword form (λ0, λ1, period[, γ])
     * means range = |λ0 − λ1|, offset = min(λ0, λ1).
     *
     * @param decay γ for the Exp forms, 1 otherwise
     */
    record Wave(Shape shape, double range, double offset, int period, double decay) implements ScheduleSpec {
        @Override public double learningRate(int epoch, double baseLr) {
            double x = Math.PI * (epoch - 1.0) / period;
            double w = switch (shape) {
                case TRIANGLE, TRIANGLE_DECAY2, TRIANGLE_EXP -> 2.0 / Math.PI * Math.abs(Math.asin(Math.sin(x)));
                case SIN, SIN_DECAY2, SIN_EXP -> Math.abs(Math.sin(x));
            };
            w *= switch (shape) {
                case TRIANGLE_DECAY2, SIN_DECAY2 -> 1.0 / Math.pow(2.0, Math.floorDiv(epoch - 1, period));
                case TRIANGLE_EXP, SIN_EXP -> Math.pow(decay, epoch - 1);
                default -> 1.0;
            };
            return range * w + offset;
        }
    }

    /** A fixed rate η, as a number inside {@code Sequence} (ParameterSchedulers' {@code Constant}). */
    record Fixed(double rate) implements ScheduleSpec {
        @Override public double learningRate(int epoch, double baseLr) { return rate; }
    }

    /**
     * ParameterSchedulers.jl {@code Sequence([s₁, s₂, …], [n₁, n₂, …])}: sᵢ for nᵢ epochs, each started at its own
     * epoch 1: η(t) = sᵢ(t − (n₁ + … + nᵢ₋₁)) for n₁ + … + nᵢ₋₁ &lt; t ≤ n₁ + … + nᵢ; after all of them the last
     * schedule continues as s_last(t − Σn) (ParameterSchedulers' reading).
     */
    record Sequence(List<ScheduleSpec> schedules, List<Integer> stepSizes) implements ScheduleSpec {
        public Sequence { schedules = List.copyOf(schedules); stepSizes = List.copyOf(stepSizes); }
        @Override public double learningRate(int epoch, double baseLr) {
            long offset = 0;
            for (int i = 0; i < stepSizes.size(); i++) {
                if (epoch <= offset + stepSizes.get(i)) return schedules.get(i).learningRate((int) (epoch - offset), baseLr);
                offset += stepSizes.get(i);
            }
            return schedules.get(schedules.size() - 1).learningRate((int) (epoch - offset), baseLr);
        }
    }

    /** ParameterSchedulers.jl {@code Loop(s, period)}: η(t) = s(mod1(t, period)) = s((t − 1) mod period + 1). */
    record Loop(ScheduleSpec schedule, int period) implements ScheduleSpec {
        @Override public double learningRate(int epoch, double baseLr) {
            return schedule.learningRate(Math.floorMod(epoch - 1, period) + 1, baseLr);
        }
    }

    /** ParameterSchedulers.jl {@code Shifted(s, offset)}: η(t) = s(t − 1 + offset), so epoch 1 reads s at offset. */
    record Shifted(ScheduleSpec schedule, int offset) implements ScheduleSpec {
        @Override public double learningRate(int epoch, double baseLr) { return schedule.learningRate(epoch - 1 + offset, baseLr); }
    }

    /**
     * ParameterSchedulers.jl {@code OneCycle(nsteps, maxval; startval = maxval/25, endval = maxval/1e5,
     * percent_start = 0.25)}: with w = ⌈percent_start·nsteps⌉, w' = nsteps − w and c(t, p) = (1 + cos(π(t−1)/p))/2,
     * <pre>
     * t ≤ w:           η = |startval − maxval| · c(t + w, w) + min(startval, maxval)     (rises to maxval)
     * w &lt; t ≤ nsteps:  η = |maxval − endval| · c(t − w, w') + min(maxval, endval)       (falls to endval)
     * t &gt; nsteps:      η = endval
     * </pre>
     */
    record OneCycle(int nsteps, double maxval, double startval, double endval, double percentStart) implements ScheduleSpec {
        /** w = ⌈percent_start·nsteps⌉. */
        public int warmup() { return (int) Math.ceil(nsteps * percentStart); }

        @Override public double learningRate(int epoch, double baseLr) {
            int w = warmup();
            int down = nsteps - w;
            if (epoch > nsteps) return endval;
            if (epoch <= w) {
                return Math.abs(startval - maxval) * (1 + Math.cos(Math.PI * (epoch + w - 1.0) / w)) / 2 + Math.min(startval, maxval);
            }
            return Math.abs(maxval - endval) * (1 + Math.cos(Math.PI * (epoch - w - 1.0) / down)) / 2 + Math.min(maxval, endval);
        }
    }
}
