package io.github.gomaflow.mcmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.action.FreeField;
import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.analysis.AnalysisOptions;
import io.github.gomaflow.analysis.AnalysisResult;
import io.github.gomaflow.analysis.EnsembleAnalysis;
import io.github.gomaflow.analysis.GammaEstimate;
import io.github.gomaflow.io.EnsembleWriter;
import io.github.gomaflow.io.ProgressListener;
import io.github.gomaflow.lattice.Lattice;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Physics validation of the HMC baseline through the whole pipeline (chain → ensemble file →
 * analysis with Γ-method errors), issue 4 items 7–8. Slow: ~10–30 s on a quiet 2-core machine.
 */
@Tag("slow")
class HmcValidationTest {
    @TempDir Path dir;

    private AnalysisResult hmcEnsemble(ScalarPhi4Action action, long n, long seed) throws IOException {
        Path f = dir.resolve("hmc-" + seed + ".npz");
        try (EnsembleWriter w = new EnsembleWriter(f, action.lattice(), action.mSquared(), action.lambda(),
                EnsembleWriter.Source.HMC, n)) {
            HmcChain.run(action, HmcChain.Options.defaults(), n, seed, w, ProgressListener.NONE, () -> false);
        }
        return EnsembleAnalysis.analyze(f, AnalysisOptions.defaults(), ProgressListener.NONE);
    }

    private static void within3Sigma(double exact, GammaEstimate e, String what) {
        assertTrue(e.error() > 0 && Double.isFinite(e.error()), what + ": error " + e.error());
        assertEquals(exact, e.value(), 3 * e.error(), what + " = " + e.value() + " ± " + e.error() + ", exact " + exact);
    }

    @Test void freeFieldObservablesAndCorrelatorMatchTheExactValues() throws IOException {
        Lattice lattice = Lattice.hypercubic(2, 8);
        double m2 = 0.5;
        FreeField exact = new FreeField(lattice, m2);
        AnalysisResult r = hmcEnsemble(new ScalarPhi4Action(lattice, m2, 0.0), 100_000, 1);
        within3Sigma(exact.chi2(), r.observables().get("chi2"), "chi2");
        within3Sigma(exact.phi2(), r.observables().get("phi2"), "phi2");
        within3Sigma(exact.expectedAction() / lattice.volume(), r.observables().get("action_density"), "action_density");
        int checked = 0;
        for (int t = 0; t < lattice.extent(0); t++) {
            within3Sigma(exact.zeroMomentumCorrelator(t), r.correlator().get(t), "G(" + t + ")");
            checked++;
        }
        assertEquals(8, checked);
    }

    @Test void tutorialPointSusceptibilityMatchesThePublishedHmcValue() throws IOException {
        // Albergo et al., arXiv:2101.08176: 2D L=8, m² = −4, λ = 8, HMC χ₂ = 0.75 ± 0.01
        ScalarPhi4Action a = new ScalarPhi4Action(Lattice.hypercubic(2, 8), -4.0, 8.0);
        GammaEstimate chi2 = hmcEnsemble(a, 200_000, 2).observables().get("chi2");
        double combined = Math.hypot(chi2.error(), 0.01);
        assertEquals(0.75, chi2.value(), 3 * combined, "chi2 = " + chi2.value() + " ± " + chi2.error());
        assertTrue(chi2.error() < 0.01, "the run must be at least as precise as the reference: " + chi2.error());
    }
}
