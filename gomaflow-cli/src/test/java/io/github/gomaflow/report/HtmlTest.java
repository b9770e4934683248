package io.github.gomaflow.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlTest {
    @Test
    void escapesMarkupAndQuotes() {
        assertEquals("&lt;a href=&quot;x&quot;&gt;&amp;&#39;", Html.escape("<a href=\"x\">&'"));
        assertEquals("", Html.escape(null));
    }

    @Test
    void errorsGetTwoSignificantDigitsAndTheValueTheSamePlaces() {
        assertEquals("0.751 ± 0.012", Html.valueWithError(0.7512, 0.0123));
        assertEquals("123.5 ± 2.5", Html.valueWithError(123.456, 2.5));
        assertEquals("12345 ± 678", Html.valueWithError(12345.2, 678.4));
        assertEquals("0.0001235 ± 0.0000067", Html.valueWithError(0.00012346, 0.0000067));
        assertEquals("-1.00 ± 0.10", Html.valueWithError(-0.9996, 0.1));
        assertEquals("1", Html.valueWithError(1.0, 0.0), "no error: the plain number");
        assertEquals("0.5", Html.valueWithError(0.5, Double.NaN));
        assertEquals("–", Html.valueWithError(Double.NaN, 0.1), "undefined (e.g. τ_int of a jackknife quantity)");
    }

    @Test
    void numbersAreShortAndReadable() {
        assertEquals("12", Html.number(12.0));
        assertEquals("0.001", Html.number(0.001));
        assertEquals("-2.05527", Html.number(-2.055267));
        assertEquals("1.0000e-07", Html.number(1e-7));
        assertEquals("–", Html.number(Double.NaN));
    }

    @Test
    void tableCellsAreEscaped() {
        String t = Html.table(List.of("a<b"), List.of(List.of("x&y")));
        assertEquals("<table>\n<thead><tr><th>a&lt;b</th></tr></thead>\n<tbody>\n<tr><td>x&amp;y</td></tr>\n</tbody></table>\n", t);
    }
}
