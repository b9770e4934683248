package io.github.gomaflow.validation;

import static io.github.gomaflow.validation.ValidationRuns.sigma;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.action.FreeField;
import io.github.gomaflow.analysis.GammaEstimate;
import io.github.gomaflow.config.GomaConfig;
import io.github.gomaflow.lattice.Lattice;
import io.github.gomaflow.validation.ValidationRuns.Ensemble;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4 item 7: the free field (λ = 0, m² = 0.5, 2D L = 8) sampled by HMC and by a trained flow
 * (independence Metropolis) reproduces the exact results of {@link FreeField}:
 * χ₂ = ⟨M²⟩/V = 1/(2m²) = 1, ⟨φ²⟩ = G(0), ⟨S⟩/V = ½ and the zero-momentum correlator
 * G(t) = (1/L₀) Σ_{p₀} cos(p₀t)/(2(p̂₀² + m²)), each within {@value #MAX_SIGMA}σ of its Γ-method
 * (or jackknife) error. Fixed seeds, so the outcome is reproducible; the χ₂ error is required to be below
 * {@value #MAX_RELATIVE_ERROR} relative, so that the check has teeth.
 */
@Tag("slow")
class FreeFieldValidationTest {
    static final double MAX_SIGMA = 3.0;
    /**
     * The ensembles must be precise enough that a bias of ~15 % would show. Not tighter: the flow chain's
     * χ₂ error grows with the run length while rare heavy-weight configurations are still being found
     * (50 000 steps: τ_int = 14.6, error 3.2 %; 100 000 steps: τ_int = 36, error 3.8 %).
     */
    static final double MAX_RELATIVE_ERROR = 0.05;
    private static final double M2 = 0.5;
    private static final Lattice LATTICE = Lattice.hypercubic(2, 8);
    private static final FreeField EXACT = new FreeField(LATTICE, M2);

    @Test void hmcMatchesTheExactFreeField(@TempDir Path dir) throws IOException {
        Ensemble e = ValidationRuns.hmc(LATTICE, M2, 0.0, 40_000, 20261128L, dir.resolve("hmc.npz"));
        assertExact(e, "hmc");
    }

    @Test void flowMcmcMatchesTheExactFreeField(@TempDir Path dir) throws IOException {
        GomaConfig config = Configs.load("freefield2d.toml", "freefield_validation", 4, 2048);
        assertEquals(0.0, config.physical().lambda());
        assertEquals(M2, config.physical().mSquared());
        Path model = ValidationRuns.train(config, dir);
        Ensemble e = ValidationRuns.sampleFlow(model, 100_000, 20261128L, dir.resolve("flow.npz"));
        assertTrue(e.chain().acceptance() > 0.1, "a trained free-field flow accepts > 10 %, got " + e.chain().acceptance());
        assertExact(e, "flow");
    }

    private static void assertExact(Ensemble e, String which) {
        List<String> failures = new ArrayList<>();
        check(failures, "chi2", e.get("chi2"), EXACT.chi2());
        check(failures, "phi2", e.get("phi2"), EXACT.phi2());
        check(failures, "action_density", e.get("action_density"), EXACT.expectedAction() / LATTICE.volume());
        int checked = 0;
        for (int t = 0; t < LATTICE.extent(0); t++) {
            check(failures, "G_t[" + t + "]", e.analysis().correlator().get(t), EXACT.zeroMomentumCorrelator(t));
            checked++;
        }
        assertEquals(LATTICE.extent(0), checked);
        double rel = e.get("chi2").error() / EXACT.chi2();
        assertTrue(rel < MAX_RELATIVE_ERROR, which + ": chi2 error " + rel + " relative is too large to test anything");
        assertTrue(failures.isEmpty(), which + " differs from the exact free field: " + failures);
    }

    private static void check(List<String> failures, String name, GammaEstimate e, double exact) {
        double z = sigma(e, exact);
        ValidationRuns.log("  %-15s %.6f +- %.6f  exact %.6f  (%+.2f sigma)", name, e.value(), e.error(), exact, z);
        if (!(Math.abs(z) <= MAX_SIGMA)) {
            failures.add(String.format(Locale.ROOT, "%s = %.6f +- %.6f vs exact %.6f (%+.2f sigma)", name, e.value(),
                    e.error(), exact, z));
        }
    }
}
