package io.github.gomaflow.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.io.NpyFixtures;
import io.github.gomaflow.io.ProgressListener;
import io.github.gomaflow.lattice.Lattice;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GomalizingFlow's named observables (mfGc(t), χ₂ = Σ_x G_c(x), E_c = (1/d) Σ_μ G_c(μ̂)) against the
 * exact free field on a 3D lattice whose time extent differs from its spatial volume, on samples
 * shifted by a constant: connected quantities do not see the shift.
 */
class GomalizingFlowObservablesTest {
    static final double M2 = 0.7;
    static final int[] EXTENTS = {6, 4, 2};
    static final int N = 12_000;
    static final float SHIFT = 0.8f;
    @TempDir static Path dir;
    static AnalysisResult result;
    static double[] exact;
    static Lattice lattice;

    @BeforeAll static void analyseShiftedFreeFieldSamples() throws IOException {
        lattice = new Lattice(EXTENTS);
        float[] phi = FreeFieldSamples.samples(lattice, M2, N, 7);
        for (int i = 0; i < phi.length; i++) phi[i] += SHIFT;
        Path file = NpyFixtures.writeEnsemble(dir.resolve("free.npz"), EXTENTS, phi, M2, 0.0);
        result = EnsembleAnalysis.analyze(file, AnalysisOptions.defaults().withFullCorrelator(false), ProgressListener.NONE);
        exact = FreeFieldSamples.propagator(lattice, M2);
    }

    private static void within3Sigma(double expected, GammaEstimate e, String name) {
        assertTrue(e.error() > 0, name + " error " + e.error());
        assertEquals(expected, e.value(), 3 * e.error(), name + " ± " + e.error());
    }

    @Test void mfGcIsTheSpatialAverageOfTheConnectedGreenFunction() {
        assertEquals(EXTENTS[0], result.mfGc().size());
        int spatial = EXTENTS[1] * EXTENTS[2];
        for (int t = 0; t < EXTENTS[0]; t++) {
            double sum = 0;
            for (int x = 0; x < EXTENTS[1]; x++) for (int y = 0; y < EXTENTS[2]; y++) sum += exact[lattice.site(t, x, y)];
            within3Sigma(sum / spatial, result.mfGc().get(t), "mfGc(" + t + ")");
            // ours G(t) = Σ_x⃗ G_c(x⃗, t): mfGc(t) = G(t) / L^{d−1}
            assertEquals(result.correlator().get(t).value() / spatial, result.mfGc().get(t).value(), 1e-12);
        }
    }

    @Test void connectedChi2IsTheSumOfTheGreenFunction() {
        // Σ_x G(x) = the p = 0 mode of the propagator = 1/(2 m²)
        within3Sigma(1 / (2 * M2), result.observables().get("gf_chi2"), "gf_chi2");
        assertEquals(result.observables().get("chi_connected").value(), result.observables().get("gf_chi2").value(), 0.0);
        // the disconnected chi2 = ⟨M²⟩/V sees the shift: V·SHIFT² more
        double v = lattice.volume();
        within3Sigma(1 / (2 * M2) + v * SHIFT * SHIFT, result.observables().get("chi2"), "chi2");
    }

    @Test void connectedIsingEnergyAveragesNearestNeighbourGreenFunctions() {
        double e = (exact[lattice.site(1, 0, 0)] + exact[lattice.site(0, 1, 0)] + exact[lattice.site(0, 0, 1)]) / 3;
        within3Sigma(e, result.observables().get("gf_ising_energy"), "gf_ising_energy");
        within3Sigma(e + SHIFT * SHIFT, result.observables().get("ising_energy"), "ising_energy");
        GammaEstimate g = result.observables().get("gf_ising_energy");
        assertEquals(0.5, g.tauInt(), 3 * g.tauIntError() + 1e-3, "independent samples: τ_int = ½");
    }

    @Test void textAndJsonNameThem() {
        String text = AnalysisText.format(result);
        assertTrue(text.contains("gf_chi2") && text.contains("gf_ising_energy") && text.contains("mfGc(t)"), text);
        String json = AnalysisJson.write(result);
        assertTrue(json.contains("\"mfGc\":[{\"t\":0,"), json);
        assertTrue(json.contains("\"gf_ising_energy\":{"), json);
    }
}
