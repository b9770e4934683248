package io.github.gomaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainCommandTest {
    @TempDir Path dir;

    static final String TINY = """
            [training]
            seed = 7
            batchsize = 16
            epochs = 1
            iterations = 3
            base_lr = 0.01
            ess_samples = 32
            nsamples = 64
            [physical]
            L = 4
            Nd = 2
            M2 = -4.0
            lam = 8.0
            [model]
            n_layers = 2
            hidden_sizes = [4]
            """;

    private record Result(int code, String out, String err) {}

    private Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test void trainsResumesAndRefusesToOverwrite() throws IOException {
        Path cfg = dir.resolve("tiny.toml");
        Files.writeString(cfg, TINY);
        String res = dir.resolve("res").toString();
        Result r = run("train", cfg.toString(), "--result", res, "--threads", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("epoch 1/1"), r.out());
        assertTrue(r.out().contains("best ESS") && r.out().contains(dir.resolve("res/tiny").toString()), r.out());
        List<String> csv = Files.readAllLines(dir.resolve("res/tiny/evaluations.csv"));
        assertEquals(2, csv.size());
        assertTrue(Files.readString(dir.resolve("res/tiny/config.toml")).contains("epochs = 1"));

        Result again = run("train", cfg.toString(), "--result", res);
        assertEquals(2, again.code());
        assertTrue(again.err().startsWith("gomaflow: result directory") && again.err().contains("--resume"), again.err());
        assertEquals(1, again.err().strip().lines().count(), again.err());

        Result resumed = run("train", cfg.toString(), "--result", res, "--resume", "--epochs", "2", "--quiet");
        assertEquals(0, resumed.code(), resumed.err());
        assertFalse(resumed.out().contains("epoch 2/2"), "quiet: no epoch lines");
        assertTrue(resumed.out().contains("final (epoch 2)"), resumed.out());
        assertEquals(3, Files.readAllLines(dir.resolve("res/tiny/evaluations.csv")).size());
        assertTrue(Files.readString(dir.resolve("res/tiny/config.toml")).contains("epochs = 2"));

        Result fine = run("train", cfg.toString(), "--result", dir.resolve("res2").toString(), "--epochs", "1",
                "--pretrained", dir.resolve("res/tiny/model_final.ckpt").toString());
        assertEquals(0, fine.code(), fine.err());
        assertTrue(fine.out().contains("pretrained"), fine.out());
    }

    @Test void badInputGivesOneLineAndExitTwo() throws IOException {
        Path cfg = dir.resolve("tiny.toml");
        Files.writeString(cfg, TINY);
        for (String[] args : List.of(
                new String[] {"train", dir.resolve("missing.toml").toString()},
                new String[] {"train", cfg.toString(), "--epochs", "0"},
                new String[] {"train", cfg.toString(), "--resume", "--force"},
                new String[] {"train", cfg.toString(), "--result", dir.toString(), "--resume"},
                new String[] {"train", cfg.toString(), "--result", dir.toString(), "--pretrained", cfg.toString()})) {
            Result r = run(args);
            assertEquals(2, r.code(), String.join(" ", args) + " -> " + r.err());
            assertTrue(r.err().startsWith("gomaflow: "), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
    }
}
