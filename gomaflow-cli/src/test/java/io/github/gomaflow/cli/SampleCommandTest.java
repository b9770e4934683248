package io.github.gomaflow.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.config.ConfigLoader;
import io.github.gomaflow.config.GomaConfig;
import io.github.gomaflow.flow.FlowModel;
import io.github.gomaflow.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleCommandTest {
    @TempDir Path dir;
    Path runDir;

    /** A run directory holding an untrained (randomly initialised) small flow as model_final.ckpt. */
    @BeforeEach void writeRunDirectory() throws IOException {
        runDir = dir.resolve("run");
        Files.createDirectories(runDir);
        GomaConfig cfg = smallConfig("small", false);
        FlowModel model = FlowModel.create(cfg.physical().lattice(), cfg.model());
        new Checkpoint(cfg, model.parameters(), 1, Map.of()).write(runDir.resolve("model_final.ckpt"));
    }

    @Test void samplesFromARunDirectoryIndependentlyOfThreads() throws IOException {
        var r = HmcCommandTest.run("sample", runDir.toString(), "--n", "300", "--threads", "2", "--quiet");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("sample: 300 configurations of small"), r.out());
        assertTrue(r.out().contains("acceptance"), r.out());
        Path ens = runDir.resolve("ensemble.npz");
        List<String> h = HmcCommandTest.headers(ens);
        assertTrue(h.get(0).startsWith("cfgs.npy {'descr': '<f4', 'fortran_order': False, 'shape': (300, 4, 4), }"),
                h.get(0));
        Path other = dir.resolve("one-thread.npz");
        var r1 = HmcCommandTest.run("sample", runDir.resolve("model_final.ckpt").toString(), "--n", "300", "--threads",
                "1", "--out", other.toString(), "--quiet");
        assertEquals(0, r1.code(), r1.err());
        assertArrayEquals(Files.readAllBytes(ens), Files.readAllBytes(other));
    }

    /**
     * A batch-norm model samples with the running statistics stored in its checkpoint (evaluation
     * mode): two checkpoints that differ only in them give different chains. In training mode, or
     * if the statistics were not restored, both chains would be identical.
     */
    @Test void batchNormModelSamplesWithItsStoredRunningStatistics() throws IOException {
        GomaConfig cfg = smallConfig("smallbn", true);
        FlowModel model = FlowModel.create(cfg.physical().lattice(), cfg.model());
        int v = cfg.physical().lattice().volume(), b = 32;
        float[] z = new float[v * b];
        for (int i = 0; i < z.length; i++) z[i] = 0.7f + 0.05f * (i % 17);
        try (var engine = new io.github.gomaflow.flow.FlowEngine(model, b, 1)) {
            for (int k = 0; k < 10; k++) engine.updateRunningStatistics(z, b);
        }
        Path withStats = dir.resolve("with.ckpt"), without = dir.resolve("without.ckpt");
        new Checkpoint(cfg, model.parameters(), 1, Map.of(), Map.of(), model.runningStatistics()).write(withStats);
        new Checkpoint(cfg, model.parameters(), 1, Map.of()).write(without);
        Path e1 = dir.resolve("with.npz"), e2 = dir.resolve("without.npz");
        var r1 = HmcCommandTest.run("sample", withStats.toString(), "--n", "200", "--threads", "1", "--out", e1.toString(), "--quiet");
        var r2 = HmcCommandTest.run("sample", without.toString(), "--n", "200", "--threads", "1", "--out", e2.toString(), "--quiet");
        assertEquals(0, r1.code(), r1.err());
        assertEquals(0, r2.code(), r2.err());
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(e1), Files.readAllBytes(e2)),
                "the stored running statistics must change the chain");
    }

    @Test void badInputGivesOneLineAndExitCode2() throws IOException {
        Path corrupt = dir.resolve("corrupt.ckpt");
        Files.write(corrupt, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        String[][] cases = {
                {"sample", runDir.toString(), "--n", "0"},
                {"sample", runDir.toString(), "--n", "-5"},
                {"sample", dir.resolve("nowhere").toString(), "--n", "10"},
                {"sample", runDir.toString(), "--n", "10", "--model", "best_ess"},
                {"sample", runDir.toString(), "--n", "10", "--model", "latest"},
                {"sample", corrupt.toString(), "--n", "10"},
                {"sample", runDir.toString(), "--n", "10", "--threads", "0"},
        };
        for (String[] args : cases) {
            var r = HmcCommandTest.run(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().startsWith("gomaflow: "), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
        try (var files = Files.list(runDir)) {
            assertEquals(1, files.count(), "nothing may be written on bad input");
        }
    }

    /** A 4×4 configuration with a 2-layer flow (hidden [4]), optionally with batch norm. */
    private static GomaConfig smallConfig(String name, boolean batchNorm) {
        return ConfigLoader.parse("""
                [training]
                seed = 11
                [physical]
                L = 4
                Nd = 2
                M2 = -1.0
                lam = 1.0
                [model]
                n_layers = 2
                hidden_sizes = [4]
                use_bn = %s
                """.formatted(batchNorm), name, w -> {});
    }
}
