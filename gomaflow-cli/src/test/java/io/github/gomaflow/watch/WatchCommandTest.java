package io.github.gomaflow.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.plot.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchCommandTest {
    @Test
    void onceprintsTheChosenColumnAtTheGivenSize(@TempDir Path dir) throws Exception {
        Path run = Fixtures.runDir(dir, "example2d");
        String[] out = execute(0, "watch", run.toString(), "--once", "--item", "acceptance_rate", "--width", "70", "--height", "15");
        List<String> lines = List.of(out[0].split("\n"));
        assertEquals(15, lines.size());
        assertTrue(lines.get(0).startsWith("acceptance rate — example2d · 12 epochs · last 0.46"), lines.get(0));
        assertTrue(lines.get(14).contains("epoch"), "the x axis is named: " + lines.get(14));
        assertTrue(lines.get(1).strip().startsWith("0.46┤"), lines.get(1));
        assertTrue(lines.get(12).strip().startsWith("0.13┤"), lines.get(12));
        for (String l : lines) assertTrue(l.length() <= 70, l);
    }

    @Test
    void aConfigurationFindsItsRunAndTheTitleSaysHowFarAndHowLong(@TempDir Path dir) throws Exception {
        Path run = Fixtures.runDir(dir.resolve("results"), "example2d");
        Files.writeString(run.resolve("config.toml"), "[training]\nepochs = 200\n[physical]\nL = 8\nNd = 2\nM2 = -4.0\nlam = 8.0\n");
        Path cfg = Files.writeString(dir.resolve("example2d.toml"), "[physical]\nL = 8\nNd = 2\nM2 = -4.0\nlam = 8.0\n");
        String[] out = execute(0, "watch", cfg.toString(), "--result", dir.resolve("results").toString(), "--once", "--width", "120");
        String title = out[0].lines().findFirst().orElseThrow();
        assertTrue(title.contains("epoch 12 of 200 · ETA "), title);
    }

    @Test
    void aMissingFileIsAwaitedButOnceSaysSoWithExit1(@TempDir Path dir) throws Exception {
        String[] out = execute(1, "watch", dir.toString(), "--once");
        assertTrue(out[0].contains("waiting for evaluations.csv"), out[0]);
        assertTrue(out[1].contains("gomaflow: watch:") && out[1].contains("no such file"), out[1]);
    }

    @Test
    void badItemIntervalOrDirectoryIsOneLineAndExit2(@TempDir Path dir) throws Exception {
        Path run = Fixtures.runDir(dir, "r");
        String err = execute(2, "watch", run.toString(), "--item", "esss", "--once")[1];
        assertTrue(err.startsWith("gomaflow: --item esss: not a column of"), err);
        assertTrue(err.contains("allowed: ess, acceptance_rate, loss, lr"), err);
        assertTrue(execute(2, "watch", run.toString(), "--interval", "0", "--once")[1].contains("--interval 0.0: must be > 0"));
        assertTrue(execute(2, "watch", dir.resolve("nope").toString(), "--once")[1].contains("not a directory"));
        Files.writeString(run.resolve("evaluations.csv"), "epoch,loss\n1,2,3\n2,3\n");
        assertTrue(execute(1, "watch", run.toString(), "--item", "loss", "--once")[0].contains("line 2 has 3 fields"),
                "a broken file is shown; --once then exits 1");
        assertTrue(execute(2, "watch", run.toString(), "--once", "--width", "100000", "--height", "100000")[1]
                .contains("allowed: width 20 … 1000, height 5 … 500"));
    }

    static String[] execute(int expectedExit, String... args) { return Fixtures.runCli(expectedExit, args); }
}
