package io.github.gomaflow.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TerminalPlotTest {
    private static final char BLANK = '\u2800';

    @Test
    void brailleDotsFollowTheUnicodeLayout() {
        BrailleCanvas c = new BrailleCanvas(2, 1);
        c.set(0, 0);
        c.set(3, 3);
        assertEquals("\u2801\u2880", c.row(0));
        c.set(99, 99); // outside: ignored
        BrailleCanvas line = new BrailleCanvas(3, 2);
        line.line(0, 7, 5, 0);
        assertTrue(line.occupied(0, 1) && line.occupied(2, 0), "segment ends bottom-left and top-right");
        assertFalse(line.occupied(0, 0) || line.occupied(2, 1));
    }

    @Test
    void aRisingSeriesGoesFromBottomLeftToTopRight() {
        int n = 100;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
            y[i] = 0.05 + 0.005 * i;
        }
        List<String> lines = TerminalPlot.render("ESS", x, y, 60, 20);
        String top = lines.get(1);
        String bottom = lines.get(17);
        int start = top.indexOf('┤') + 1;
        assertEquals(start, bottom.indexOf('┤') + 1, "plot area starts in the same column");
        assertTrue(bottom.charAt(start) != BLANK, "first point bottom-left: " + bottom);
        assertEquals(BLANK, bottom.charAt(bottom.length() - 1), "nothing bottom-right");
        assertTrue(top.charAt(top.length() - 1) != BLANK, "last point top-right: " + top);
        assertEquals(BLANK, top.charAt(start), "nothing top-left");
        assertTrue(top.startsWith(" 0.545┤"), "max label on the top row: " + top);
        assertTrue(bottom.startsWith("  0.05┤"), "min label on the bottom row: " + bottom);
        assertTrue(lines.get(9).startsWith("0.2975┤"), "mid label: " + lines.get(9));
        assertTrue(lines.get(18).contains("└───"), lines.get(18));
        String xLabels = lines.get(19);
        assertEquals("1", xLabels.strip().split(" +")[0]);
        assertTrue(xLabels.endsWith("100"), xLabels);
        assertEquals(60, xLabels.length(), "the last x label ends under the last plot column");
    }

    @Test
    void outputHasExactlyTheRequestedHeightAndNeverExceedsTheWidth() {
        double[] x = {1, 2, 3, 4, 5};
        double[] y = {-2.9, -3.1, -123456.7, 1e-7, 4};
        String longTitle = "loss — a very long run name that does not fit into a narrow terminal window at all";
        for (int w : new int[] {1, 5, 19, 20, 33, 80, 211}) {
            for (int h : new int[] {1, 2, 5, 6, 7, 24, 61}) {
                List<String> lines = TerminalPlot.render(longTitle, x, y, w, h);
                assertEquals(h, lines.size(), w + "×" + h);
                for (String l : lines) assertTrue(l.length() <= w, w + "×" + h + ": '" + l + "'");
            }
        }
        assertTrue(TerminalPlot.render("t", x, y, 19, 24).get(1).contains("too small"));
    }

    @Test
    void nanPointsAreSkippedAndDoNotStretchTheAxes() {
        double[] x = {1, 2, 3, 4, Double.NaN};
        double[] y = {1, Double.NaN, 3, Double.POSITIVE_INFINITY, 1e9};
        List<String> lines = TerminalPlot.render("acc", x, y, 40, 10);
        assertTrue(lines.get(1).startsWith("3┤"), lines.get(1));
        assertTrue(lines.get(7).startsWith("1┤"), lines.get(7));
        assertTrue(lines.get(9).strip().startsWith("1") && lines.get(9).endsWith("3"), "x range 1…3: " + lines.get(9));
    }

    @Test
    void noFiniteDataShowsAWaitingNoticeAndAFlatSeriesGetsARange() {
        List<String> waiting = TerminalPlot.render("ess", new double[] {1}, new double[] {Double.NaN}, 40, 10);
        assertTrue(String.join("\n", waiting).contains("waiting for data…"));
        List<String> flat = TerminalPlot.render("lr", new double[] {1, 2, 3}, new double[] {0.001, 0.001, 0.001}, 40, 10);
        assertTrue(flat.get(1).startsWith("0.00105┤"), flat.get(1));
        assertTrue(flat.get(7).startsWith("0.00095┤"), flat.get(7));
        assertTrue(flat.get(4).startsWith("  0.001┤"), flat.get(4));
        long dotted = flat.subList(1, 8).stream().filter(l -> l.chars().anyMatch(c -> c > BLANK && c <= 0x28FF)).count();
        assertEquals(1, dotted, "a flat series is one horizontal row of dots");
    }

    @Test
    void noticesAreWrappedToTheWidthAndPaddedToTheHeight() {
        List<String> n = TerminalPlot.notice("title", "0123456789abcdef", 6, 5);
        assertEquals(List.of("title", "", "012345", "6789ab", "cdef"), n);
        assertEquals(List.of("ti…", ""), TerminalPlot.notice("title", "x", 3, 2).subList(0, 2));
    }

    @Test
    void labelsAreCompact() {
        assertEquals("40", TerminalPlot.label(40));
        assertEquals("0.5312", TerminalPlot.label(0.53120));
        assertEquals("-2.906", TerminalPlot.label(-2.90625));
        assertEquals("0.0001", TerminalPlot.label(1e-4));
        assertEquals("1.50e-5", TerminalPlot.label(1.5e-5));
        assertEquals("1.235e+05", TerminalPlot.label(123456.7));
    }
}
