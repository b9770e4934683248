package io.github.gomaflow.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.rng.Streams;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.random.RandomGenerator;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.IntervalXYDataset;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalysisPlotsTest {
    private static final int L0 = 8;

    @Test
    void rejectionRunsAreCountedByLengthIncludingBothEnds() {
        boolean t = true;
        boolean f = false;
        assertArrayEquals(new long[] {0, 1, 1, 1}, EnsembleCharts.rejectionRunCounts(new boolean[] {f, f, t, f, t, t, f, f, f}));
        assertArrayEquals(new long[] {0}, EnsembleCharts.rejectionRunCounts(new boolean[] {t, t, t}));
        assertArrayEquals(new long[] {0, 0, 0, 0, 1}, EnsembleCharts.rejectionRunCounts(new boolean[] {f, f, f, f}));
        assertArrayEquals(new long[] {0, 3}, EnsembleCharts.rejectionRunCounts(new boolean[] {f, t, f, t, f}));
    }

    @Test
    void aPerfectFlowPutsEveryProposalOnTheDiagonal() {
        double logZ = 3.7;
        int n = 50_000;
        double[] s = new double[n];
        double[] logQ = new double[n];
        RandomGenerator rng = Streams.stream(1, "plot-test");
        for (int i = 0; i < n; i++) {
            s[i] = 40 + 5 * rng.nextGaussian();
            logQ[i] = -s[i] - logZ; // q = exp(−S)/Z
        }
        assertEquals(logZ, EnsembleCharts.medianOffset(s, logQ), 1e-12);
        assertEquals(2.5, EnsembleCharts.medianOffset(new double[] {0, 0, 0, 0, 1}, new double[] {-1, -2, -3, -4, Double.NaN}), 0.0);
        XYDataset data = EnsembleCharts.actionVsLogQ(s, logQ, "proposals").getXYPlot().getDataset();
        int shown = data.getItemCount(0);
        assertTrue(shown <= EnsembleCharts.MAX_SCATTER_POINTS && shown >= EnsembleCharts.MAX_SCATTER_POINTS / 2, "shown " + shown);
        for (int i = 0; i < shown; i += 997) {
            assertEquals(data.getXValue(0, i) + logZ, data.getYValue(0, i), 1e-9, "point " + i);
        }
        assertEquals(2, data.getItemCount(1), "the diagonal");
        assertEquals(data.getXValue(1, 1) + logZ, data.getYValue(1, 1), 1e-9);
    }

    @Test
    void correlatorDropsNonPositivePointsFromTheLogAxisAndSaysSo() {
        double[] g = coshCorrelator(0.7);
        double[] err = new double[L0];
        java.util.Arrays.fill(err, 0.02);
        g[4] = -0.001;
        JFreeChart chart = CorrelatorCharts.correlator(g, err);
        XYPlot plot = chart.getXYPlot();
        assertTrue(plot.getRangeAxis() instanceof LogAxis);
        IntervalXYDataset d = (IntervalXYDataset) plot.getDataset();
        assertEquals(L0 - 1, d.getItemCount(0));
        assertEquals(g[3], d.getYValue(0, 3), 0.0);
        assertEquals(g[3] + 0.02, d.getEndYValue(0, 3), 1e-15);
        assertEquals(5.0, d.getXValue(0, 4), 0.0, "t = 4 skipped");
        assertTrue(d.getStartYValue(0, 4) > 0, "an error bar reaching zero is cut above it");
        assertTrue(subtitles(chart).contains("t = 4"), subtitles(chart));
    }

    @Test
    void autocorrelationMarksTheWindow() {
        double[] rho = new double[30];
        for (int t = 0; t < rho.length; t++) rho[t] = Math.exp(-t / 3.0);
        XYPlot plot = CorrelatorCharts.autocorrelation(rho, 12, "chi2", 3.4).getXYPlot();
        ValueMarker w = (ValueMarker) plot.getDomainMarkers(org.jfree.chart.ui.Layer.FOREGROUND).iterator().next();
        assertEquals(12.0, w.getValue(), 0.0);
        assertEquals("W = 12", w.getLabel());
        assertEquals(30, plot.getDataset().getItemCount(0));
    }

    @Test
    void writesEveryPlotItHasDataForAsPngsOfTheRequestedSize(@TempDir Path dir) throws Exception {
        RandomGenerator rng = Streams.stream(2, "plot-test");
        int n = 2000;
        double[] phi = new double[n * 4];
        for (int i = 0; i < phi.length; i++) phi[i] = (rng.nextBoolean() ? 1.2 : -1.2) + 0.4 * rng.nextGaussian();
        double[] m = new double[n];
        double[] s = new double[n];
        double[] logQ = new double[n];
        boolean[] acc = new boolean[n];
        for (int i = 0; i < n; i++) {
            m[i] = phi[4 * i];
            s[i] = 30 + 4 * rng.nextGaussian();
            logQ[i] = -s[i] + 0.5 * rng.nextGaussian();
            acc[i] = rng.nextDouble() < 0.4;
        }
        double[] g = coshCorrelator(0.7);
        double[] mEff = {Double.NaN, 0.7, 0.71, 0.69, Double.NaN, 0.72, 0.68, Double.NaN};
        double[] rho = {1, 0.5, 0.25, 0.12, 0.05, 0.01, -0.01, 0.0};
        AnalysisPlots.Input in = AnalysisPlots.Input.empty()
                .withCorrelator(g, new double[L0])
                .withEffectiveMass(mEff, new double[L0])
                .withHistograms(phi, m)
                .withAutocorrelation(rho, 4, "abs_m", 0.9)
                .withChain(s, logQ, acc);
        List<Path> files = AnalysisPlots.write(dir.resolve("plots"), in);
        assertEquals(7, files.size());
        for (Path p : files) {
            BufferedImage img = ImageIO.read(p.toFile());
            assertNotNull(img, p + " is a PNG");
            assertEquals(AnalysisPlots.WIDTH, img.getWidth());
            assertEquals(AnalysisPlots.HEIGHT, img.getHeight());
        }
        assertEquals(List.of(), AnalysisPlots.write(dir.resolve("none"), AnalysisPlots.Input.empty()));
    }

    /** G(t) = cosh(m(t − L₀/2)) on a periodic time axis. */
    static double[] coshCorrelator(double mass) {
        double[] g = new double[L0];
        for (int t = 0; t < L0; t++) g[t] = Math.cosh(mass * (t - L0 / 2.0));
        return g;
    }

    static String subtitles(JFreeChart chart) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < chart.getSubtitleCount(); i++) {
            if (chart.getSubtitle(i) instanceof TextTitle t) sb.append(t.getText()).append('\n');
        }
        return sb.toString();
    }
}
