package io.github.gomaflow.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.config.GomaConfig;
import io.github.gomaflow.config.TrainingParams;
import io.github.gomaflow.flow.FlowModel;
import io.github.gomaflow.io.ProgressListener;
import io.github.gomaflow.nn.kernel.Kernels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training on the real float engine: exact resume and thread-count independence (tiny config). The
 * scalar kernels keep this fast on a cold JVM; the kernels' agreement is tested with the engine.
 */
class EngineTrainingTest {
    @TempDir Path dir;

    private Checkpoint run(Path root, GomaConfig c, int threads, boolean resume) throws IOException {
        TrainingRun.execute(c, new TrainingRun.Options(root, threads, resume, false, "test", null), ProgressListener.NONE,
                (cfg, maxBatch, t) -> new EngineFlow(cfg, maxBatch, t, Kernels.scalar()));
        return Checkpoint.read(root.resolve(c.name()).resolve(TrainingRun.FINAL));
    }

    @Test void resumeAndThreadCountGiveBitIdenticalRuns() throws IOException {
        Path a = dir.resolve("a"), b = dir.resolve("b"), c = dir.resolve("c");
        Checkpoint full = run(a, TrainingRunTest.tiny("t", 4, false, ""), 2, false);
        run(b, TrainingRunTest.tiny("t", 2, false, ""), 1, false);
        Checkpoint resumed = run(b, TrainingRunTest.tiny("t", 4, false, ""), 2, true);
        Checkpoint oneThread = run(c, TrainingRunTest.tiny("t", 4, false, ""), 1, false);

        assertArrayEquals(TrainingRunTest.bits(full.parameters()), TrainingRunTest.bits(resumed.parameters()));
        assertArrayEquals(TrainingRunTest.bits(full.parameters()), TrainingRunTest.bits(oneThread.parameters()));
        assertArrayEquals(TrainingRunTest.bits(full.optimizerState().get("adam_m")),
                TrainingRunTest.bits(resumed.optimizerState().get("adam_m")));
        List<String> rows = TrainingRunTest.withoutTiming(a.resolve("t/evaluations.csv"));
        assertEquals(5, rows.size());
        assertEquals(rows, TrainingRunTest.withoutTiming(b.resolve("t/evaluations.csv")));
        assertEquals(rows, TrainingRunTest.withoutTiming(c.resolve("t/evaluations.csv")));

        GomaConfig cfg = TrainingRunTest.tiny("t", 4, false, "");
        float[] init = FlowModel.create(cfg.physical().lattice(), cfg.model()).parameters();
        int changed = 0;
        for (int i = 0; i < init.length; i++) if (init[i] != full.parameters()[i]) changed++;
        assertTrue(changed > init.length / 2, "training moved only " + changed + " of " + init.length + " parameters");
        assertNotEquals(rows.get(1), rows.get(4));
    }

    /** The tiny config with {@code training.gradient} and the batch (70: three chunks) replaced. */
    private static GomaConfig tinyWith(int epochs, TrainingParams.Gradient gradient) {
        GomaConfig c = TrainingRunTest.tiny("p", epochs, false, "");
        TrainingParams t = c.training();
        TrainingParams p = new TrainingParams(t.seed(), 70, t.epochs(), t.iterations(), t.baseLr(), t.optimizer(),
                t.prior(), t.lrScheduler(), t.pretrained(), t.essSamples(), t.nsamples(), t.skipNonfinite(),
                t.evaluation(), t.writeHistory(), gradient);
        return new GomaConfig(c.name(), c.version(), c.device(), p, c.physical(), c.model());
    }

    /**
     * A model the path gradient cannot run (here batch norm, built in code past the config check) is
     * refused in one line before the run directory exists.
     */
    @Test void pathGradientForAnUnsupportedModelIsRefusedBeforeTheRunStarts() {
        GomaConfig c = tinyWith(1, TrainingParams.Gradient.PATH);
        GomaConfig bn = new GomaConfig(c.name(), c.version(), c.device(), c.training(), c.physical(),
                new io.github.gomaflow.config.ModelParams(2021, 2, List.of(4), 3, 1, 2, true, true));
        io.github.gomaflow.BadInputException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.github.gomaflow.BadInputException.class, () -> run(dir.resolve("bn"), bn, 1, false));
        assertTrue(e.getMessage().startsWith("p: training.gradient = \"path\" is not available for this model: batch norm"),
                e.getMessage());
        assertTrue(!e.getMessage().contains("\n") && !java.nio.file.Files.exists(dir.resolve("bn")), e.getMessage());
    }

    /** Path-gradient training: 2 + resume to 3 epochs and 1 thread give the bits of 3 epochs on 2 threads. */
    @Test void pathGradientRunsResumeAndThreadCountBitIdentically() throws IOException {
        Path a = dir.resolve("a"), b = dir.resolve("b"), c = dir.resolve("c"), d = dir.resolve("d");
        Checkpoint full = run(a, tinyWith(3, TrainingParams.Gradient.PATH), 2, false);
        run(b, tinyWith(2, TrainingParams.Gradient.PATH), 2, false);
        Checkpoint resumed = run(b, tinyWith(3, TrainingParams.Gradient.PATH), 2, true);
        Checkpoint oneThread = run(c, tinyWith(3, TrainingParams.Gradient.PATH), 1, false);
        Checkpoint standard = run(d, tinyWith(3, TrainingParams.Gradient.STANDARD), 2, false);

        assertArrayEquals(TrainingRunTest.bits(full.parameters()), TrainingRunTest.bits(resumed.parameters()));
        assertArrayEquals(TrainingRunTest.bits(full.parameters()), TrainingRunTest.bits(oneThread.parameters()));
        assertArrayEquals(TrainingRunTest.bits(full.optimizerState().get("adam_v")),
                TrainingRunTest.bits(resumed.optimizerState().get("adam_v")));
        List<String> rows = TrainingRunTest.withoutTiming(a.resolve("p/evaluations.csv"));
        assertEquals(4, rows.size());
        assertEquals(rows, TrainingRunTest.withoutTiming(b.resolve("p/evaluations.csv")));
        assertEquals(rows, TrainingRunTest.withoutTiming(c.resolve("p/evaluations.csv")));
        assertNotEquals(rows, TrainingRunTest.withoutTiming(d.resolve("p/evaluations.csv")));
        assertTrue(resumed.metadata().get("config").contains("gradient = \"path\""));
    }

    private static GomaConfig tinyZ2(int epochs) {
        GomaConfig t = TrainingRunTest.tiny("z2", epochs, false, "");
        io.github.gomaflow.config.ModelParams m = t.model();
        return new GomaConfig("z2", t.version(), t.device(), t.training(), t.physical(),
                new io.github.gomaflow.config.ModelParams(m.seed(), m.nLayers(), m.hiddenSizes(), m.kernelSize(), m.inC(),
                        m.outC(), m.useFinalTanh(), false, false, true));
    }

    /**
     * z2_equivariant end to end through {@code train}: exact resume, the checkpoint says z2, training
     * moves the parameters, and the trained flow is still exactly odd.
     */
    @Test void z2ModelTrainsResumesAndStaysOdd() throws IOException {
        Path a = dir.resolve("a"), b = dir.resolve("b");
        Checkpoint full = run(a, tinyZ2(4), 2, false);
        run(b, tinyZ2(2), 1, false);
        Checkpoint resumed = run(b, tinyZ2(4), 2, true);
        assertTrue(full.config().model().z2Equivariant());
        assertArrayEquals(TrainingRunTest.bits(full.parameters()), TrainingRunTest.bits(resumed.parameters()));
        GomaConfig cfg = tinyZ2(4);
        FlowModel init = FlowModel.create(cfg.physical().lattice(), cfg.model());
        int changed = 0;
        for (int i = 0; i < init.parameterCount(); i++) if (init.parameters()[i] != full.parameters()[i]) changed++;
        assertTrue(changed > init.parameterCount() / 2, "training moved only " + changed + " of " + init.parameterCount());

        FlowModel trained = FlowModel.withParameters(cfg.physical().lattice(), cfg.model(), full.parameters());
        int batch = 8;
        int n = cfg.physical().lattice().volume() * batch;
        java.util.random.RandomGenerator rng = io.github.gomaflow.rng.Streams.stream(5, "z2-odd");
        float[] z = new float[n];
        float[] minusZ = new float[n];
        for (int i = 0; i < n; i++) {
            z[i] = (float) rng.nextGaussian();
            minusZ[i] = -z[i];
        }
        float[] phi = new float[n];
        float[] phiMinus = new float[n];
        double[] logDet = new double[batch];
        double[] logDetMinus = new double[batch];
        try (io.github.gomaflow.flow.FlowEngine e = new io.github.gomaflow.flow.FlowEngine(trained, batch, 1, Kernels.scalar())) {
            e.forward(z, batch, phi, logDet);
            e.forward(minusZ, batch, phiMinus, logDetMinus);
        }
        for (int i = 0; i < n; i++) assertEquals(-phi[i], phiMinus[i], "site·lane " + i);
        assertArrayEquals(logDet, logDetMinus);
    }
}
