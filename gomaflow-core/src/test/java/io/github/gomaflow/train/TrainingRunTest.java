package io.github.gomaflow.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.config.DeviceParams;
import io.github.gomaflow.config.GomaConfig;
import io.github.gomaflow.config.ModelParams;
import io.github.gomaflow.config.OptimizerSpec;
import io.github.gomaflow.config.PhysicalParams;
import io.github.gomaflow.config.PriorSpec;
import io.github.gomaflow.config.ScheduleSpec;
import io.github.gomaflow.config.TrainingParams;
import io.github.gomaflow.io.MiniJson;
import io.github.gomaflow.io.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run directory, resume and failure handling, on an analytic test flow (fast, engine-independent). */
class TrainingRunTest {
    @TempDir Path dir;

    static GomaConfig tiny(String name, int epochs, boolean skipNonfinite, String pretrained) {
        TrainingParams tp = new TrainingParams(12345, 16, epochs, 5, 0.01, new OptimizerSpec.Adam(0.9, 0.999, 1e-8),
                new PriorSpec.Normal(0, 1), new ScheduleSpec.Exp(0.01, 0.9), pretrained, 64, 128, skipNonfinite);
        return new GomaConfig(name, "0.1.0", new DeviceParams(-1), tp,
                new PhysicalParams(List.of(4, 4), -4.0, 8.0), new ModelParams(2021, 2, List.of(4), 3, 1, 2, true, false));
    }

    private TrainingRun.Options options(boolean resume, boolean force) {
        return new TrainingRun.Options(dir, 2, resume, force, "test", dir);
    }

    private TrainingRun.Summary train(GomaConfig c, boolean resume, boolean force) throws IOException {
        return TrainingRun.execute(c, options(resume, force), ProgressListener.NONE, (cfg, b, t) -> new AffineFlow(cfg));
    }

    @Test void freshRunWritesTheResultDirectory() throws IOException {
        List<String> messages = new ArrayList<>();
        long[] lastDone = {0};
        ProgressListener l = new ProgressListener() {
            @Override public void update(long done, long total, String status) {
                assertEquals(15, total);
                lastDone[0] = done;
            }
            @Override public void message(String line) { messages.add(line); }
        };
        TrainingRun.Summary s = TrainingRun.execute(tiny("tiny", 3, false, ""), options(false, false), l,
                (cfg, b, t) -> new AffineFlow(cfg));
        Path run = dir.resolve("tiny");
        assertEquals(run, s.runDir());
        assertEquals(3, s.lastEpoch());
        assertEquals(15, lastDone[0]);
        for (String f : List.of("config.toml", "evaluations.csv", "provenance.json", "train.log", "model_final.ckpt",
                "model_best_ess.ckpt", "model_best_acceptance.ckpt", "checkpoint_latest.ckpt")) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f);
        }
        List<String> csv = Files.readAllLines(run.resolve("evaluations.csv"));
        assertEquals(EvaluationsCsv.HEADER, csv.get(0));
        assertEquals(4, csv.size());
        assertTrue(csv.get(3).startsWith("3,"), csv.get(3));
        Map<?, ?> prov = (Map<?, ?>) MiniJson.parse(Files.readString(run.resolve("provenance.json")));
        assertEquals("test-affine", prov.get("kernels"));
        assertEquals(12345L, prov.get("training_seed"));
        assertEquals(2L, prov.get("threads"));
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("epoch 3/3")), messages.toString());
        List<String> logged = Files.readAllLines(run.resolve("train.log"));
        assertEquals(messages.size(), logged.size());
        for (int i = 0; i < logged.size(); i++) {
            assertTrue(logged.get(i).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ .*"), logged.get(i));
            assertEquals(messages.get(i), logged.get(i).substring(21));
        }
        Checkpoint fin = Checkpoint.read(run.resolve("model_final.ckpt"));
        assertEquals(3, fin.epoch());
        assertEquals("15", fin.metadata().get("optimizer_step"));
        assertEquals(java.util.Set.of("adam_m", "adam_v"), fin.optimizerState().keySet());
        Checkpoint best = Checkpoint.read(run.resolve("model_best_ess.ckpt"));
        assertEquals(Integer.parseInt(best.metadata().get("best_epoch_ess")), best.epoch());
        assertTrue(s.best().ess() > 0 && s.best().ess() <= 1, "ESS " + s.best().ess());
        assertTrue(s.last().acceptanceRate() > 0 && s.last().acceptanceRate() <= 1);
    }

    /** 4 epochs in one go vs. 2 + resume to 4: bit-identical weights, optimiser state and CSV rows. */
    @Test void resumeIsBitIdenticalToAnUninterruptedRun() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        TrainingRun.execute(tiny("run", 4, false, ""), new TrainingRun.Options(a, 2, false, false, "t", null),
                ProgressListener.NONE, (cfg, m, t) -> new AffineFlow(cfg));
        TrainingRun.execute(tiny("run", 2, false, ""), new TrainingRun.Options(b, 1, false, false, "t", null),
                ProgressListener.NONE, (cfg, m, t) -> new AffineFlow(cfg));
        // an interruption after the CSV row but before the checkpoint of epoch 3 leaves a stray row
        Files.writeString(b.resolve("run/evaluations.csv"), "3,stray row\n", java.nio.file.StandardOpenOption.APPEND);
        TrainingRun.execute(tiny("run", 4, false, ""), new TrainingRun.Options(b, 2, true, false, "t", null),
                ProgressListener.NONE, (cfg, m, t) -> new AffineFlow(cfg));
        Checkpoint ca = Checkpoint.read(a.resolve("run/model_final.ckpt"));
        Checkpoint cb = Checkpoint.read(b.resolve("run/model_final.ckpt"));
        assertEquals(4, cb.epoch());
        assertArrayEquals(bits(ca.parameters()), bits(cb.parameters()));
        assertArrayEquals(bits(ca.optimizerState().get("adam_v")), bits(cb.optimizerState().get("adam_v")));
        assertEquals(ca.metadata().get("optimizer_step"), cb.metadata().get("optimizer_step"));
        assertEquals(withoutTiming(a.resolve("run/evaluations.csv")), withoutTiming(b.resolve("run/evaluations.csv")));
        assertEquals(5, withoutTiming(b.resolve("run/evaluations.csv")).size());
        // and the run really moved the parameters
        assertNotEquals(0f, ca.parameters()[0]);
    }

    /**
     * A time budget spent in the first epoch stops the run after it (final checkpoint and CSV of epoch 1,
     * a line in train.log), and --resume then finishes it bit-identically to an uninterrupted run.
     */
    @Test void aTimeBudgetStopsAfterTheEpochItRunsOutInAndResumeFinishes() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        TrainingRun.execute(tiny("run", 3, false, ""), new TrainingRun.Options(a, 2, false, false, "t", null),
                ProgressListener.NONE, (cfg, m, t) -> new AffineFlow(cfg));
        TrainingRun.Summary s = TrainingRun.execute(tiny("run", 3, false, ""),
                new TrainingRun.Options(b, 2, false, false, "t", null, true, 1e-9), ProgressListener.NONE,
                (cfg, m, t) -> new AffineFlow(cfg));
        assertEquals(1, s.lastEpoch());
        assertEquals(1, Checkpoint.read(b.resolve("run/model_final.ckpt")).epoch());
        assertEquals(2, withoutTiming(b.resolve("run/evaluations.csv")).size());
        assertTrue(Files.readString(b.resolve("run/train.log")).contains("time budget of 0 s reached after epoch 1 of 3"));
        TrainingRun.execute(tiny("run", 3, false, ""), new TrainingRun.Options(b, 2, true, false, "t", null),
                ProgressListener.NONE, (cfg, m, t) -> new AffineFlow(cfg));
        assertArrayEquals(bits(Checkpoint.read(a.resolve("run/model_final.ckpt")).parameters()),
                bits(Checkpoint.read(b.resolve("run/model_final.ckpt")).parameters()));
        assertEquals(withoutTiming(a.resolve("run/evaluations.csv")), withoutTiming(b.resolve("run/evaluations.csv")));
        assertThrows(io.github.gomaflow.BadInputException.class, () -> new TrainingRun.Options(b, 2, false, false, "t", null, true, 0));
    }

    /** The same for a Flux optimiser with three state arrays (OAdam: m, v and the previous step). */
    @Test void resumeWithOAdamIsBitIdentical() throws IOException {
        OptimizerSpec oadam = OptimizerSpec.Flux.defaults(OptimizerSpec.Rule.OADAM);
        java.util.function.IntFunction<GomaConfig> config = epochs -> {
            GomaConfig t = tiny("run", epochs, false, "");
            TrainingParams p = t.training();
            return new GomaConfig(t.name(), t.version(), t.device(), new TrainingParams(p.seed(), p.batchsize(), p.epochs(),
                    p.iterations(), p.baseLr(), oadam, p.prior(), p.lrScheduler(), p.pretrained(), p.essSamples(),
                    p.nsamples(), p.skipNonfinite()), t.physical(), t.model());
        };
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        TrainingRun.execute(config.apply(4), new TrainingRun.Options(a, 2, false, false, "t", null),
                ProgressListener.NONE, (cfg, m, t) -> new AffineFlow(cfg));
        TrainingRun.execute(config.apply(2), new TrainingRun.Options(b, 1, false, false, "t", null),
                ProgressListener.NONE, (cfg, m, t) -> new AffineFlow(cfg));
        TrainingRun.execute(config.apply(4), new TrainingRun.Options(b, 2, true, false, "t", null),
                ProgressListener.NONE, (cfg, m, t) -> new AffineFlow(cfg));
        Checkpoint ca = Checkpoint.read(a.resolve("run/model_final.ckpt"));
        Checkpoint cb = Checkpoint.read(b.resolve("run/model_final.ckpt"));
        assertEquals("OAdam", cb.metadata().get("optimizer"));
        assertArrayEquals(bits(ca.parameters()), bits(cb.parameters()));
        for (String k : List.of("oadam_m", "oadam_v", "oadam_previous_delta")) {
            assertNotEquals(null, cb.optimizerState().get(k), k);
            assertArrayEquals(bits(ca.optimizerState().get(k)), bits(cb.optimizerState().get(k)), k);
        }
        assertEquals(ca.metadata().get("optimizer_step"), cb.metadata().get("optimizer_step"));
        assertNotEquals(0f, ca.parameters()[0]);
    }

    @Test void existingRunDirectoryNeedsResumeOrForce() throws IOException {
        train(tiny("x", 1, false, ""), false, false);
        BadInputException e = assertThrows(BadInputException.class, () -> train(tiny("x", 1, false, ""), false, false));
        assertTrue(e.getMessage().contains("--force") && e.getMessage().contains("--resume"), e.getMessage());
        Files.writeString(dir.resolve("x/notes.txt"), "mine");
        train(tiny("x", 2, false, ""), false, true);
        assertEquals(3, Files.readAllLines(dir.resolve("x/evaluations.csv")).size());
        assertTrue(Files.exists(dir.resolve("x/notes.txt")), "--force deletes only gomaflow's own files");
        assertThrows(BadInputException.class, () -> train(tiny("nothing", 1, false, ""), true, false));
    }

    @Test void resumeOfARunKilledBeforeItsFirstCheckpointStartsAfresh() throws IOException {
        train(tiny("early", 1, false, ""), false, false);
        for (String f : new String[] {"checkpoint_latest.ckpt", "model_final.ckpt", "model_best_ess.ckpt",
                "model_best_acceptance.ckpt", "evaluations.csv", "history_best_ess.npz", "history_final.npz"}) {
            Files.deleteIfExists(dir.resolve("early").resolve(f));
        }
        TrainingRun.Summary s = train(tiny("early", 2, false, ""), true, false);
        assertEquals(2, s.epochsThisRun());
        assertEquals(3, Files.readAllLines(dir.resolve("early/evaluations.csv")).size());
        // a file that is not gomaflow's own still needs a decision from the user
        Files.delete(dir.resolve("early/checkpoint_latest.ckpt"));
        Files.writeString(dir.resolve("early/notes.txt"), "mine");
        assertThrows(BadInputException.class, () -> train(tiny("early", 2, false, ""), true, false));
    }

    @Test void resumingAFinishedRunTrainsNothingAndKeepsItsRows() throws IOException {
        train(tiny("done", 2, false, ""), false, false);
        List<String> rows = Files.readAllLines(dir.resolve("done/evaluations.csv"));
        TrainingRun.Summary s = train(tiny("done", 2, false, ""), true, false);
        assertEquals(2, s.lastEpoch());
        assertEquals(0, s.epochsThisRun());
        assertEquals(null, s.last());
        assertEquals(rows, Files.readAllLines(dir.resolve("done/evaluations.csv")));
        assertEquals(2, Checkpoint.read(dir.resolve("done/model_final.ckpt")).epoch());
    }

    @Test void resumeRejectsAChangedConfiguration() throws IOException {
        train(tiny("y", 1, false, ""), false, false);
        GomaConfig c = tiny("y", 3, false, "");
        TrainingParams t = c.training();
        GomaConfig changed = new GomaConfig("y", c.version(), c.device(), new TrainingParams(t.seed() + 1, t.batchsize(),
                t.epochs(), t.iterations(), t.baseLr(), t.optimizer(), t.prior(), t.lrScheduler(), "", t.essSamples(),
                t.nsamples(), false), c.physical(), c.model());
        BadInputException e = assertThrows(BadInputException.class, () -> train(changed, true, false));
        assertTrue(e.getMessage().contains("differs"), e.getMessage());
    }

    @Test void nonFiniteGradientStopsNamingEpochStepAndParameter() throws IOException {
        TrainingRun.FlowFactory poisoned = (cfg, m, t) -> {
            AffineFlow f = new AffineFlow(cfg);
            f.poisonCall = 7; // epoch 2, step 2
            return f;
        };
        NonFiniteException e = assertThrows(NonFiniteException.class, () -> TrainingRun.execute(tiny("nan", 3, false, ""),
                options(false, false), ProgressListener.NONE, poisoned));
        assertEquals(2, e.epoch());
        assertEquals(2, e.step());
        assertTrue(e.getMessage().contains("epoch 2, step 2") && e.getMessage().contains("shift c"), e.getMessage());
        assertTrue(e.getMessage().contains("checkpoint_latest.ckpt (epoch 1)"), e.getMessage());
        assertEquals(1, Checkpoint.read(dir.resolve("nan/checkpoint_latest.ckpt")).epoch());
        assertFalse(Files.exists(dir.resolve("nan/model_final.ckpt")));
        assertTrue(Files.readString(dir.resolve("nan/train.log")).contains("epoch 2, step 2"));

        TrainingRun.Summary s = TrainingRun.execute(tiny("skip", 3, true, ""), options(false, false), ProgressListener.NONE,
                poisoned);
        assertEquals(3, s.lastEpoch());
        List<String> rows = Files.readAllLines(dir.resolve("skip/evaluations.csv"));
        assertTrue(rows.get(2).endsWith(",1"), rows.get(2));
        assertTrue(rows.get(1).endsWith(",0"), rows.get(1));
        assertEquals("14", Checkpoint.read(dir.resolve("skip/model_final.ckpt")).metadata().get("optimizer_step"));
    }

    @Test void pretrainedWeightsStartWithAFreshOptimiser() throws IOException {
        train(tiny("base", 2, false, ""), false, false);
        Path ckpt = dir.resolve("base/model_final.ckpt");
        float[] pre = Checkpoint.read(ckpt).parameters();
        float[][] seen = new float[1][];
        TrainingRun.execute(tiny("fine", 1, false, ckpt.toString()), options(false, false), ProgressListener.NONE,
                (cfg, m, t) -> new AffineFlow(cfg) {
                    @Override public void lossGradient(float[] z, int batch, io.github.gomaflow.action.Target a,
                                                       float[] phi, double[] logDet, double[] s, float[] grad) {
                        if (seen[0] == null) seen[0] = parameters().clone();
                        super.lossGradient(z, batch, a, phi, logDet, s, grad);
                    }
                });
        assertArrayEquals(bits(pre), bits(seen[0]));
        assertEquals("5", Checkpoint.read(dir.resolve("fine/model_final.ckpt")).metadata().get("optimizer_step"));
        GomaConfig other = tiny("other", 1, false, ckpt.toString());
        GomaConfig wider = new GomaConfig("other", other.version(), other.device(), other.training(), other.physical(),
                new ModelParams(2021, 2, List.of(6), 3, 1, 2, true, false));
        BadInputException e = assertThrows(BadInputException.class, () -> train(wider, false, false));
        assertTrue(e.getMessage().contains(ckpt.toString()), e.getMessage());
    }

    static int[] bits(float[] a) {
        int[] b = new int[a.length];
        for (int i = 0; i < a.length; i++) b[i] = Float.floatToRawIntBits(a[i]);
        return b;
    }

    /** CSV rows with the timing columns blanked. */
    static List<String> withoutTiming(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = Arrays.asList(lines.get(0).split(","));
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String[] cells = line.split(",", -1);
            for (String col : EvaluationsCsv.TIMING_COLUMNS) cells[header.indexOf(col)] = "";
            out.add(String.join(",", cells));
        }
        return out;
    }
}
