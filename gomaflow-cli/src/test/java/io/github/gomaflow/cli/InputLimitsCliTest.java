package io.github.gomaflow.cli;

import static io.github.gomaflow.cli.CliRun.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import io.github.gomaflow.cli.CliRun.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Input that used to crash (OutOfMemoryError, StackOverflowError) or hang gives one clear line and exit 2. */
class InputLimitsCliTest {
    @TempDir Path dir;


    private Path config(String name, String training, String model) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, "[training]\n" + training + "\n[physical]\nL = 8\nNd = 2\nM2 = -4.0\nlam = 8.0\n[model]\n" + model + "\n");
        return f;
    }

    private static void oneLineExit2(Run r, String... fragments) {
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        for (String f : fragments) assertTrue(r.err().contains(f), "'" + f + "' missing in: " + r.err());
    }

    @Test void configurationsThatCannotFitAreRefusedByConfigCheckAndTrain() throws IOException {
        Path big = config("bigbatch.toml", "batchsize = 10000000", "");
        oneLineExit2(run("config", "check", big.toString()), "needs about", "batchsize = 10000000");
        oneLineExit2(run("train", big.toString(), "--result", dir.resolve("r").toString()), "needs about");
        oneLineExit2(run("config", "check", config("ess.toml", "ess_samples = 2000000000", "").toString()), "ess_samples = 2000000000");
        oneLineExit2(run("config", "check", config("layers.toml", "", "n_layers = 1000000").toString()), "n_layers = 1000000");
        Run ok = run("config", "check", config("fine.toml", "", "").toString());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().contains("memory: about"), ok.out());
    }

    @Test void deeplyNestedTomlIsOneLineNotAStackOverflow() throws IOException {
        Path f = dir.resolve("nested.toml");
        Files.writeString(f, "[training]\nx = " + "[".repeat(2000) + "]".repeat(2000) + "\n");
        oneLineExit2(run("config", "check", f.toString()), "nested.toml: line 2", "nested more than 32 deep");
    }

    @Test void longBadValuesAreShortenedAndIntegerRangesAreStated() throws IOException {
        Path f = config("long.toml", "opt = \"" + "x".repeat(500_000) + "\"", "");
        Run r = run("config", "check", f.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().length() < 1000, "message of " + r.err().length() + " characters");
        assertTrue(r.err().contains("(500002 characters)"), "the value's length is said");
        oneLineExit2(run("config", "check", config("e.toml", "epochs = 1e12", "").toString()), "training.epochs = 1.0E12",
                "1 … 2147483647");
    }

    @Test void nonUtf8FilesAreNamed() throws IOException {
        Path bin = Files.write(dir.resolve("bin.toml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0xc3});
        oneLineExit2(run("sweep", bin.toString(), "--set", "model.n_layers=2,4", "--dry-run"), "bin.toml: not a text file");
        Path runDir = Files.createDirectories(dir.resolve("run"));
        Files.write(runDir.resolve("evaluations.csv"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        Run w = run("watch", runDir.toString(), "--once");
        assertEquals(1, w.code());
        assertTrue(w.err().contains("evaluations.csv: not a text file"), w.err());
    }

    @Test @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void fifosAreRefusedAtOnce() throws Exception {
        Path fifo = dir.resolve("pipe.toml");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, p.waitFor());
        oneLineExit2(run("config", "check", fifo.toString()), "pipe.toml: is not a regular file");
        oneLineExit2(run("analyze", fifo.toString()), "is not a regular file");
        oneLineExit2(run("compare", fifo.toString(), fifo.toString()), "is not a regular file");
        Path cfg = config("c.toml", "", "");
        oneLineExit2(run("train", cfg.toString(), "--pretrained", fifo.toString(), "--result", dir.resolve("r").toString()),
                "is not a regular file");
    }

    @Test void negativeSeedsAreRefused() throws IOException {
        Path cfg = config("s.toml", "", "");
        oneLineExit2(run("hmc", cfg.toString(), "--n", "10", "--seed", "-1", "--out", dir.resolve("h.npz").toString()),
                "--seed -1: allowed: 0 … 9223372036854775807");
    }
}
