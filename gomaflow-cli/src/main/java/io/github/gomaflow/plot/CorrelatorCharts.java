package io.github.gomaflow.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * Charts of time-separation functions: the connected two-point function G(t) on a logarithmic
 * axis, the effective mass m_eff(t) = arccosh[(G(t−1)+G(t+1))/(2G(t))], and the normalised
 * autocorrelation function ρ(t) = Γ(t)/Γ(0) of the Γ-method with its summation window W
 * (Wolff, Comput. Phys. Commun. 156 (2004) 143).
 */
public final class CorrelatorCharts {
    /** A log axis cannot show an error bar reaching 0; it is cut at this fraction of the value. */
    static final double LOG_FLOOR_FRACTION = 1e-2;

    private CorrelatorCharts() {}

    /**
     * G(t) with error bars on a logarithmic axis, t = 0, 1, …. Points with G(t) ≤ 0 or non-finite
     * cannot be drawn there; the subtitle names them.
     *
     * @param value G(t), not modified
     * @param error its standard error, same length, not modified
     */
    public static JFreeChart correlator(double[] value, double[] error) {
        checkLengths(value, error);
        YIntervalSeries s = new YIntervalSeries("G(t) ± σ");
        List<String> hidden = new ArrayList<>();
        for (int t = 0; t < value.length; t++) {
            double v = value[t];
            if (!(v > 0) || Double.isInfinite(v)) {
                hidden.add(Integer.toString(t));
                continue;
            }
            double e = Double.isFinite(error[t]) ? Math.abs(error[t]) : 0;
            s.add(t, v, Math.max(v - e, v * LOG_FLOOR_FRACTION), v + e);
        }
        LogAxis axis = TrainingPlot.logAxis("G(t)  (log scale)");
        JFreeChart chart = errorChart("Connected two-point function G(t)", s, axis);
        if (!hidden.isEmpty()) Charts.subtitle(chart, "not shown (G ≤ 0 or not finite): t = " + String.join(", ", hidden));
        return chart;
    }

    /**
     * The effective mass with error bars; undefined points (NaN, e.g. where the arccosh argument
     * is below 1) are left out.
     *
     * @param value m_eff(t) at t = 0, 1, … (NaN where undefined), not modified
     * @param error its standard error, same length, not modified
     */
    public static JFreeChart effectiveMass(double[] value, double[] error) {
        checkLengths(value, error);
        YIntervalSeries s = new YIntervalSeries("m_eff(t) ± σ");
        for (int t = 0; t < value.length; t++) {
            if (!Double.isFinite(value[t])) continue;
            double e = Double.isFinite(error[t]) ? Math.abs(error[t]) : 0;
            s.add(t, value[t], value[t] - e, value[t] + e);
        }
        NumberAxis axis = new NumberAxis("m_eff(t)");
        axis.setAutoRangeIncludesZero(false);
        return errorChart("Effective mass  arccosh[(G(t−1)+G(t+1)) / 2G(t)]", s, axis);
    }

    /**
     * The normalised autocorrelation function with the chosen window marked.
     *
     * @param rho        ρ(t) = Γ(t)/Γ(0) for t = 0, 1, … (ρ(0) = 1), not modified
     * @param window     the summation window W chosen by the Γ-method (a vertical marker; &lt; 0: none)
     * @param observable name of the observable, for the title
     * @param tauInt     its τ_int (NaN: not shown)
     */
    public static JFreeChart autocorrelation(double[] rho, int window, String observable, double tauInt) {
        double[] t = new double[rho.length];
        for (int i = 0; i < t.length; i++) t[i] = i;
        XYSeriesCollection data = new XYSeriesCollection(Charts.series("ρ(t) = Γ(t)/Γ(0)", t, rho, false));
        NumberAxis range = new NumberAxis("ρ(t)");
        XYPlot plot = new XYPlot(data, timeAxis("Monte Carlo time t"), range, new XYLineAndShapeRenderer(true, true));
        plot.addRangeMarker(new ValueMarker(0.0, Color.GRAY, new BasicStroke(1f)));
        if (window >= 0) {
            ValueMarker w = new ValueMarker(window, Charts.PALETTE[1], new BasicStroke(2f));
            w.setLabel("W = " + window);
            w.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            w.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            plot.addDomainMarker(w);
        }
        JFreeChart chart = new JFreeChart("Autocorrelation of " + observable, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        Charts.styled(chart);
        Charts.colour(plot, 0, 0, 0);
        if (Double.isFinite(tauInt)) {
            Charts.subtitle(chart, String.format(Locale.ROOT, "τ_int = %.3g  (window W = %d)", tauInt, window));
        }
        return chart;
    }

    private static JFreeChart errorChart(String title, YIntervalSeries s, ValueAxis range) {
        Charts.headless();
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        data.addSeries(s);
        XYErrorRenderer r = new XYErrorRenderer();
        r.setDrawXError(false);
        r.setDrawYError(true);
        r.setDefaultLinesVisible(false);
        r.setCapLength(6);
        XYPlot plot = new XYPlot(data, timeAxis("t  (lattice axis 0)"), range, r);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        Charts.styled(chart);
        Charts.colour(plot, 0, 0, 0);
        r.setErrorPaint(Charts.PALETTE[0]);
        return chart;
    }

    /**
     * Draws another ensemble's points (e.g. HMC's) over an error chart made by this class, shifted by a
     * quarter of a time step so that both sets of error bars stay visible.
     *
     * @param positiveOnly leave out non-positive values (for the log axis of G(t))
     */
    public static void overlay(JFreeChart chart, String label, double[] value, double[] error, boolean positiveOnly) {
        XYPlot plot = chart.getXYPlot();
        YIntervalSeries s = new YIntervalSeries(label + " ± σ");
        for (int t = 0; t < value.length; t++) {
            double v = value[t];
            if (!Double.isFinite(v) || (positiveOnly && !(v > 0))) continue;
            double e = error != null && Double.isFinite(error[t]) ? Math.abs(error[t]) : 0;
            double low = positiveOnly ? Math.max(v - e, v * LOG_FLOOR_FRACTION) : v - e;
            s.add(t + 0.25, v, low, v + e);
        }
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        data.addSeries(s);
        XYErrorRenderer r = new XYErrorRenderer();
        r.setDrawXError(false);
        r.setDefaultLinesVisible(false);
        r.setCapLength(6);
        plot.setDataset(1, data);
        plot.setRenderer(1, r);
        Charts.colour(plot, 1, 0, 1);
        r.setErrorPaint(Charts.PALETTE[1]);
    }

    /** The pole mass as a band (value ± error) over the t window it averages, with its value in the legend. */
    public static void plateau(JFreeChart chart, AnalysisPlots.Plateau p) {
        if (!Double.isFinite(p.value()) || p.tMin() <= 0) return;
        XYPlot plot = chart.getXYPlot();
        YIntervalSeries band = new YIntervalSeries(String.format(java.util.Locale.ROOT, "pole mass %s (t = %d..%d)",
                io.github.gomaflow.analysis.Rounding.withError(p.value(), p.error()), p.tMin(), p.tMax()));
        double e = Double.isFinite(p.error()) ? p.error() : 0;
        band.add(p.tMin() - 0.3, p.value(), p.value() - e, p.value() + e);
        band.add(p.tMax() + 0.3, p.value(), p.value() - e, p.value() + e);
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        data.addSeries(band);
        org.jfree.chart.renderer.xy.DeviationRenderer r = new org.jfree.chart.renderer.xy.DeviationRenderer(true, false);
        r.setAlpha(0.25f);
        int index = plot.getDatasetCount();
        plot.setDataset(index, data);
        plot.setRenderer(index, r);
        Charts.colour(plot, index, 0, 2);
        r.setSeriesFillPaint(0, Charts.PALETTE[2]);
    }

    private static NumberAxis timeAxis(String label) {
        NumberAxis a = new NumberAxis(label);
        a.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        return a;
    }

    private static void checkLengths(double[] value, double[] error) {
        if (value.length != error.length) {
            throw new IllegalArgumentException(value.length + " values but " + error.length + " errors");
        }
    }
}
