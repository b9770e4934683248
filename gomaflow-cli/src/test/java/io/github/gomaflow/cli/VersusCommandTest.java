package io.github.gomaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.analysis.AnalysisResult;
import io.github.gomaflow.analysis.GammaEstimate;
import io.github.gomaflow.cli.HmcCommandTest.Result;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersusCommandTest {
    @TempDir Path dir;

    private static VersusCommand.Row row(String name, long n, double seconds, double tau, double chi2, double chi2Error) {
        Map<String, GammaEstimate> obs = new LinkedHashMap<>();
        obs.put("chi2", new GammaEstimate(chi2, chi2Error, 1, 0.1, 5, 1, (int) n));
        obs.put("abs_m", new GammaEstimate(0.1, 0.001, tau, 0.1, 5, tau, (int) n));
        obs.put("phi2", new GammaEstimate(0.2, 0.001, 1, 0.1, 5, 1, (int) n));
        AnalysisResult a = new AnalysisResult(name, new int[] {4, 4}, 1, -4, 8, (int) n, 0, 1, obs, List.of(), List.of(),
                new int[] {0, 0}, 1, null, null, 0, Map.of(), -1, null, null, null, List.of());
        return new VersusCommand.Row(name, n, seconds, 0.8, a);
    }

    @Test void theCheaperSamplerPerIndependentSampleWins() {
        // a: 1000 samples in 1 s, tau 5 -> 100 independent -> 0.01 s each; b: 1000 in 2 s, tau 1 -> 500 -> 0.004 s
        StringWriter s = new StringWriter();
        int code = VersusCommand.report(List.of(row("a", 1000, 1, 5, 1.0, 0.01), row("b", 1000, 2, 1, 1.01, 0.01)),
                new PrintWriter(s));
        assertEquals(0, code, s.toString());
        assertEquals(0.004, row("b", 1000, 2, 1, 1.0, 0.01).secondsPerIndependent(), 1e-15);
        assertTrue(s.toString().contains("winner: b (2.50x cheaper per independent sample of |M| than a)"), s.toString());
    }

    @Test void aDisagreementAbove4SigmaIsNotTrusted() {
        StringWriter s = new StringWriter();
        // (1.0 - 1.06) / (0.01 sqrt 2) = -4.24 sigma
        int code = VersusCommand.report(List.of(row("a", 1000, 1, 5, 1.0, 0.01), row("b", 1000, 2, 1, 1.06, 0.01)),
                new PrintWriter(s));
        assertEquals(1, code);
        assertTrue(s.toString().contains("DISAGREE: chi2 a vs b: -4.24 sigma"), s.toString());
        assertFalse(s.toString().contains("winner:"), s.toString());
    }

    @Test void endToEndOnASmallLattice() throws IOException {
        Path cfg = dir.resolve("small.toml");
        Files.writeString(cfg, "[config]\nversion = \"0.1.0\"\n[training]\nseed = 3\n[physical]\nL = 4\nNd = 2\nM2 = -4.0\nlam = 8.0\n");
        Result r = HmcCommandTest.run("versus", cfg.toString(), "--budget", "1", "--therm", "200", "--quiet");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("hmc ")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("hmc-fa ")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("cluster ")), r.out());
        assertTrue(r.out().contains("winner: "), r.out());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "versus writes nothing next to the configuration");
        }
        Result bad = HmcCommandTest.run("versus", cfg.toString(), "--budget", "0");
        assertEquals(2, bad.code());
        assertTrue(bad.err().startsWith("gomaflow: --budget must be"), bad.err());
    }

    @Test void trainingTimeIsAmortisedOverTheChosenNumberOfIndependentSamples() {
        // hmc: 1000 in 2 s, tau 1 -> 0.004 s; flow: 1000 in 1 s, tau 1 -> 0.002 s, + 10 s / 1000 = 0.012 s
        StringWriter s = new StringWriter();
        int code = VersusCommand.report(List.of(row("hmc", 1000, 2, 1, 1.0, 0.01), row("flow", 1000, 1, 1, 1.0, 0.01)),
                new PrintWriter(s), 10.0, 1000);
        assertEquals(0, code, s.toString());
        assertTrue(s.toString().contains("winner: flow (2.00x cheaper per independent sample of |M| than hmc)"), s.toString());
        assertTrue(s.toString().contains("winner with training amortised over 1000 independent samples: hmc (3.00x cheaper"),
                s.toString());
        // HMC rows are not charged for training
        assertEquals(0.004, VersusCommand.amortised(row("hmc", 1000, 2, 1, 1.0, 0.01), 10.0, 1000), 1e-15);
        assertEquals(0.012, VersusCommand.amortised(row("flow", 1000, 1, 1, 1.0, 0.01), 10.0, 1000), 1e-15);
    }

    @Test void withATrainedRunTheFlowAndCompositeChainsRunToo() throws IOException {
        Path cfg = dir.resolve("free.toml");
        // the Fourier layer alone starts at the free field's exact widths: a flow with acceptance ≈ 1
        Files.writeString(cfg, CliRun.TINY_CONFIG.replace("epochs = 1", "epochs = 2")
                .replace("n_layers = 2", "n_layers = 0\nfourier_base = true"));
        Path res = dir.resolve("res");
        assertEquals(0, HmcCommandTest.run("train", cfg.toString(), "--result", res.toString(), "--quiet").code());
        Path runDir = res.resolve("free");
        Result r = HmcCommandTest.run("versus", cfg.toString(), runDir.toString(), "--budget", "1", "--therm", "100",
                "--threads", "1", "--amortize", "1e3", "--quiet");
        assertEquals(0, r.code(), r.out() + r.err());
        for (String sampler : List.of("hmc ", "hmc-fa ", "cluster ", "flow ", "flow+hmc ")) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(sampler)), sampler + " row missing:\n" + r.out());
        }
        assertTrue(r.out().contains("s/indep+train"), r.out());
        String flowRow = r.out().lines().filter(l -> l.startsWith("flow ")).findFirst().orElseThrow();
        assertTrue(Double.parseDouble(flowRow.trim().split("\\s+")[3]) > 0.9, "flow acceptance: " + flowRow);
        assertTrue(r.out().contains("winner with training amortised over 1000 independent samples: "), r.out());
        double trained = VersusCommand.trainingSeconds(runDir, io.github.gomaflow.config.ConfigLoader.load(cfg));
        assertTrue(trained > 0 && Double.isFinite(trained), "training seconds from evaluations.csv: " + trained);

        // a run of other physics is refused, naming both
        Path other = dir.resolve("other.toml");
        Files.writeString(other, Files.readString(cfg).replace("M2 = 0.5", "M2 = 0.7"));
        Result bad = HmcCommandTest.run("versus", other.toString(), runDir.toString(), "--budget", "1", "--quiet");
        assertEquals(2, bad.code(), bad.out() + bad.err());
        assertTrue(bad.err().contains("m2=0.5") && bad.err().contains("m2=0.7") && bad.err().contains("same physics"),
                bad.err());
    }
}
