package io.github.gomaflow.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/** HTML text helpers: escaping, numbers with errors, tables, embedded images. */
public final class Html {
    private Html() {}

    /** Escapes text for element content and quoted attribute values. */
    public static String escape(String s) {
        if (s == null) return "";
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * A measurement in the usual physics form: the error rounded to two significant digits and the
     * value to the same decimal place, e.g. {@code 0.7512, 0.0123 → "0.751 ± 0.012"}. Without a
     * finite positive error the value gets six significant digits.
     */
    public static String valueWithError(double value, double error) {
        if (!Double.isFinite(value)) return number(value);
        if (!(error > 0) || !Double.isFinite(error)) return number(value);
        int exponent = (int) Math.floor(Math.log10(error));
        int decimals = Math.max(0, 1 - exponent);
        BigDecimal e = new BigDecimal(error).setScale(decimals, RoundingMode.HALF_UP);
        BigDecimal v = new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN);
        return v.toPlainString() + " ± " + e.toPlainString();
    }

    /** A fraction shown to people as a percentage with two decimals, e.g. 0.3309 → "33.09 %". */
    public static String percent(double fraction) {
        return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%.2f %%", 100 * fraction) : "–";
    }

    /** A number with six significant digits (plain notation when reasonable). */
    public static String number(double v) {
        if (Double.isNaN(v)) return "–";
        if (Double.isInfinite(v)) return v > 0 ? "∞" : "−∞";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        double a = Math.abs(v);
        if (a >= 1e-4 && a < 1e7) return new BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
        return String.format(Locale.ROOT, "%.5g", v);
    }

    /** An {@code <img>} showing PNG bytes from a data URI (no file or network access needed). */
    public static String pngImage(byte[] png, String alt) {
        return "<img src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png) + "\" alt=\""
                + escape(alt) + "\">";
    }

    /**
     * A table; cells are escaped here.
     *
     * @param header column titles
     * @param rows   cell texts, each row as long as the header
     */
    public static String table(List<String> header, List<List<String>> rows) {
        StringBuilder sb = new StringBuilder("<table>\n<thead><tr>");
        for (String h : header) sb.append("<th>").append(escape(h)).append("</th>");
        sb.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : rows) {
            sb.append("<tr>");
            for (String cell : row) sb.append("<td>").append(escape(cell)).append("</td>");
            sb.append("</tr>\n");
        }
        return sb.append("</tbody></table>\n").toString();
    }
}
