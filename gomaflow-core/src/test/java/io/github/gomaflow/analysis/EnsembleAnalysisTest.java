package io.github.gomaflow.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.io.NpyFixtures;
import io.github.gomaflow.io.ProgressListener;
import io.github.gomaflow.lattice.Lattice;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnsembleAnalysisTest {
    static final double M2 = 0.5;
    static final int[] EXTENTS = {8, 6};
    static final int N = 20_000;
    @TempDir static Path dir;
    static Path file;
    static AnalysisResult result;
    static double[] exact;

    @BeforeAll static void analyseExactFreeFieldSamples() throws IOException {
        Lattice l = new Lattice(EXTENTS);
        file = NpyFixtures.writeEnsemble(dir.resolve("free.npz"), EXTENTS, FreeFieldSamples.samples(l, M2, N, 42), M2, 0.0);
        result = EnsembleAnalysis.analyze(file, AnalysisOptions.defaults(), ProgressListener.NONE);
        exact = FreeFieldSamples.propagator(l, M2);
    }

    private static void within3Sigma(double expected, GammaEstimate e, String name) {
        assertTrue(e.error() > 0, name + " error " + e.error());
        assertEquals(expected, e.value(), 3 * e.error(), name + " ± " + e.error());
    }

    @Test void primaryObservablesMatchTheExactFreeField() {
        assertEquals(N, result.samples());
        assertEquals(1.0, result.acceptance());
        within3Sigma(1 / (2 * M2), result.observables().get("chi2"), "chi2");
        within3Sigma(0.5, result.observables().get("action_density"), "action_density"); // equipartition: ⟨S⟩ = V/2
        within3Sigma(exact[0], result.observables().get("phi2"), "phi2");
        Lattice l = new Lattice(EXTENTS);
        within3Sigma((exact[l.site(1, 0)] + exact[l.site(0, 1)]) / 2, result.observables().get("ising_energy"), "ising");
        within3Sigma(0, result.observables().get("magnetization"), "magnetization");
        // exact samples are independent
        assertEquals(0.5, result.observables().get("chi2").tauInt(), 3 * result.observables().get("chi2").tauIntError());
    }

    @Test void derivedObservablesMatchTheExactFreeField() {
        within3Sigma(0, result.observables().get("binder"), "binder");           // Gaussian M: ⟨M⁴⟩ = 3⟨M²⟩²
        within3Sigma(Math.sqrt(1 / M2), result.observables().get("xi2"), "xi2"); // ξ₂ = 1/m exactly
        within3Sigma(1 / (2 * M2), result.observables().get("chi_connected"), "chi_connected");
        // zero spatial momentum: G(t) ∝ cosh(E(t − L₀/2)) with 4 sinh²(E/2) = m², so m_eff(t) = E for all t
        double e0 = 2 * DerivedObservables.asinh(Math.sqrt(M2) / 2);
        within3Sigma(e0, result.observables().get("pole_mass"), "pole_mass");
        for (String k : new String[] {"binder", "xi2", "pole_mass"}) {   // independent samples: τ_int = ½
            GammaEstimate g = result.observables().get(k);
            assertEquals(0.5, g.tauInt(), 3 * g.tauIntError() + 1e-3, k + " τ_int");
        }
        assertTrue(result.poleWindow()[0] >= 2 && result.poleWindow()[1] <= 4, "window " + result.poleWindow()[0]);
        int finite = 0;
        for (int t = 1; t <= EXTENTS[0] / 2; t++) {
            GammaEstimate m = result.effectiveMass().get(t - 1);
            if (Double.isNaN(m.value())) continue;
            within3Sigma(e0, m, "m_eff(" + t + ")");
            finite++;
        }
        assertTrue(finite >= 2);
    }

    @Test void timeSliceCorrelatorMatchesExactWithinThreeSigma() {
        Lattice l = new Lattice(EXTENTS);
        assertEquals(EXTENTS[0], result.correlator().size());
        for (int t = 0; t < EXTENTS[0]; t++) {
            double g = 0;
            for (int x = 0; x < EXTENTS[1]; x++) g += exact[l.site(t, x)];
            within3Sigma(g, result.correlator().get(t), "G(" + t + ")");
        }
        assertEquals(result.observables().get("chi_connected").value(), sum(result.correlator()), 1e-9);
    }

    @Test void fullLatticeCorrelatorMatchesExact() {
        assertTrue(result.fullCorrelator() != null);
        int outside2 = 0;
        for (int s = 0; s < exact.length; s++) {
            double z = Math.abs(result.fullCorrelator()[s] - exact[s]) / result.fullCorrelatorError()[s];
            assertTrue(z < 4, "G_c at site " + s + ": " + z + "σ");
            if (z > 2) outside2++;
        }
        assertTrue(outside2 <= exact.length / 5, outside2 + " of " + exact.length + " beyond 2σ");
        // consistency: summing G_c over space gives G(t)
        Lattice l = new Lattice(EXTENTS);
        for (int t = 0; t < EXTENTS[0]; t++) {
            double g = 0;
            for (int x = 0; x < EXTENTS[1]; x++) g += result.fullCorrelator()[l.site(t, x)];
            assertEquals(result.correlator().get(t).value(), g, 1e-9);
        }
    }

    @Test void referencePropagatorAgreesWithFreeField() {
        io.github.gomaflow.action.FreeField ff = new io.github.gomaflow.action.FreeField(new Lattice(EXTENTS), M2);
        for (int s = 0; s < exact.length; s++) assertEquals(ff.propagator(s), exact[s], 1e-12);
        for (int t = 0; t < EXTENTS[0]; t++) within3Sigma(ff.zeroMomentumCorrelator(t), result.correlator().get(t), "G(" + t + ")");
    }

    @Test void thermalisationAndOptionsAreApplied() {
        AnalysisResult r = EnsembleAnalysis.analyze(file, AnalysisOptions.defaults().withThermalization(1000).withBinSize(7)
                .withFullCorrelator(false), ProgressListener.NONE);
        assertEquals(N - 1000, r.samples());
        assertEquals(7, r.binSize());
        assertEquals(null, r.fullCorrelator());
        BadInputException e = assertThrows(BadInputException.class, () ->
                EnsembleAnalysis.analyze(file, AnalysisOptions.defaults().withThermalization(N), ProgressListener.NONE));
        assertTrue(e.getMessage().contains("--therm"), e.getMessage());
    }

    @Test void nonFiniteFieldValuesAreReportedWithTheirConfiguration() throws IOException {
        float[] cfgs = new float[5 * 4];
        cfgs[3 * 4 + 2] = Float.NaN;
        Path f = NpyFixtures.writeEnsemble(dir.resolve("nan.npz"), new int[] {2, 2}, cfgs, 1.0, 0.0);
        BadInputException e = assertThrows(BadInputException.class,
                () -> EnsembleAnalysis.analyze(f, AnalysisOptions.defaults(), ProgressListener.NONE));
        assertTrue(e.getMessage().contains("nan.npz") && e.getMessage().contains("configuration 3"), e.getMessage());
    }

    @Test void automaticBinSize() {
        assertEquals(5, EnsembleAnalysis.automaticBinSize(0.5, 1000));
        assertEquals(95, EnsembleAnalysis.automaticBinSize(9.5, 100_000));
        assertEquals(10, EnsembleAnalysis.automaticBinSize(9.5, 200));   // at least 20 bins
        assertEquals(1, EnsembleAnalysis.automaticBinSize(Double.NaN, 10));
    }

    private static double sum(java.util.List<GammaEstimate> g) {
        double s = 0;
        for (GammaEstimate e : g) s += e.value();
        return s;
    }
}
