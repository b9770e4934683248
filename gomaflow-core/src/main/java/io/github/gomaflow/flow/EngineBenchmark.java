package io.github.gomaflow.flow;

import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.config.ModelParams;
import io.github.gomaflow.lattice.Lattice;
import io.github.gomaflow.rng.Streams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Quick throughput figures of the flow engine for {@code gomaflow bench} (JMH in gomaflow-bench is
 * the careful measurement). Every case is the example2d model (16 coupling layers, CNN 1→8→8→2,
 * k = 3, its initial weights; cost does not depend on the weights) with the φ⁴ action m² = −4, λ = 8:
 * <ul>
 *   <li>{@code train_step_ms}: median wall time of one {@link FlowEngine#lossGradient} at batch 64
 *       (forward, S, ∂S/∂φ, backward, gradient sum: one training step without the optimiser);</li>
 *   <li>{@code sample_8192_ms}: 8192 configurations through the flow with log q = log r(z) − log det J
 *       and S, in batches of {@value #SAMPLE_BATCH}: {@value #SAMPLE_BATCH}/8192 times the median time
 *       per batch (the prior draws are made once beforehand and not timed).</li>
 * </ul>
 * A quarter of the time budget warms the (shared) kernels up on the cheapest case, since the
 * Vector API needs ~100 steps before C2 has compiled them; then each case gets an equal share of
 * the rest, a fifth of it as further warm-up.
 */
public final class EngineBenchmark {
    /** Configurations per timed sampling batch. */
    public static final int SAMPLE_BATCH = 512;
    /** Batch of a training step (example2d). */
    public static final int TRAIN_BATCH = 64;

    /** A benchmark case: name (e.g. "2d_L8") and lattice. */
    public record Case(String name, Lattice lattice) {
        /** The cases of {@code gomaflow bench}: 2d_L8, 2d_L16, 3d_L8. */
        public static List<Case> standard() {
            return List.of(new Case("2d_L8", new Lattice(8, 8)), new Case("2d_L16", new Lattice(16, 16)),
                    new Case("3d_L8", new Lattice(8, 8, 8)));
        }

        /** The standard case of that name. */
        public static Case named(String name) {
            for (Case c : standard()) if (c.name.equals(name)) return c;
            throw new IllegalArgumentException("unknown case " + name + ", allowed: 2d_L8, 2d_L16, 3d_L8");
        }
    }

    /** Medians of one case, in milliseconds. */
    public record CaseResult(String name, double trainStepMs, double sample8192Ms, int trainSteps, int sampleBatches) {}

    /** All cases of one run. */
    public record Result(int threads, String kernels, List<CaseResult> cases) {
        /** {"threads":…, "kernels":…, "cases":{NAME:{"train_step_ms":…, "sample_8192_ms":…}, …}} */
        public String toJson() {
            StringBuilder sb = new StringBuilder();
            sb.append("{\"threads\":").append(threads).append(",\"kernels\":\"").append(kernels).append("\",\"cases\":{");
            for (int i = 0; i < cases.size(); i++) {
                CaseResult c = cases.get(i);
                if (i > 0) sb.append(',');
                sb.append('"').append(c.name()).append("\":{\"train_step_ms\":").append(fmt(c.trainStepMs()))
                        .append(",\"sample_8192_ms\":").append(fmt(c.sample8192Ms())).append('}');
            }
            return sb.append("}}").toString();
        }

        /** A readable table. */
        public String toTable() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "gomaflow bench: %d thread(s), %s kernels, example2d model (16 layers, [8, 8], k=3)%n",
                    threads, kernels));
            sb.append(String.format(Locale.ROOT, "%-8s %16s %18s %22s%n", "case", "train step (ms)", "8192 samples (ms)",
                    "steps / batches timed"));
            for (CaseResult c : cases) {
                sb.append(String.format(Locale.ROOT, "%-8s %16.2f %18.1f %10d / %-10d%n", c.name(), c.trainStepMs(),
                        c.sample8192Ms(), c.trainSteps(), c.sampleBatches()));
            }
            sb.append("train step: batch 64, median; samples: forward + log q + S, batches of ")
                    .append(SAMPLE_BATCH).append(", median batch time × ").append(8192 / SAMPLE_BATCH).append(System.lineSeparator())
                    .append("steps / batches timed: how many training steps and sampling batches the medians are taken over"
                            + " (after warm-up; each case runs for a fixed time)").append(System.lineSeparator());
            return sb.toString();
        }

        private static String fmt(double x) { return String.format(Locale.ROOT, "%.3f", x); }
    }

    private EngineBenchmark() { }

    /** The example2d model on a lattice. */
    public static ModelParams example2dModel() {
        return new ModelParams(2021, 16, List.of(8, 8), 3, 1, 2, true, false);
    }

    /**
     * Runs the standard cases.
     *
     * @param threads engine threads ≥ 1
     * @param seconds total time budget (> 0)
     * @param log     receives one line per case as it starts (may be a no-op)
     */
    public static Result run(int threads, double seconds, Consumer<String> log) {
        List<CaseResult> results = new ArrayList<>();
        String kernels = null;
        List<Case> cases = Case.standard();
        long total = (long) (seconds * 1e9);
        log.accept("warming up (the kernels are shared by all cases) …");
        try (FlowEngine engine = new FlowEngine(FlowModel.create(cases.get(0).lattice(), example2dModel()), SAMPLE_BATCH, threads)) {
            measure(cases.get(0).name(), engine, total / 4, 0.75);
        }
        for (Case c : cases) {
            log.accept("measuring " + c.name() + " …");
            long budget = total * 3 / 4 / cases.size();
            FlowModel model = FlowModel.create(c.lattice(), example2dModel());
            try (FlowEngine engine = new FlowEngine(model, SAMPLE_BATCH, threads)) {
                kernels = engine.kernels();
                results.add(measure(c.name(), engine, budget, 0.2));
            }
        }
        return new Result(threads, kernels, List.copyOf(results));
    }

    private static CaseResult measure(String name, FlowEngine engine, long budgetNanos, double warmFraction) {
        Lattice lattice = engine.model().lattice();
        int v = lattice.volume();
        ScalarPhi4Action action = new ScalarPhi4Action(lattice, -4, 8);
        float[] z = new float[v * SAMPLE_BATCH];
        RandomGenerator rng = Streams.stream(1, "bench");
        for (int i = 0; i < z.length; i++) z[i] = (float) rng.nextGaussian();
        float[] phi = new float[z.length];
        double[] logDet = new double[SAMPLE_BATCH];
        double[] s = new double[SAMPLE_BATCH];
        double[] logQ = new double[SAMPLE_BATCH];
        float[] grad = new float[engine.model().parameterCount()];
        double[] train = time(budgetNanos / 2, warmFraction, () -> engine.lossGradient(z, TRAIN_BATCH, action, phi, logDet, s, grad));
        double[] sample = time(budgetNanos / 2, warmFraction, () -> {
            engine.forward(z, SAMPLE_BATCH, phi, logDet);
            logQ(z, SAMPLE_BATCH, v, logDet, logQ);
            action.action(phi, SAMPLE_BATCH, s);
        });
        return new CaseResult(name, median(train), median(sample) * (8192.0 / SAMPLE_BATCH), train.length, sample.length);
    }

    /**
     * log q(φ_b) = log r(z_b) − logDet_b for the standard normal prior r.
     *
     * @param z      [V·B] (read); logDet [≥B] (read); logQ [≥B] (written)
     */
    public static void logQ(float[] z, int batch, int volume, double[] logDet, double[] logQ) {
        double c = -0.5 * Math.log(2 * Math.PI) * volume;
        Arrays.fill(logQ, 0, batch, c);
        for (int site = 0; site < volume; site++) {
            for (int b = 0; b < batch; b++) {
                double x = z[site * batch + b];
                logQ[b] -= 0.5 * x * x;
            }
        }
        for (int b = 0; b < batch; b++) logQ[b] -= logDet[b];
    }

    /** Runs {@code op} for a fraction of the budget as warm-up, then times it until the budget is spent (≥ 3 times). */
    private static double[] time(long budgetNanos, double warmFraction, Runnable op) {
        long start = System.nanoTime();
        long warmEnd = start + (long) (budgetNanos * warmFraction);
        long end = start + budgetNanos;
        do {
            op.run();
        } while (System.nanoTime() < warmEnd);
        double[] ms = new double[64];
        int n = 0;
        do {
            long t0 = System.nanoTime();
            op.run();
            long t1 = System.nanoTime();
            if (n == ms.length) ms = Arrays.copyOf(ms, 2 * n);
            ms[n++] = (t1 - t0) / 1e6;
        } while (n < 3 || System.nanoTime() < end);
        return Arrays.copyOf(ms, n);
    }

    private static double median(double[] x) {
        double[] y = x.clone();
        Arrays.sort(y);
        int n = y.length;
        return n % 2 == 1 ? y[n / 2] : 0.5 * (y[n / 2 - 1] + y[n / 2]);
    }
}
