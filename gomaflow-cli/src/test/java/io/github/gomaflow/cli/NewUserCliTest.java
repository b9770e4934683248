package io.github.gomaflow.cli;

import static io.github.gomaflow.cli.CliRun.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.report.RunData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.github.gomaflow.cli.CliRun.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a new user trips over: typos, British spellings, 1e5, where hmc writes and where report looks. */
class NewUserCliTest {
    @TempDir Path dir;


    private Path config() throws IOException {
        Path f = dir.resolve("small.toml");
        Files.writeString(f, CliRun.TINY_CONFIG);
        return f;
    }

    @Test void typosGetTheNearestCommandOrOption() throws IOException {
        Run cmd = run("trian", "x.toml");
        assertEquals(2, cmd.code());
        assertTrue(cmd.err().contains("Did you mean: train"), cmd.err());
        Run opt = run("train", config().toString(), "--epoch", "3");
        assertEquals(2, opt.code());
        assertTrue(opt.err().contains("--epochs"), opt.err());
    }

    @Test void britishSpellingAndCountsWrittenAsPhysicistsWriteThem() throws IOException {
        Path out = dir.resolve("h.npz");
        Run hmc = run("hmc", config().toString(), "--n", "2e2", "--therm", "1E2", "--out", out.toString(), "--quiet");
        assertEquals(0, hmc.code(), hmc.err());
        assertTrue(hmc.out().contains("hmc: 200 configurations"), hmc.out());
        Run analyse = run("analyse", out.toString(), "--quiet");
        assertEquals(0, analyse.code(), analyse.err());
        assertTrue(analyse.out().contains("value(error)") && analyse.out().contains("tau_int: integrated autocorrelation time"),
                analyse.out());
        Run frac = run("hmc", config().toString(), "--n", "1.5e0", "--out", dir.resolve("x.npz").toString());
        assertEquals(2, frac.code());
        assertTrue(frac.err().contains("not a whole number"), frac.err());
        assertEquals(100_000L, Counts.parseLong("100_000"));
        assertEquals(100_000L, Counts.parseLong("1e5"));
    }

    @Test void hmcGivenARunDirectoryWritesThereAndReportFindsEnsemblesByWhatTheyAre() throws IOException {
        Path res = dir.resolve("res");
        assertEquals(0, run("train", config().toString(), "--result", res.toString(), "--quiet").code());
        Path runDir = res.resolve("small");
        Run hmc = run("hmc", runDir.toString(), "--n", "300", "--therm", "100", "--quiet");
        assertEquals(0, hmc.code(), hmc.err());
        assertTrue(Files.isRegularFile(runDir.resolve("hmc.npz")));
        assertTrue(hmc.out().startsWith("hmc: 300 configurations of " + runDir.getFileName() + " ("), hmc.out());
        Files.move(runDir.resolve("hmc.npz"), runDir.resolve("hmc_small.npz"));
        assertEquals(0, run("sample", runDir.toString(), "--n", "300", "--out", runDir.resolve("flow_run.npz").toString(), "--quiet").code());
        java.util.List<String> files = RunData.load(runDir).files();
        assertEquals(runDir.resolve("hmc_small.npz"), RunData.ensembleOf(runDir, files, "hmc.npz", 1));
        assertEquals(runDir.resolve("flow_run.npz"), RunData.ensembleOf(runDir, files, "ensemble.npz", 0));
        Run report = run("report", runDir.toString());
        assertEquals(0, report.code(), report.err());
        assertTrue(report.err().contains("report: analysing the HMC ensemble hmc_small.npz"), report.err());
    }
}
