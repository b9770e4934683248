package io.github.gomaflow.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.config.GomaConfig;
import io.github.gomaflow.config.ModelParams;
import io.github.gomaflow.config.TrainingParams;
import io.github.gomaflow.flow.FlowEngine;
import io.github.gomaflow.flow.FlowModel;
import io.github.gomaflow.flow.ParameterLayout;
import io.github.gomaflow.io.ProgressListener;
import io.github.gomaflow.io.SafeTensors;
import io.github.gomaflow.io.SafeTensors.FloatTensor;
import io.github.gomaflow.nn.kernel.Kernels;
import io.github.gomaflow.prior.Priors;
import io.github.gomaflow.rng.Streams;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batch norm as in PyTorch/Flux: training steps move the running statistics, checkpoints store and
 * resume them bit-exactly, and in evaluation mode a configuration's density is independent of its
 * batch (tiny config, scalar kernels).
 */
class BatchNormTrainingTest {
    @TempDir Path dir;

    /** {@link TrainingRunTest#tiny} with {@code use_bn = true}. */
    static GomaConfig tinyBn(String name, int epochs, String pretrained) {
        GomaConfig c = TrainingRunTest.tiny(name, epochs, false, pretrained);
        ModelParams m = c.model();
        return new GomaConfig(c.name(), c.version(), c.device(), c.training(), c.physical(),
                new ModelParams(m.seed(), m.nLayers(), m.hiddenSizes(), m.kernelSize(), m.inC(), m.outC(), m.useFinalTanh(), true));
    }

    private Checkpoint run(Path root, GomaConfig c, int threads, boolean resume) throws IOException {
        TrainingRun.execute(c, new TrainingRun.Options(root, threads, resume, false, "test", null), ProgressListener.NONE,
                (cfg, maxBatch, t) -> new EngineFlow(cfg, maxBatch, t, Kernels.scalar()));
        return Checkpoint.read(root.resolve(c.name()).resolve(TrainingRun.FINAL));
    }

    private static float[] initialRunning(GomaConfig c) {
        return FlowModel.create(c.physical().lattice(), c.model()).runningStatistics();
    }

    @Test void trainingMovesTheRunningStatisticsAndCheckpointsStoreThem() throws IOException {
        GomaConfig c = tinyBn("bn", 3, "");
        Checkpoint fin = run(dir, c, 2, false);
        float[] init = initialRunning(c);
        int n = new ParameterLayout(c.physical().lattice(), c.model()).batchNormParameterCount();
        assertTrue(n > 0);
        assertEquals(n, init.length);
        assertEquals(n, fin.runningStatistics().length, "model_final.ckpt must hold the running statistics");
        int changed = 0;
        for (int i = 0; i < n; i++) {
            assertTrue(Float.isFinite(fin.runningStatistics()[i]));
            if (fin.runningStatistics()[i] != init[i]) changed++;
        }
        // 15 steps with momentum 0.1: every mean and variance has moved away from (0, 1)
        assertTrue(changed > n * 9 / 10, "only " + changed + " of " + n + " running statistics moved");
        // the optimiser state stays the optimiser's alone
        assertEquals(java.util.Set.of("adam_m", "adam_v"), fin.optimizerState().keySet());
        Checkpoint latest = Checkpoint.read(dir.resolve("bn").resolve(TrainingRun.LATEST));
        assertArrayEquals(TrainingRunTest.bits(fin.runningStatistics()), TrainingRunTest.bits(latest.runningStatistics()));
        // the tensors are in the safetensors file under their documented names; layer 0, conv 0 has
        // 4 output channels and its running mean comes first in the flat array
        Map<String, FloatTensor> named = SafeTensors.read(dir.resolve("bn").resolve(TrainingRun.FINAL)).tensors();
        FloatTensor t = named.get("layers.0.net.1.running_mean");
        assertArrayEquals(new long[] {4}, t.shape());
        assertArrayEquals(java.util.Arrays.copyOf(fin.runningStatistics(), 4), t.data());
        assertTrue(named.containsKey("layers.0.net.1.running_var"));

        // --pretrained restores them too: two 1-epoch runs from this model, once with and once without
        // the stored statistics, train the same parameters (training uses batch statistics) but end
        // with different running statistics
        Path stripped = dir.resolve("stripped.ckpt");
        new Checkpoint(fin.config(), fin.parameters(), fin.epoch(), fin.metadata(), fin.optimizerState()).write(stripped);
        Checkpoint withStats = run(dir.resolve("p1"), tinyBn("bn", 1, dir.resolve("bn").resolve(TrainingRun.FINAL).toString()), 1, false);
        Checkpoint withoutStats = run(dir.resolve("p2"), tinyBn("bn", 1, stripped.toString()), 1, false);
        assertArrayEquals(TrainingRunTest.bits(withStats.parameters()), TrainingRunTest.bits(withoutStats.parameters()));
        assertTrue(!java.util.Arrays.equals(withStats.runningStatistics(), withoutStats.runningStatistics()),
                "--pretrained must start from the stored running statistics");
    }

    @Test void resumeIsBitIdenticalWithRunningStatistics() throws IOException {
        Path a = dir.resolve("a"), b = dir.resolve("b");
        Checkpoint full = run(a, tinyBn("t", 4, ""), 2, false);
        Checkpoint half = run(b, tinyBn("t", 2, ""), 1, false);
        Checkpoint resumed = run(b, tinyBn("t", 4, ""), 2, true);

        assertArrayEquals(TrainingRunTest.bits(full.parameters()), TrainingRunTest.bits(resumed.parameters()));
        assertArrayEquals(TrainingRunTest.bits(full.runningStatistics()), TrainingRunTest.bits(resumed.runningStatistics()));
        assertArrayEquals(TrainingRunTest.bits(full.optimizerState().get("adam_v")),
                TrainingRunTest.bits(resumed.optimizerState().get("adam_v")));
        // the resumed half really continued from stored, moved statistics
        assertTrue(!java.util.Arrays.equals(half.runningStatistics(), full.runningStatistics()));
        List<String> rows = TrainingRunTest.withoutTiming(a.resolve("t/evaluations.csv"));
        assertEquals(5, rows.size());
        assertEquals(rows, TrainingRunTest.withoutTiming(b.resolve("t/evaluations.csv")));
    }

    @Test void resumeWithoutStoredStatisticsDiffers() throws IOException {
        // control for the test above: dropping the running statistics from checkpoint_latest changes
        // the evaluations after resume (evaluation uses them), so the comparison can fail
        Path a = dir.resolve("a"), b = dir.resolve("b");
        run(a, tinyBn("t", 3, ""), 1, false);
        run(b, tinyBn("t", 2, ""), 1, false);
        Path latest = b.resolve("t").resolve(TrainingRun.LATEST);
        Checkpoint c = Checkpoint.read(latest);
        new Checkpoint(c.config(), c.parameters(), c.epoch(), c.metadata(), c.optimizerState()).write(latest);
        run(b, tinyBn("t", 3, ""), 1, true);
        List<String> ra = TrainingRunTest.withoutTiming(a.resolve("t/evaluations.csv"));
        List<String> rb = TrainingRunTest.withoutTiming(b.resolve("t/evaluations.csv"));
        assertEquals(ra.subList(0, 3), rb.subList(0, 3));
        assertTrue(!ra.get(3).equals(rb.get(3)), "epoch 3 evaluation must depend on the running statistics");
    }

    @Test void checkpointRejectsRunningStatisticsOfTheWrongLength() throws IOException {
        GomaConfig c = tinyBn("bn", 1, "");
        FlowModel m = FlowModel.create(c.physical().lattice(), c.model());
        Path f = dir.resolve("x.ckpt");
        assertThrows(IllegalArgumentException.class, () -> new Checkpoint(c, m.parameters(), 1, Map.of(), Map.of(),
                new float[m.runningStatistics().length - 1]).write(f));
        new Checkpoint(c, m.parameters(), 1, Map.of(), Map.of(), m.runningStatistics()).write(f);
        Map<String, FloatTensor> t = new java.util.LinkedHashMap<>(SafeTensors.read(f).tensors());
        t.put("layers.1.net.1.running_var", FloatTensor.vector(new float[1]));
        SafeTensors.write(f, t, SafeTensors.read(f).metadata());
        assertThrows(BadInputException.class, () -> Checkpoint.read(f));
        GomaConfig plain = TrainingRunTest.tiny("plain", 1, false, "");
        FlowModel pm = FlowModel.create(plain.physical().lattice(), plain.model());
        assertThrows(IllegalArgumentException.class, () -> new Checkpoint(plain, pm.parameters(), 1, Map.of(), Map.of(),
                new float[4]).write(f));
        new Checkpoint(plain, pm.parameters(), 1, Map.of()).write(f);
        Map<String, FloatTensor> p = new java.util.LinkedHashMap<>(SafeTensors.read(f).tensors());
        p.put("layers.0.net.1.running_mean", FloatTensor.vector(new float[4]));
        SafeTensors.write(f, p, SafeTensors.read(f).metadata());
        assertThrows(BadInputException.class, () -> Checkpoint.read(f));
        new Checkpoint(plain, pm.parameters(), 1, Map.of()).write(f);
        assertEquals(0, Checkpoint.read(f).runningStatistics().length);
    }

    @Test void evaluationModeDensityDoesNotDependOnTheBatch() {
        GomaConfig c = tinyBn("bn", 1, "");
        FlowModel model = FlowModel.create(c.physical().lattice(), c.model());
        int v = c.physical().lattice().volume();
        int big = 64, small = 8;
        float[] z = new float[v * big];
        Priors.of(c.training().prior()).sample(Streams.stream(7, "test", 0), z, z.length);
        for (int i = 0; i < z.length; i++) z[i] = 1.5f * z[i] + 0.3f; // away from the (0, 1) statistics
        // the small batch: configurations 56..63 of the big one, in reverse order
        float[] zs = new float[v * small];
        for (int site = 0; site < v; site++) {
            for (int b = 0; b < small; b++) zs[site * small + b] = z[site * big + (big - 1 - b)];
        }
        float[] phiBig = new float[v * big], phiSmall = new float[v * small];
        double[] ldBig = new double[big], ldSmall = new double[small];
        float[] zBack = new float[v * big], zBackS = new float[v * small];
        double[] ildBig = new double[big], ildSmall = new double[small];
        try (FlowEngine engine = new FlowEngine(model, big, 2, Kernels.scalar())) {
            // nontrivial running statistics
            for (int k = 0; k < 5; k++) engine.updateRunningStatistics(z, big);

            // training mode: batch statistics, so the two batches disagree (control)
            engine.forward(z, big, phiBig, ldBig);
            engine.forward(zs, small, phiSmall, ldSmall);
            double maxTrain = 0;
            for (int b = 0; b < small; b++) maxTrain = Math.max(maxTrain, Math.abs(ldSmall[b] - ldBig[big - 1 - b]));
            assertTrue(maxTrain > 1e-3, "batch statistics should make log det batch-dependent, max diff " + maxTrain);

            engine.setBatchNormTraining(false);
            engine.forward(z, big, phiBig, ldBig);
            engine.forward(zs, small, phiSmall, ldSmall);
            for (int b = 0; b < small; b++) {
                assertEquals(ldBig[big - 1 - b], ldSmall[b], 1e-6, "forward log det of configuration " + b);
                for (int site = 0; site < v; site++) {
                    assertEquals(phiBig[site * big + big - 1 - b], phiSmall[site * small + b], 1e-6f);
                }
            }
            // the inverse of the same φ in two batches
            engine.inverse(phiBig, big, zBack, ildBig);
            engine.inverse(phiSmall, small, zBackS, ildSmall);
            for (int b = 0; b < small; b++) {
                assertEquals(ildBig[big - 1 - b], ildSmall[b], 1e-6, "inverse log det of configuration " + b);
                assertEquals(ldSmall[b], ildSmall[b], 1e-4 * Math.max(1, Math.abs(ldSmall[b])), "inverse log det is the forward one");
            }
            for (int site = 0; site < v; site++) {
                for (int b = 0; b < small; b++) assertEquals(zs[site * small + b], zBackS[site * small + b], 1e-4f);
            }
        }
    }
}
