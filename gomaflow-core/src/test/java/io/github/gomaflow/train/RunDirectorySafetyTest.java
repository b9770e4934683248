package io.github.gomaflow.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.config.GomaConfig;
import io.github.gomaflow.io.DirectoryLock;
import io.github.gomaflow.io.ProgressListener;
import io.github.gomaflow.io.Temporaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --resume never starts afresh over results; run names are plain; one process per run directory; --force. */
class RunDirectorySafetyTest {
    @TempDir Path dir;

    private TrainingRun.Summary train(GomaConfig c, boolean resume, boolean force) throws IOException {
        return TrainingRun.execute(c, new TrainingRun.Options(dir, 1, resume, force, "t", null, !resume),
                ProgressListener.NONE, (cfg, b, t) -> new AffineFlow(cfg));
    }

    private byte[] finalModel() throws IOException {
        return Files.readAllBytes(dir.resolve("run").resolve(TrainingRun.FINAL));
    }

    @Test void resumeRefusesToStartAfreshWhenTheLatestCheckpointIsMissing() throws IOException {
        train(TrainingRunTest.tiny("run", 2, false, ""), false, false);
        byte[] before = finalModel();
        List<String> rows = Files.readAllLines(dir.resolve("run").resolve(TrainingRun.EVALUATIONS));
        Files.delete(dir.resolve("run").resolve(TrainingRun.LATEST));
        BadInputException e = assertThrows(BadInputException.class, () -> train(TrainingRunTest.tiny("run", 2, false, ""), true, false));
        assertTrue(e.getMessage().contains("nothing to resume") && e.getMessage().contains("--force"), e.getMessage());
        assertArrayEquals(before, finalModel(), "model_final.ckpt untouched");
        assertEquals(rows, Files.readAllLines(dir.resolve("run").resolve(TrainingRun.EVALUATIONS)));
    }

    @Test void resumeRefusesANonRegularLatestCheckpoint() throws IOException {
        train(TrainingRunTest.tiny("run", 1, false, ""), false, false);
        byte[] before = finalModel();
        Path latest = dir.resolve("run").resolve(TrainingRun.LATEST);
        for (String kind : new String[] {"directory", "loop", "device"}) {
            Files.deleteIfExists(latest);
            switch (kind) {
                case "directory" -> Files.createDirectory(latest);
                case "loop" -> Files.createSymbolicLink(latest, latest.getFileName());
                default -> Files.createSymbolicLink(latest, Path.of("/dev/zero"));
            }
            BadInputException e = assertThrows(BadInputException.class, () -> train(TrainingRunTest.tiny("run", 1, false, ""), true, false), kind);
            assertTrue(e.getMessage().contains("is not a regular file"), kind + ": " + e.getMessage());
            assertArrayEquals(before, finalModel(), kind);
            if (kind.equals("directory")) Files.delete(latest);
        }
    }

    @Test void resumeNeverOverwritesAUsersOwnFilesOfTheSameNames() throws IOException {
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve(TrainingRun.CONFIG), "# my notes\n");
        Files.writeString(run.resolve(TrainingRun.LOG), "my log\n");
        Files.writeString(run.resolve(TrainingRun.EVALUATIONS), "a,b\n1,2\n");
        assertThrows(BadInputException.class, () -> train(TrainingRunTest.tiny("run", 1, false, ""), true, false));
        assertEquals("# my notes\n", Files.readString(run.resolve(TrainingRun.CONFIG)));
        assertEquals("my log\n", Files.readString(run.resolve(TrainingRun.LOG)));
    }

    @Test void resumeAfterAKillInTheFirstEpochStartsAfresh() throws IOException {
        // what a kill during epoch 1 leaves: our config.toml, the log, provenance, a header-only CSV
        train(TrainingRunTest.tiny("run", 1, false, ""), false, false);
        Path run = dir.resolve("run");
        for (String f : new String[] {TrainingRun.FINAL, TrainingRun.LATEST, TrainingRun.BEST_ESS, TrainingRun.BEST_ACCEPTANCE,
                TrainingRun.HISTORY_FINAL, TrainingRun.HISTORY_BEST_ESS}) {
            Files.delete(run.resolve(f));
        }
        List<String> csv = Files.readAllLines(run.resolve(TrainingRun.EVALUATIONS));
        Files.write(run.resolve(TrainingRun.EVALUATIONS), csv.subList(0, 1));
        TrainingRun.Summary s = train(TrainingRunTest.tiny("run", 1, false, ""), true, false);
        assertEquals(1, s.lastEpoch());
        assertTrue(Files.isRegularFile(run.resolve(TrainingRun.FINAL)));
    }

    @Test void resumeKeepsTheEpochsTheRunWasStartedWith() throws IOException {
        train(TrainingRunTest.tiny("run", 3, false, ""), false, false);
        Files.delete(dir.resolve("run").resolve(TrainingRun.FINAL));
        // resumed with the configuration's own epochs (say 200) but without --epochs: the run's 3 hold
        TrainingRun.Summary s = TrainingRun.execute(TrainingRunTest.tiny("run", 200, false, ""),
                new TrainingRun.Options(dir, 1, true, false, "t", null, false), ProgressListener.NONE, (cfg, b, t) -> new AffineFlow(cfg));
        assertEquals(3, s.lastEpoch());
        assertEquals("3", Checkpoint.read(dir.resolve("run").resolve(TrainingRun.FINAL)).metadata().get("target_epochs"));
    }

    @Test void runNamesMustBePlainFileNames() {
        for (String bad : new String[] {"..", ".", "", "a/b", "x\u0001"}) {
            BadInputException e = assertThrows(BadInputException.class, () -> TrainingRun.requirePlainName(bad), bad);
            assertTrue(e.getMessage().contains("not a plain file name"), e.getMessage());
        }
        TrainingRun.requirePlainName("example2d_E1");
        TrainingRun.requirePlainName("...x");
        assertThrows(BadInputException.class, () -> train(TrainingRunTest.tiny("..", 1, false, ""), false, true));
        assertFalse(Files.exists(dir.resolve(TrainingRun.CONFIG)), "nothing written into the parent of the run");
    }

    @SuppressWarnings("try")
    @Test void aSecondProcessOnTheSameRunDirectoryIsRefusedWithTheHoldersPid() throws IOException {
        Path run = Files.createDirectories(dir.resolve("run"));
        try (DirectoryLock held = DirectoryLock.acquire(run, "gomaflow train")) {
            assertTrue(DirectoryLock.isLocked(run));
            BadInputException e = assertThrows(BadInputException.class, () -> train(TrainingRunTest.tiny("run", 1, false, ""), false, true));
            assertTrue(e.getMessage().contains("is in use by process " + ProcessHandle.current().pid()), e.getMessage());
            assertFalse(Files.exists(run.resolve(TrainingRun.CONFIG)), "the refused run wrote nothing");
        }
        assertFalse(DirectoryLock.isLocked(run));
        train(TrainingRunTest.tiny("run", 1, false, ""), false, true);
        assertFalse(DirectoryLock.isLocked(run), "released at the end");
    }

    @Test void forceRemovesWhatBelongedToTheOldRunButNothingElse() throws IOException {
        train(TrainingRunTest.tiny("run", 1, false, ""), false, false);
        Path run = dir.resolve("run");
        Files.writeString(run.resolve("ensemble.npz"), "old ensemble");
        Files.writeString(run.resolve("report.html"), "old report");
        Files.createDirectories(run.resolve("plots"));
        Files.writeString(run.resolve("plots/G_t.png"), "old plot");
        Files.writeString(run.resolve("notes.txt"), "mine");
        assertThrows(BadInputException.class, () -> train(TrainingRunTest.tiny("run", 1, false, ""), false, false));
        assertTrue(Files.exists(run.resolve("ensemble.npz")), "refused without --force: untouched");
        train(TrainingRunTest.tiny("run", 1, false, ""), false, true);
        assertFalse(Files.exists(run.resolve("ensemble.npz")));
        assertFalse(Files.exists(run.resolve("report.html")));
        assertFalse(Files.exists(run.resolve("plots")));
        assertEquals("mine", Files.readString(run.resolve("notes.txt")), "the user's file stays");
    }

    @Test void staleTemporariesOfDeadProcessesAreRemovedAndLiveOnesKept() throws IOException {
        Path run = Files.createDirectories(dir.resolve("t"));
        long dead = 2_000_000_000L;   // far above pid_max: no such process
        Path stale1 = Files.writeString(run.resolve(".model_best_acceptance.ckpt." + dead + ".1a2b.tmp"), "x");
        Path stale2 = Files.writeString(run.resolve(".ensemble.npz." + dead + ".ff.cfgs.npy"), "x");
        Path live = Files.writeString(run.resolve(".ensemble.npz." + ProcessHandle.current().pid() + ".ff.cfgs.npy"), "x");
        Path user = Files.writeString(run.resolve(".my.1.tmp"), "x");
        assertEquals(2, Temporaries.removeStale(run));
        assertFalse(Files.exists(stale1));
        assertFalse(Files.exists(stale2));
        assertTrue(Files.exists(live));
        assertTrue(Files.exists(user), "not our name pattern");
    }

    @Test void provenanceKeepsTheEarlierSessionsOnResume() throws IOException {
        train(TrainingRunTest.tiny("run", 1, false, ""), false, false);
        Files.delete(dir.resolve("run").resolve(TrainingRun.FINAL));
        TrainingRun.execute(TrainingRunTest.tiny("run", 2, false, ""), new TrainingRun.Options(dir, 1, true, false, "t", null, true),
                ProgressListener.NONE, (cfg, b, t) -> new AffineFlow(cfg));
        String p = Files.readString(dir.resolve("run").resolve(TrainingRun.PROVENANCE));
        assertTrue(p.contains("\"earlier_sessions\": [{") && p.contains("\"start_epoch\": 2"), p);
        assertTrue(p.indexOf("\"start_epoch\": 1") > p.indexOf("earlier_sessions"), "the first session is kept: " + p);
    }
}
