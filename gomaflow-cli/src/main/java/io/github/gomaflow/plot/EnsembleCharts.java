package io.github.gomaflow.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.Arrays;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Charts of a whole ensemble: histograms (of φ, of M/V), the flow's S(φ) against −log q(φ) for the
 * proposals, and the distribution of rejection-run lengths of the independence Metropolis chain.
 */
public final class EnsembleCharts {
    /** At most this many points go into a scatter plot (a deterministic stride over the rest). */
    public static final int MAX_SCATTER_POINTS = 20_000;

    private EnsembleCharts() {}

    /**
     * A histogram (JFreeChart's binning) of the finite entries of {@code values}.
     *
     * @param values samples, not modified
     * @param bins   number of bins; ≤ 0 chooses √n clamped to [10, 100]
     */
    public static JFreeChart histogram(String title, String xLabel, double[] values, int bins) {
        Charts.headless();
        double[] finite = Arrays.stream(values).filter(Double::isFinite).toArray();
        if (finite.length == 0) finite = new double[] {0.0};
        int b = bins > 0 ? bins : Math.clamp(Math.round(Math.sqrt(finite.length)), 10, 100);
        HistogramDataset data = new HistogramDataset();
        data.addSeries(xLabel, finite, b);
        JFreeChart chart = ChartFactory.createHistogram(title, xLabel, "count", data, PlotOrientation.VERTICAL,
                false, false, false);
        Charts.styled(chart);
        XYBarRenderer r = (XYBarRenderer) chart.getXYPlot().getRenderer();
        r.setBarPainter(new StandardXYBarPainter());
        r.setShadowVisible(false);
        r.setSeriesPaint(0, Charts.PALETTE[0]);
        r.setDrawBarOutline(false);
        Charts.subtitle(chart, String.format(Locale.ROOT, "%d values, %d bins", finite.length, b));
        return chart;
    }

    /**
     * Scatter of (S(φ), −log q(φ)) with the line a perfect flow puts every point on: q = p/Z means
     * −log q = S + log Z. The line's offset is the median of −log q − S over the points (exactly
     * log Z for a perfect flow; the median does not care whether the points were drawn from q or,
     * as the configurations of a Metropolis chain are, from p).
     *
     * @param action S(φ) = −log p(φ) of each configuration, not modified
     * @param logQ   log q(φ) of the same configurations, same length, not modified
     * @param what   what the points are, for the subtitle (e.g. "accepted proposals")
     */
    public static JFreeChart actionVsLogQ(double[] action, double[] logQ, String what) {
        Charts.headless();
        if (action.length != logQ.length) {
            throw new IllegalArgumentException(action.length + " actions but " + logQ.length + " log q values");
        }
        double logZ = medianOffset(action, logQ);
        int stride = Math.max(1, (action.length + MAX_SCATTER_POINTS - 1) / MAX_SCATTER_POINTS);
        XYSeries points = new XYSeries(what, false, true);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < action.length; i += stride) {
            if (!Double.isFinite(action[i]) || !Double.isFinite(logQ[i])) continue;
            points.add(action[i], -logQ[i], false);
            lo = Math.min(lo, action[i]);
            hi = Math.max(hi, action[i]);
        }
        XYSeries diagonal = new XYSeries("perfect flow: −log q = S + c", false, true);
        if (lo <= hi && Double.isFinite(logZ)) {
            diagonal.add(lo, lo + logZ);
            diagonal.add(hi, hi + logZ);
        }
        XYSeriesCollection data = new XYSeriesCollection(points);
        data.addSeries(diagonal);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
        NumberAxis x = new NumberAxis("S(φ)");
        NumberAxis y = new NumberAxis("−log q(φ)");
        x.setAutoRangeIncludesZero(false);
        y.setAutoRangeIncludesZero(false);
        JFreeChart chart = new JFreeChart("Flow density against the action", JFreeChart.DEFAULT_TITLE_FONT,
                new XYPlot(data, x, y, r), true);
        Charts.styled(chart);
        r.setSeriesLinesVisible(0, false);
        r.setSeriesShapesVisible(0, true);
        r.setSeriesShape(0, new Ellipse2D.Double(-1.5, -1.5, 3, 3));
        r.setSeriesPaint(0, new Color(0, 114, 178, 70));
        r.setSeriesLinesVisible(1, true);
        r.setSeriesShapesVisible(1, false);
        r.setSeriesPaint(1, Charts.PALETTE[1]);
        r.setSeriesStroke(1, new BasicStroke(2f));
        Charts.subtitle(chart, String.format(Locale.ROOT, "%d of %d %s shown · c = median(−log q − S) = %.4g",
                points.getItemCount(), action.length, what, logZ));
        return chart;
    }

    /**
     * Counts of the lengths of maximal runs of consecutive rejections (a rejection repeats the
     * previous configuration, so a long run is a long stretch of identical samples), log-scaled.
     *
     * @param accepted whether each Metropolis step accepted its proposal, in chain order; not modified
     */
    public static JFreeChart rejectionRuns(boolean[] accepted) {
        Charts.headless();
        long[] counts = rejectionRunCounts(accepted);
        XYSeries s = new XYSeries("runs", false, true);
        int longest = 0;
        for (int k = 1; k < counts.length; k++) {
            if (counts[k] > 0) {
                s.add(k, counts[k]);
                longest = k;
            }
        }
        XYBarRenderer r = new XYBarRenderer(0.1);
        // bars start at the axis edge; below 1 so that a single run still shows as a bar
        r.setBase(0.5);
        NumberAxis x = new NumberAxis("run length (consecutive rejections)");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        LogAxis y = TrainingPlot.logAxis("number of runs");
        XYPlot plot = new XYPlot(new XYSeriesCollection(s), x, y, r);
        JFreeChart chart = new JFreeChart("Rejection runs of the Metropolis chain", JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        Charts.styled(chart);
        r.setBarPainter(new StandardXYBarPainter());
        r.setShadowVisible(false);
        r.setSeriesPaint(0, Charts.PALETTE[0]);
        double maxCount = s.getItemCount() == 0 ? 1 : s.getMaxY();
        y.setRange(0.5, 2 * maxCount);
        long acc = 0;
        for (boolean a : accepted) acc += a ? 1 : 0;
        Charts.subtitle(chart, String.format(Locale.ROOT, "%d steps · acceptance %.3f · longest run %d",
                accepted.length, accepted.length == 0 ? Double.NaN : (double) acc / accepted.length, longest));
        return chart;
    }

    /**
     * Histogram of rejection-run lengths: {@code counts[k]} = number of maximal runs of exactly k
     * consecutive {@code false} entries (k ≥ 1; {@code counts[0]} is 0). A run at either end of the
     * chain counts too.
     *
     * @param accepted chain order, not modified
     * @return array of length (longest run + 1)
     */
    public static long[] rejectionRunCounts(boolean[] accepted) {
        int longest = 0;
        int run = 0;
        for (boolean a : accepted) {
            run = a ? 0 : run + 1;
            longest = Math.max(longest, run);
        }
        long[] counts = new long[longest + 1];
        run = 0;
        for (boolean a : accepted) {
            if (a) {
                if (run > 0) counts[run]++;
                run = 0;
            } else {
                run++;
            }
        }
        if (run > 0) counts[run]++;
        return counts;
    }

    /** Median of −log q − S over finite pairs; NaN if there are none. */
    static double medianOffset(double[] action, double[] logQ) {
        double[] d = new double[action.length];
        int n = 0;
        for (int i = 0; i < action.length; i++) {
            double v = -logQ[i] - action[i];
            if (Double.isFinite(v)) d[n++] = v;
        }
        if (n == 0) return Double.NaN;
        Arrays.sort(d, 0, n);
        return n % 2 == 1 ? d[n / 2] : 0.5 * (d[n / 2 - 1] + d[n / 2]);
    }
}
