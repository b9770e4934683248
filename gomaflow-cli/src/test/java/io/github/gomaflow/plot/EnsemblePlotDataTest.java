package io.github.gomaflow.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.analysis.AnalysisOptions;
import io.github.gomaflow.analysis.AnalysisResult;
import io.github.gomaflow.analysis.EnsembleAnalysis;
import io.github.gomaflow.io.EnsembleWriter;
import io.github.gomaflow.io.ProgressListener;
import io.github.gomaflow.lattice.Lattice;
import io.github.gomaflow.report.Json;
import io.github.gomaflow.rng.Streams;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.random.RandomGenerator;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class EnsemblePlotDataTest {
    public static final int N = 400;
    static final int[] SHAPE = {4, 6};

    /**
     * Constant-field configurations φ(x) = c_i with c_i an AR(1) series around ±1 (so M/V = c_i
     * exactly and |M|/V is autocorrelated); S = 20 + noise, log q = −S − 1.5 + noise; 60 % accepted.
     */
    public static Path ensemble(Path dir, double[] c) throws Exception {
        Lattice lattice = new Lattice(SHAPE);
        int v = lattice.volume();
        RandomGenerator rng = Streams.stream(3, "ensemble-plot-test");
        Path file = dir.resolve("ensemble.npz");
        float[] phi = new float[v];
        double x = 0;
        try (EnsembleWriter w = new EnsembleWriter(file, lattice, -4.0, 8.0, EnsembleWriter.Source.FLOW, N)) {
            for (int i = 0; i < N; i++) {
                x = 0.8 * x + 0.3 * rng.nextGaussian();
                c[i] = (float) (1.0 + x);
                Arrays.fill(phi, (float) c[i]);
                double s = 20 + rng.nextGaussian();
                w.append(phi, 0, -s - 1.5 + 0.1 * rng.nextGaussian(), -s, rng.nextDouble() < 0.6);
            }
        }
        return file;
    }

    @Test
    void seriesComeFromTheEnsembleAfterThermalisation(@TempDir Path dir) throws Exception {
        double[] c = new double[N];
        Path file = ensemble(dir, c);
        int therm = 10;
        AnalysisResult r = EnsembleAnalysis.analyze(file, new AnalysisOptions(therm, 0, 1.5, Double.NaN, Double.NaN, false),
                ProgressListener.NONE);
        AnalysisPlots.Input in = EnsemblePlotData.from(r, file, therm, 1.5);
        assertEquals(SHAPE[0], in.gValue().length);
        assertEquals(r.correlator().get(1).value(), in.gValue()[1], 0.0);
        assertTrue(Double.isNaN(in.mEffValue()[0]), "m_eff(0) is undefined");
        assertEquals(r.effectiveMass().getFirst().value(), in.mEffValue()[1], 0.0);
        assertEquals(N - therm, in.magnetisationDensity().length);
        assertEquals(c[therm], in.magnetisationDensity()[0], 1e-6);
        assertEquals(c[N - 1], in.magnetisationDensity()[N - therm - 1], 1e-6);
        assertEquals((N - therm) * SHAPE[0] * SHAPE[1], in.phiSample().length, "small ensembles: every φ(x)");
        assertEquals(c[therm], in.phiSample()[5], 1e-6);
        assertEquals(1.0, in.rho()[0], 1e-12);
        assertTrue(in.rho()[1] > 0.5, "AR(1) with a = 0.8 is visibly correlated: ρ(1) = " + in.rho()[1]);
        assertTrue(in.window() >= 2 && in.rho().length > in.window(), "window " + in.window());
        assertEquals(N - therm, in.action().length);
        assertEquals(N - therm, in.accepted().length);
        assertEquals(-in.action()[0] - 1.5, in.logQ()[0], 0.5);
        assertNull(EnsemblePlotData.tail(new double[] {Double.NaN, Double.NaN}, 0), "HMC: no log q");
    }

    @Test
    void analyzeWritesThePlotsAndKeepsJsonOnStdout(@TempDir Path dir) throws Exception {
        Path file = ensemble(dir, new double[N]);
        Path plots = dir.resolve("plots");
        String[] out = Fixtures.runCli(0, "analyze", file.toString(), "--json", "--plots", plots.toString());
        Map<?, ?> json = (Map<?, ?>) Json.parse(out[0].strip(), "stdout");
        assertEquals(N, Json.number(json, "n"), 0.0);
        assertTrue(out[1].contains("7 plots in " + plots), out[1]);
        for (String name : new String[] {AnalysisPlots.CORRELATOR, AnalysisPlots.EFFECTIVE_MASS, AnalysisPlots.PHI_HISTOGRAM,
                AnalysisPlots.MAGNETISATION_HISTOGRAM, AnalysisPlots.AUTOCORRELATION, AnalysisPlots.ACTION_VS_LOGQ,
                AnalysisPlots.REJECTION_RUNS}) {
            BufferedImage img = ImageIO.read(plots.resolve(name).toFile());
            assertNotNull(img, name);
            assertArrayEquals(new int[] {AnalysisPlots.WIDTH, AnalysisPlots.HEIGHT}, new int[] {img.getWidth(), img.getHeight()});
        }
        try (var files = Files.list(plots)) {
            assertEquals(7, files.count());
        }
    }
}
