package io.github.gomaflow.watch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders a series as text lines for a terminal: a title line, a braille-dot line chart with a
 * y axis labelled at its top, middle and bottom, an x axis, and x labels at both ends. A pure
 * function of its inputs — the terminal loop ({@link WatchLoop}) only prints the lines.
 *
 * <pre>
 * ESS — example2d (12 epochs, last 0.53)
 *  0.53┤            ⡠⠊
 *      │        ⢀⠔⠁
 *  0.09┤⣀⠤⠒⠉
 *      └────────────────
 *       1             12
 * </pre>
 */
public final class TerminalPlot {
    /** Smallest size that still shows a chart; below it the lines carry only a short notice. */
    public static final int MIN_WIDTH = 20;
    public static final int MIN_HEIGHT = 6;

    private TerminalPlot() {}

    /**
     * Lines for a {@code width × height} screen area: exactly {@code height} lines, none longer than
     * {@code width} characters (every character used is one column wide). Points with a NaN or
     * infinite coordinate are skipped; the remaining points are joined in order.
     *
     * @param x abscissae (e.g. epochs), not modified
     * @param y ordinates, same length, not modified
     */
    public static List<String> render(String title, double[] x, double[] y, int width, int height) {
        return render(title, x, y, width, height, "");
    }

    /** As {@link #render(String, double[], double[], int, int)} with the x axis named {@code xName} between its end labels. */
    public static List<String> render(String title, double[] x, double[] y, int width, int height, String xName) {
        if (x.length != y.length) throw new IllegalArgumentException("x has " + x.length + " values, y " + y.length);
        if (width < 1 || height < 1) throw new IllegalArgumentException("size " + width + "×" + height);
        List<String> lines = new ArrayList<>(height);
        lines.add(fit(title, width));
        if (width < MIN_WIDTH || height < MIN_HEIGHT) {
            if (height > 1) lines.add(fit("(too small)", width));
            return pad(lines, height);
        }
        double[] r = range(x, y);
        boolean empty = Double.isNaN(r[0]);
        if (empty) r = new double[] {0, 1, 0, 1};
        int plotRows = height - 3;
        String top = label(r[3]);
        String mid = label((r[2] + r[3]) / 2);
        String bottom = label(r[2]);
        int labelWidth = Math.max(top.length(), Math.max(mid.length(), bottom.length()));
        int plotColumns = width - labelWidth - 1;
        BrailleCanvas canvas = new BrailleCanvas(plotColumns, plotRows);
        if (!empty) draw(canvas, x, y, r);
        for (int row = 0; row < plotRows; row++) {
            String label = row == 0 ? top : row == plotRows - 1 ? bottom : row == (plotRows - 1) / 2 ? mid : "";
            String axis = label.isEmpty() ? "│" : "┤";
            lines.add(" ".repeat(labelWidth - label.length()) + label + axis + canvas.row(row));
        }
        if (empty) {
            String msg = "waiting for data…";
            int row = 1 + plotRows / 2;
            int at = Math.max(0, (plotColumns - msg.length()) / 2);
            String line = lines.get(row);
            lines.set(row, fit(line.substring(0, labelWidth + 1 + at) + msg, width));
        }
        lines.add(" ".repeat(labelWidth) + "└" + "─".repeat(plotColumns));
        lines.add(xLabels(empty ? "" : label(r[0]), empty ? "" : label(r[1]), labelWidth + 1, plotColumns, width, xName));
        return lines;
    }

    /**
     * A title and a notice instead of a chart (e.g. why there is nothing to plot), the notice
     * wrapped at {@code width}: exactly {@code height} lines, none longer than {@code width}.
     */
    public static List<String> notice(String title, String text, int width, int height) {
        if (width < 1 || height < 1) throw new IllegalArgumentException("size " + width + "×" + height);
        List<String> lines = new ArrayList<>(height);
        lines.add(fit(title, width));
        lines.add("");
        for (int at = 0; at < text.length(); at += width) lines.add(text.substring(at, Math.min(text.length(), at + width)));
        return pad(lines, height);
    }

    /** [xmin, xmax, ymin, ymax] over finite points, widened when flat; NaNs if there are none. */
    static double[] range(double[] x, double[] y) {
        double x0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) continue;
            x0 = Math.min(x0, x[i]);
            x1 = Math.max(x1, x[i]);
            y0 = Math.min(y0, y[i]);
            y1 = Math.max(y1, y[i]);
        }
        if (x0 > x1) return new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        if (x0 == x1) {
            x0 -= 0.5;
            x1 += 0.5;
        }
        if (y0 == y1) {
            double pad = y0 == 0 ? 0.5 : Math.abs(y0) * 0.05;
            y0 -= pad;
            y1 += pad;
        }
        return new double[] {x0, x1, y0, y1};
    }

    private static void draw(BrailleCanvas canvas, double[] x, double[] y, double[] r) {
        int w = canvas.dotWidth() - 1;
        int h = canvas.dotHeight() - 1;
        int px = -1;
        int py = -1;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) continue;
            int cx = (int) Math.round((x[i] - r[0]) / (r[1] - r[0]) * w);
            int cy = h - (int) Math.round((y[i] - r[2]) / (r[3] - r[2]) * h);
            if (px < 0) canvas.set(cx, cy);
            else canvas.line(px, py, cx, cy);
            px = cx;
            py = cy;
        }
    }

    private static String xLabels(String left, String right, int indent, int plotColumns, int width, String xName) {
        StringBuilder sb = new StringBuilder(" ".repeat(indent)).append(left);
        int gap = indent + plotColumns - sb.length() - right.length();
        if (gap >= xName.length() + 2 && !xName.isEmpty()) {
            int before = (gap - xName.length()) / 2;
            sb.append(" ".repeat(before)).append(xName).append(" ".repeat(gap - before - xName.length())).append(right);
        } else if (gap >= 1) {
            sb.append(" ".repeat(gap)).append(right);
        }
        return fit(sb.toString(), width);
    }

    /** Four significant digits, compact: {@code 0.5312}, {@code -2.906}, {@code 0.0001}, {@code 1.50e-5}, {@code 40}. */
    static String label(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e6) return Long.toString((long) v);
        double a = Math.abs(v);
        if (a >= 1e-4 && a < 1e6) {
            String s = String.format(Locale.ROOT, "%.4g", v);
            return s.contains(".") && !s.contains("e") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
        }
        return String.format(Locale.ROOT, "%.2e", v).replace("e-0", "e-").replace("e+0", "e");
    }

    private static String fit(String s, int width) {
        return s.length() <= width ? s : s.substring(0, Math.max(0, width - 1)) + "…";
    }

    private static List<String> pad(List<String> lines, int height) {
        while (lines.size() < height) lines.add("");
        return lines.subList(0, height);
    }
}
