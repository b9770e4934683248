package io.github.gomaflow.sweep;

import io.github.gomaflow.plot.Charts;
import io.github.gomaflow.plot.EvaluationHistory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The results of a sweep: one row per grid point with the swept values and the final and best ESS
 * and acceptance of its training ({@code summary.csv}), and a chart of best ESS and best
 * acceptance against the first swept key, one line per combination of the other keys ({@code summary.png}).
 */
public final class SweepSummary {
    public static final String CSV = "summary.csv";
    public static final String PNG = "summary.png";
    static final List<String> RESULT_COLUMNS = List.of("status", "epochs", "final_loss", "final_ess",
            "final_acceptance_rate", "best_ess", "best_ess_epoch", "best_acceptance_rate", "best_acceptance_epoch",
            "elapsed_time");

    /**
     * One grid point's outcome.
     *
     * @param run    run name
     * @param point  swept key → TOML value text
     * @param status "ok", "skipped (already trained)", or "failed: …"
     * @param result the result columns after {@code status}, NaN where unknown
     */
    public record Row(String run, Map<String, String> point, String status, double[] result) {}

    private SweepSummary() {}

    /** A row from the run directory's evaluations.csv (NaN results when it has none). */
    public static Row row(String run, Map<String, String> point, String status, Path runDir) throws IOException {
        double[] r = new double[RESULT_COLUMNS.size() - 1];
        java.util.Arrays.fill(r, Double.NaN);
        Path csv = runDir.resolve(EvaluationHistory.FILE_NAME);
        if (Files.exists(csv)) {
            EvaluationHistory h = EvaluationHistory.read(csv);
            int last = h.rows() - 1;
            r[0] = h.rows();
            if (last >= 0) {
                double[] epoch = h.epochs();
                if (h.has("loss")) r[1] = h.value("loss", last);
                if (h.has("ess")) {
                    r[2] = h.value("ess", last);
                    int b = h.argMax("ess");
                    if (b >= 0) { r[4] = h.value("ess", b); r[5] = epoch[b]; }
                }
                if (h.has("acceptance_rate")) {
                    r[3] = h.value("acceptance_rate", last);
                    int b = h.argMax("acceptance_rate");
                    if (b >= 0) { r[6] = h.value("acceptance_rate", b); r[7] = epoch[b]; }
                }
                if (h.has("elapsed_time")) r[8] = h.value("elapsed_time", last);
            }
        }
        return new Row(run, point, status, r);
    }

    /** Writes {@code summary.csv} (atomically) for the rows so far. */
    public static Path writeCsv(Path dir, List<String> keys, List<Row> rows) throws IOException {
        StringBuilder sb = new StringBuilder("run");
        for (String k : keys) sb.append(',').append(k);
        for (String c : RESULT_COLUMNS) sb.append(',').append(c);
        sb.append('\n');
        for (Row row : rows) {
            sb.append(csvField(row.run()));
            for (String k : keys) sb.append(',').append(csvField(row.point().get(k)));
            sb.append(',').append(csvField(row.status()));
            for (double v : row.result()) sb.append(',').append(Double.isNaN(v) ? "" : number(v));
            sb.append('\n');
        }
        Path out = dir.resolve(CSV);
        io.github.gomaflow.io.AtomicFiles.write(out, sb.toString().getBytes(StandardCharsets.UTF_8));
        return out;
    }

    /** Best ESS and best acceptance against the first swept key; a series per combination of the others. */
    public static JFreeChart chart(String title, List<String> keys, List<Row> rows) {
        String xKey = keys.getFirst();
        List<String> xValues = new ArrayList<>();
        boolean numeric = true;
        for (Row r : rows) {
            String v = r.point().get(xKey);
            if (!xValues.contains(v)) xValues.add(v);
            numeric &= isNumber(v);
        }
        Map<String, XYSeries> ess = new LinkedHashMap<>();
        Map<String, XYSeries> acc = new LinkedHashMap<>();
        for (Row r : rows) {
            String label = seriesLabel(keys, r.point());
            String xv = r.point().get(xKey);
            double x = numeric ? Double.parseDouble(xv) : xValues.indexOf(xv);
            add(ess, label, x, r.result()[4]);
            add(acc, label, x, r.result()[6]);
        }
        boolean integers = numeric && xValues.stream().allMatch(v -> v.matches("-?\\d+"));
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(xAxis(xKey, numeric, integers, xValues));
        XYPlot top = panel("best ESS / N", ess);
        plot.add(top);
        plot.add(panel("best acceptance", acc));
        JFreeChart chart = Charts.styled(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, keys.size() > 1));
        for (Object o : plot.getSubplots()) {
            XYPlot p = (XYPlot) o;
            // the same combination gets the same colour in both panels, and one legend entry
            for (int i = 0; i < p.getDataset().getSeriesCount(); i++) Charts.colour(p, 0, i, i);
        }
        plot.setFixedLegendItems(top.getLegendItems());
        return chart;
    }

    /** Writes the summary chart as {@code summary.png} (1000 × 700). */
    public static Path writePng(Path dir, String title, List<String> keys, List<Row> rows) throws IOException {
        return Charts.savePng(chart(title, keys, rows), dir.resolve(PNG), 1000, 700);
    }

    private static ValueAxis xAxis(String key, boolean numeric, boolean integers, List<String> values) {
        if (numeric) {
            NumberAxis a = new NumberAxis(key);
            a.setAutoRangeIncludesZero(false);
            if (integers) a.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            return a;
        }
        return new SymbolAxis(key, values.toArray(String[]::new));
    }

    private static XYPlot panel(String label, Map<String, XYSeries> series) {
        XYSeriesCollection data = new XYSeriesCollection();
        series.values().forEach(data::addSeries);
        NumberAxis y = new NumberAxis(label);
        y.setRange(0.0, 1.0);
        return new XYPlot(data, null, y, new XYLineAndShapeRenderer(true, true));
    }

    private static void add(Map<String, XYSeries> m, String label, double x, double y) {
        XYSeries s = m.computeIfAbsent(label, l -> new XYSeries(l, true, true));
        if (Double.isFinite(y)) s.add(x, y);
    }

    private static String seriesLabel(List<String> keys, Map<String, String> point) {
        List<String> parts = new ArrayList<>();
        for (String k : keys.subList(1, keys.size())) parts.add(k.substring(k.indexOf('.') + 1) + "=" + point.get(k));
        return parts.isEmpty() ? "runs" : String.join(", ", parts);
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.6g", v);
    }

    private static String csvField(String s) {
        if (s == null) return "";
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
