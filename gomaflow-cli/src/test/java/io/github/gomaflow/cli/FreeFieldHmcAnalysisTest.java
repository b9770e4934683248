package io.github.gomaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.action.FreeField;
import io.github.gomaflow.analysis.AnalysisOptions;
import io.github.gomaflow.analysis.AnalysisResult;
import io.github.gomaflow.analysis.EnsembleAnalysis;
import io.github.gomaflow.analysis.FreeFieldSamples;
import io.github.gomaflow.analysis.GammaEstimate;
import io.github.gomaflow.io.NpyFixtures;
import io.github.gomaflow.io.ProgressListener;
import io.github.gomaflow.lattice.Lattice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4 item 7 (HMC half): the free field (λ = 0, m² = 0.5, 2D L = 8) sampled by {@code gomaflow hmc}
 * and analysed by {@code gomaflow analyze} gives χ₂ = 1/(2m²) and the exact G(t) within 3σ, and
 * {@code gomaflow compare} finds it consistent with exact independent samples. Fixed seeds; ~5 s.
 */
class FreeFieldHmcAnalysisTest {
    @TempDir Path dir;

    @Test void hmcEnsembleMatchesTheExactFreeField() throws IOException {
        Path cfg = Files.writeString(dir.resolve("free.toml"), "[physical]\nL = 8\nNd = 2\nM2 = 0.5\nlam = 0.0\n");
        Path hmc = dir.resolve("hmc.npz");
        AnalyzeCompareCommandTest.Run r = AnalyzeCompareCommandTest.run("hmc", cfg.toString(), "--n", "20000", "--seed", "7",
                "--out", hmc.toString(), "--quiet");
        assertEquals(0, r.code(), r.err());

        AnalysisResult a = EnsembleAnalysis.analyze(hmc, AnalysisOptions.defaults(), ProgressListener.NONE);
        FreeField exact = new FreeField(new Lattice(8, 8), 0.5);
        within3Sigma(exact.chi2(), a.observables().get("chi2"), "chi2");
        within3Sigma(0.5, a.observables().get("action_density"), "action_density");
        within3Sigma(exact.phi2(), a.observables().get("phi2"), "phi2");
        for (int t = 0; t < 8; t++) within3Sigma(exact.zeroMomentumCorrelator(t), a.correlator().get(t), "G(" + t + ")");
        assertTrue(a.acceptance() > 0.5 && a.acceptance() < 1, "acceptance " + a.acceptance());

        Path ref = NpyFixtures.writeEnsemble(dir.resolve("exact.npz"), new int[] {8, 8},
                FreeFieldSamples.samples(new Lattice(8, 8), 0.5, 20000, 8), 0.5, 0.0);
        AnalyzeCompareCommandTest.Run cmp = AnalyzeCompareCommandTest.run("compare", hmc.toString(), ref.toString(), "--quiet");
        assertEquals(0, cmp.code(), cmp.out() + cmp.err());
    }

    /** Issue 4 item 8 (HMC half): χ₂ at the tutorial point (2D L=8, m²=−4, λ=8) vs the published 0.75 ± 0.01. */
    @Test void hmcAtTheTutorialPointReproducesThePublishedChi2() throws IOException {
        Path cfg = Files.writeString(dir.resolve("tutorial.toml"), "[physical]\nL = 8\nNd = 2\nM2 = -4.0\nlam = 8.0\n");
        Path hmc = dir.resolve("tutorial.npz");
        AnalyzeCompareCommandTest.Run r = AnalyzeCompareCommandTest.run("hmc", cfg.toString(), "--n", "50000", "--seed", "11",
                "--out", hmc.toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        GammaEstimate chi2 = EnsembleAnalysis.analyze(hmc, AnalysisOptions.defaults(), ProgressListener.NONE).observables().get("chi2");
        double combined = Math.hypot(chi2.error(), 0.01);   // arXiv:2101.08176: 0.75 ± 0.01
        assertEquals(0.75, chi2.value(), 3 * combined, "chi2 = " + chi2.value() + " ± " + chi2.error());
        assertTrue(chi2.error() < 0.01, "error " + chi2.error());
    }

    private static void within3Sigma(double expected, GammaEstimate e, String name) {
        assertTrue(e.error() > 0, name);
        assertEquals(expected, e.value(), 3 * e.error(), name + " ± " + e.error());
    }
}
