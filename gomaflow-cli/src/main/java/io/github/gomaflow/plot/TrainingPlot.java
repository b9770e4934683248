package io.github.gomaflow.plot;

import java.io.IOException;
import java.nio.file.Path;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Training curves of one run: three panels over a shared epoch axis — the reverse-KL loss, the
 * effective sample size and Metropolis acceptance rate (both fractions in [0, 1]), and the learning
 * rate (logarithmic axis when it stays positive). Columns missing from the file leave their series
 * or panel out; NaN and infinite values are skipped.
 */
public final class TrainingPlot {
    /** Name of the image {@code gomaflow train} leaves in the run directory. */
    public static final String FILE_NAME = io.github.gomaflow.train.TrainingRun.TRAINING_PLOT;
    public static final int WIDTH = 1000;
    public static final int HEIGHT = 800;

    private TrainingPlot() {}

    /**
     * Reads {@code runDir/evaluations.csv} and writes {@code runDir/training.png}.
     *
     * @return the image's path
     * @throws io.github.gomaflow.BadInputException if the CSV is missing or malformed
     */
    public static Path write(Path runDir) throws IOException {
        EvaluationHistory h = EvaluationHistory.read(runDir.resolve(EvaluationHistory.FILE_NAME));
        return Charts.savePng(chart(h, runDir.getFileName().toString()), runDir.resolve(FILE_NAME), WIDTH, HEIGHT);
    }

    /** The chart of history {@code h}, titled with the run's name. */
    public static JFreeChart chart(EvaluationHistory h, String runName) {
        Charts.headless();
        double[] epoch = h.epochs();
        NumberAxis epochAxis = new NumberAxis("epoch");
        epochAxis.setAutoRangeIncludesZero(false);
        epochAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(epochAxis);
        combined.setGap(12);
        if (h.has("loss")) {
            XYPlot loss = panel(new NumberAxis("loss  (reverse KL − log Z)"),
                    collection(Charts.series("loss", epoch, h.column("loss"), false)));
            ((NumberAxis) loss.getRangeAxis()).setAutoRangeIncludesZero(false);
            combined.add(loss, 3);
        }
        XYSeriesCollection quality = new XYSeriesCollection();
        if (h.has("ess")) quality.addSeries(Charts.series("ESS / N", epoch, h.column("ess"), false));
        if (h.has("acceptance_rate")) {
            quality.addSeries(Charts.series("acceptance rate", epoch, h.column("acceptance_rate"), false));
        }
        if (quality.getSeriesCount() > 0) {
            NumberAxis fraction = new NumberAxis("ESS, acceptance");
            fraction.setRange(0.0, 1.0);
            combined.add(panel(fraction, quality), 3);
        }
        if (h.has("lr")) {
            double[] lr = h.column("lr");
            boolean positive = allPositive(lr);
            ValueAxis axis = positive ? logAxis("learning rate") : new NumberAxis("learning rate");
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (double x : lr) if (Double.isFinite(x)) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
            // a constant rate would give a zero-height axis with every tick labelled alike: show a decade around it
            if (positive && lo == hi) axis.setRange(lo / Math.sqrt(10), hi * Math.sqrt(10));
            XYPlot lrPanel = panel(axis, collection(Charts.series("learning rate", epoch, lr, positive)));
            // the rate is constant within an epoch: steps, not slopes
            lrPanel.setRenderer(new XYStepRenderer());
            combined.add(lrPanel, 2);
        }
        JFreeChart chart = new JFreeChart("Training — " + runName, JFreeChart.DEFAULT_TITLE_FONT, combined, true);
        Charts.styled(chart);
        int colour = 0;
        for (Object o : combined.getSubplots()) {
            XYPlot p = (XYPlot) o;
            for (int s = 0; s < p.getDataset().getSeriesCount(); s++) Charts.colour(p, 0, s, colour++);
        }
        Charts.subtitle(chart, h.rows() + " epochs" + best(h));
        return chart;
    }

    private static String best(EvaluationHistory h) {
        StringBuilder sb = new StringBuilder();
        if (h.has("ess") && h.argMax("ess") >= 0) {
            int i = h.argMax("ess");
            sb.append(String.format(java.util.Locale.ROOT, " · best ESS %.3f (epoch %.0f)", h.value("ess", i), h.epochs()[i]));
        }
        if (h.has("acceptance_rate") && h.argMax("acceptance_rate") >= 0) {
            int i = h.argMax("acceptance_rate");
            sb.append(String.format(java.util.Locale.ROOT, " · best acceptance %.3f (epoch %.0f)",
                    h.value("acceptance_rate", i), h.epochs()[i]));
        }
        return sb.toString();
    }

    private static XYPlot panel(ValueAxis range, XYSeriesCollection data) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        return new XYPlot(data, null, range, r);
    }

    private static XYSeriesCollection collection(XYSeries s) { return new XYSeriesCollection(s); }

    static LogAxis logAxis(String label) {
        LogAxis a = new LogAxis(label);
        a.setBase(10);
        a.setSmallestValue(1e-300);
        a.setNumberFormatOverride(new CompactNumberFormat());
        return a;
    }

    private static boolean allPositive(double[] v) {
        boolean any = false;
        for (double x : v) {
            if (Double.isNaN(x)) continue;
            if (!(x > 0) || Double.isInfinite(x)) return false;
            any = true;
        }
        return any;
    }
}
