package io.github.gomaflow.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.title.TextTitle;
import org.junit.jupiter.api.Test;

class OverlayPlotsTest {
    private static String subtitles(JFreeChart c) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < c.getSubtitleCount(); i++) if (c.getSubtitle(i) instanceof TextTitle t) sb.append(t.getText()).append('|');
        return sb.toString();
    }

    @Test void effectiveMassCarriesThePlateauAndTheHmcPointsAndTheHistogramSaysWhatItCounts() {
        double[] g = {1, 0.5, 0.25, 0.5};
        double[] ge = {0.01, 0.01, 0.01, 0.01};
        double[] m = {Double.NaN, 0.69, 0.7, Double.NaN};
        double[] me = {Double.NaN, 0.02, 0.03, Double.NaN};
        AnalysisPlots.Input in = AnalysisPlots.Input.empty().withCorrelator(g, ge).withEffectiveMass(m, me)
                .withPlateau(new AnalysisPlots.Plateau(0.695, 0.02, 1, 2))
                .withHmc(new AnalysisPlots.Overlay("HMC", g, ge, m, me))
                .withHistograms(new double[] {0.1, -0.2, 0.3}, new double[] {0.05})
                .withPhiCounted("φ at all 4 sites of each of the 1 configurations");
        Map<String, JFreeChart> charts = AnalysisPlots.charts(in);
        assertEquals(3, charts.get(AnalysisPlots.EFFECTIVE_MASS).getXYPlot().getDatasetCount(), "flow, HMC, plateau");
        assertEquals(2, charts.get(AnalysisPlots.CORRELATOR).getXYPlot().getDatasetCount(), "flow, HMC");
        assertTrue(charts.get(AnalysisPlots.CORRELATOR).getXYPlot().getRangeAxis().getLabel().contains("log scale"));
        String sub = subtitles(charts.get(AnalysisPlots.PHI_HISTOGRAM));
        assertTrue(sub.contains("3 values") && sub.contains("counted: φ at all 4 sites"), sub);
    }
}
