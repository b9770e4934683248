package io.github.gomaflow.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.analysis.EnsembleComparison;
import io.github.gomaflow.analysis.GammaEstimate;
import io.github.gomaflow.config.GomaConfig;
import io.github.gomaflow.validation.ValidationRuns.Ensemble;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * At the tutorial point (2D L = 8, m² = −4, λ = 8; examples/recommended/example2d.toml) a flow
 * trained for four times the tutorial's budget (100 epochs × 100 steps) gives, through independence Metropolis,
 * the same physics as HMC: every observable of the list below and G(t), t = 0…L/2, agree within
 * {@value #MAX_SIGMA}σ of the combined error (σ² = σ_flow² + σ_hmc², Γ-method or jackknife errors), and
 * χ₂ = ⟨M²⟩/V of both agrees with the published HMC value 0.75 ± 0.01 (Albergo et al.,
 * arXiv:2101.08176) within {@value #MAX_SIGMA}σ of the combined error. The model is trained once per
 * class run and shared by the tests. Fixed seeds.
 */
@Tag("slow")
class TutorialPointValidationTest {
    static final double MAX_SIGMA = 3.0;
    static final double PUBLISHED_CHI2 = 0.75;
    static final double PUBLISHED_CHI2_ERROR = 0.01;
    static final Set<String> OBSERVABLES = Set.of("chi2", "abs_m", "phi2", "binder", "action_density", "ising_energy");
    static final long FLOW_SAMPLES = 300_000;
    static final long HMC_TRAJECTORIES = 100_000;
    /**
     * Four times the tutorial's 25 epochs. Independence Metropolis with a reverse-KL flow of moderate
     * overlap under-visits the heavy-weight tail and comes out low in the local fluctuation observables:
     * at 25 epochs (acceptance ~24 %) G(0), G(1) were 3σ low against HMC, at 50 epochs (~43 %) phi2 was
     * −2.6σ and −3.2σ in two runs; at 100 epochs (~53 %, τ_acc ≈ 2) everything agrees within ~1σ.
     */
    static final int EPOCHS = 100;

    @TempDir static Path dir;
    private static Ensemble flow;
    private static Ensemble hmc;

    @BeforeAll static void trainAndSample() throws IOException {
        GomaConfig config = Configs.load("recommended/example2d.toml", "example2d_validation", EPOCHS, 8192);
        assertEquals(-4.0, config.physical().mSquared());
        assertEquals(8.0, config.physical().lambda());
        Path model = ValidationRuns.train(config, dir);
        flow = ValidationRuns.sampleFlow(model, FLOW_SAMPLES, 20261128L, dir.resolve("flow.npz"));
        hmc = ValidationRuns.hmc(config.physical().lattice(), -4.0, 8.0, HMC_TRAJECTORIES, 20261128L, dir.resolve("hmc.npz"));
    }

    @Test void flowIsTrainedWellEnoughToMatter() {
        // the comparison says little about a flow that hardly ever moves
        assertTrue(flow.chain().acceptance() > 0.2, "flow acceptance " + flow.chain().acceptance());
    }

    @Test void flowMcmcAndHmcAgreeOnEveryObservable() {
        EnsembleComparison c = EnsembleComparison.of(flow.analysis(), hmc.analysis(), MAX_SIGMA);
        ValidationRuns.log("flow vs hmc:%n%s", c.format());
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (EnsembleComparison.Row r : c.rows()) {
            if (!OBSERVABLES.contains(r.name()) && !r.name().startsWith("G_t[")) continue;
            checked++;
            if (!(Math.abs(r.sigma()) <= MAX_SIGMA)) {
                failures.add(String.format(Locale.ROOT, "%s: flow %.6f +- %.6f, hmc %.6f +- %.6f (%+.2f sigma)", r.name(),
                        r.valueA(), r.errorA(), r.valueB(), r.errorB(), r.sigma()));
            }
        }
        assertEquals(OBSERVABLES.size() + 8 / 2 + 1, checked, "every listed observable and G(0..L/2) was compared");
        assertTrue(failures.isEmpty(), "flow-MCMC and HMC differ: " + failures);
    }

    @Test void chi2AgreesWithThePublishedHmcValue() {
        for (Ensemble e : new Ensemble[] {flow, hmc}) {
            GammaEstimate chi2 = e.get("chi2");
            double combined = Math.hypot(chi2.error(), PUBLISHED_CHI2_ERROR);
            double z = (chi2.value() - PUBLISHED_CHI2) / combined;
            ValidationRuns.log("chi2 %s = %.5f +- %.5f vs published %.2f +- %.2f: %+.2f sigma", e.analysis().file(),
                    chi2.value(), chi2.error(), PUBLISHED_CHI2, PUBLISHED_CHI2_ERROR, z);
            assertTrue(chi2.error() < 2 * PUBLISHED_CHI2_ERROR, "our error " + chi2.error() + " is too large to test anything");
            assertTrue(Math.abs(z) <= MAX_SIGMA, e.analysis().file() + ": chi2 " + chi2.value() + " +- " + chi2.error()
                    + " vs published 0.75 +- 0.01: " + z + " sigma");
        }
    }
}
