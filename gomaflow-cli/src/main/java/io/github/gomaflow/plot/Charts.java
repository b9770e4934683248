package io.github.gomaflow.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;

/**
 * Common chart plumbing: headless AWT, one look for every gomaflow chart, PNG output.
 * All drawing is JFreeChart's; this class only configures it.
 */
public final class Charts {
    /** Colours of the series, in order (colour-blind safe, Okabe–Ito). */
    static final Color[] PALETTE = {
            new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
            new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000)};

    static {
        // Must precede the first AWT class load; gomaflow never opens a window.
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {}

    /** Makes sure AWT runs headless (call before creating any chart). */
    public static void headless() {
        // the static initialiser did the work
    }

    /** Applies the gomaflow look: white plot, light grey grid, readable fonts. */
    public static JFreeChart styled(JFreeChart chart) {
        StandardChartTheme theme = (StandardChartTheme) StandardChartTheme.createJFreeTheme();
        theme.setExtraLargeFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        theme.setLargeFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        theme.setRegularFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        theme.setSmallFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        theme.setChartBackgroundPaint(Color.WHITE);
        theme.setPlotBackgroundPaint(Color.WHITE);
        theme.setDomainGridlinePaint(new Color(0xDDDDDD));
        theme.setRangeGridlinePaint(new Color(0xDDDDDD));
        theme.apply(chart);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        return chart;
    }

    /** Adds a smaller second title line, e.g. the run name or a note on omitted points. */
    static void subtitle(JFreeChart chart, String text) {
        chart.addSubtitle(new TextTitle(text, new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
    }

    /** Gives series {@code i} of {@code plot}'s renderer {@code r} the palette colour and a 1.5 px line. */
    public static void colour(XYPlot plot, int renderer, int series, int colourIndex) {
        plot.getRenderer(renderer).setSeriesPaint(series, PALETTE[colourIndex % PALETTE.length]);
        plot.getRenderer(renderer).setSeriesStroke(series, new BasicStroke(1.5f));
    }

    /**
     * A series of the finite points (x[i], y[i]); with {@code positiveOnly} also drops y ≤ 0
     * (for a logarithmic axis).
     *
     * @param x abscissae, not modified
     * @param y ordinates, same length, not modified
     */
    public static XYSeries series(String key, double[] x, double[] y, boolean positiveOnly) {
        if (x.length != y.length) throw new IllegalArgumentException("x has " + x.length + " values, y " + y.length);
        XYSeries s = new XYSeries(key, false, true);
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i]) && (!positiveOnly || y[i] > 0)) s.add(x[i], y[i], false);
        }
        return s;
    }

    /** The chart as PNG bytes of the given size in pixels. */
    public static byte[] png(JFreeChart chart, int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(out, chart, width, height);
        return out.toByteArray();
    }

    /**
     * Writes the chart to {@code file} as a PNG of the given size, atomically (temporary file, then
     * rename), so a reader never sees half an image.
     */
    public static Path savePng(JFreeChart chart, Path file, int width, int height) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        io.github.gomaflow.io.AtomicFiles.write(file, png(chart, width, height));
        return file;
    }
}
