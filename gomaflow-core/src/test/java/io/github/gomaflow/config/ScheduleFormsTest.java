package io.github.gomaflow.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ParameterSchedulers.jl forms parsed from their strings and evaluated at a few epochs, against the
 * formulas of ParameterSchedulers' source written out here (epochs count from 1).
 */
class ScheduleFormsTest {
    private static final double TOL = 1e-14;

    private static double at(String text, int epoch) throws SpecSyntaxException {
        return SpecParser.schedule(text).learningRate(epoch, 123.0);
    }

    private static double tri(int t, int period) { return 2 / Math.PI * Math.abs(Math.asin(Math.sin(Math.PI * (t - 1) / period))); }

    private static double sin(int t, int period) { return Math.abs(Math.sin(Math.PI * (t - 1) / period)); }

    @Test void poly() throws Exception {
        for (int t : new int[] {1, 2, 50, 100}) {
            assertEquals(0.01 * Math.pow(1 - (t - 1) / 100.0, 2), at("Poly(0.01, 2, 100)", t), TOL, "t=" + t);
        }
        assertEquals(0.01, at("Poly(λ=0.01, p=3, max_iter=10)", 1), TOL);
        assertEquals(0.01 * Math.pow(0.9, 3), at("Poly(λ=0.01, p=3, max_iter=10)", 2), TOL);
        assertEquals(0.0, at("Poly(0.01, 3, 10)", 15), TOL); // past max_iter: held at 0, never negative
    }

    @Test void inv() throws Exception {
        for (int t : new int[] {1, 2, 7}) assertEquals(0.1 / Math.pow(1 + (t - 1) * 0.5, 2), at("Inv(0.1, 0.5, 2)", t), TOL);
        assertEquals(0.1 / 1.5, at("Inv(λ=0.1, γ=0.5, p=1)", 2), TOL);
    }

    @Test void trianglesStartAtTheOffsetAndPeakAtRangePlusOffset() throws Exception {
        assertEquals(1e-4, at("Triangle(1e-3, 1e-4, 10)", 1), TOL);
        assertEquals(1.1e-3, at("Triangle(1e-3, 1e-4, 10)", 6), 1e-15);   // half period: the peak
        for (int t : new int[] {1, 3, 6, 9, 11, 14, 27}) {
            assertEquals(1e-3 * tri(t, 10) + 1e-4, at("Triangle(1e-3, 1e-4, 10)", t), TOL, "Triangle t=" + t);
            assertEquals(1e-3 * tri(t, 10) / Math.pow(2, Math.floorDiv(t - 1, 10)) + 1e-4,
                    at("TriangleDecay2(1e-3, 1e-4, 10)", t), TOL, "TriangleDecay2 t=" + t);
            assertEquals(1e-3 * tri(t, 10) * Math.pow(0.9, t - 1) + 1e-4, at("TriangleExp(1e-3, 1e-4, 10, 0.9)", t), TOL);
            assertEquals(1e-3 * sin(t, 10) + 1e-4, at("Sin(1e-3, 1e-4, 10)", t), TOL, "Sin t=" + t);
            assertEquals(1e-3 * sin(t, 10) / Math.pow(2, Math.floorDiv(t - 1, 10)) + 1e-4, at("SinDecay2(1e-3, 1e-4, 10)", t), TOL);
            assertEquals(1e-3 * sin(t, 10) * Math.pow(0.9, t - 1) + 1e-4, at("SinExp(1e-3, 1e-4, 10, 0.9)", t), TOL);
        }
        // keyword form: range = |λ0 − λ1|, offset = min(λ0, λ1)
        assertEquals(at("Triangle(9e-4, 1e-4, 10)", 4), at("Triangle(λ0=1e-3, λ1=1e-4, period=10)", 4), TOL);
        assertEquals(at("SinExp(9e-4, 1e-4, 10, 0.8)", 4), at("SinExp(λ0=1e-4, λ1=1e-3, period=10, γ=0.8)", 4), TOL);
    }

    /** CosAnneal(range, offset, period): the first rate is range + offset, the end of a period offset, then a restart. */
    @Test void cosAnnealReadsRangeOffsetPeriod() throws Exception {
        String s = "CosAnneal(1e-3, 1e-4, 8)";
        assertEquals(1.1e-3, at(s, 1), TOL);
        for (int t : new int[] {1, 2, 5, 8, 9, 13}) {
            int that = (t - 1) % 8;
            assertEquals(1e-3 * (1 + Math.cos(Math.PI * that / 8)) / 2 + 1e-4, at(s, t), TOL, "t=" + t);
        }
        assertEquals(1.1e-3, at(s, 9), TOL);
        assertEquals(at("CosAnneal(9e-4, 1e-4, 8)", 3), at("CosAnneal(λ0=1e-3, λ1=1e-4, period=8)", 3), TOL);
    }

    /**
     * CosAnneal with restart = false (ParameterSchedulers: t̂ = t − 1 instead of mod(t − 1, period)): after a
     * period the rate rises again along the cosine instead of jumping back; positional and keyword forms.
     */
    @Test void cosAnnealWithoutRestart() throws Exception {
        String s = "CosAnneal(1e-3, 1e-4, 8, false)";
        for (int t : new int[] {1, 2, 5, 8, 9, 12, 16, 17}) {
            assertEquals(1e-3 * (1 + Math.cos(Math.PI * (t - 1) / 8)) / 2 + 1e-4, at(s, t), TOL, "t=" + t);
        }
        assertEquals(1e-4, at(s, 9), TOL);          // the bottom at t = period + 1, not a restart
        assertEquals(1.1e-3, at(s, 17), TOL);       // back at the top after two periods
        assertEquals(at("CosAnneal(9e-4, 1e-4, 8, false)", 12), at("CosAnneal(λ0=1e-3, λ1=1e-4, period=8, restart=false)", 12), TOL);
        assertEquals(at("CosAnneal(9e-4, 1e-4, 8, true)", 12), at("CosAnneal(9e-4, 1e-4, 8)", 12), 0);
    }

    /** Sequence: each part restarts at its own epoch 1; past the listed steps the last part continues at t − Σn. */
    @Test void sequence() throws Exception {
        String s = "Sequence([1e-3, Exp(1e-2, 0.5), Triangle(1e-3, 1e-4, 4)], [2, 3, 4])";
        assertEquals(1e-3, at(s, 1), TOL);
        assertEquals(1e-3, at(s, 2), TOL);
        assertEquals(1e-2, at(s, 3), TOL);          // Exp at its t = 1
        assertEquals(2.5e-3, at(s, 5), TOL);        // Exp at t = 3
        for (int t = 6; t <= 9; t++) assertEquals(1e-3 * tri(t - 5, 4) + 1e-4, at(s, t), TOL, "t=" + t);
        assertEquals(1e-3 * tri(3, 4) + 1e-4, at(s, 12), TOL);  // 12 − 9 = 3
        assertEquals(at(s, 4), at("Sequence(schedules=[1e-3, Exp(λ=1e-2, γ=0.5), Triangle(1e-3, 1e-4, 4)], step_sizes=[2, 3, 4])", 4), TOL);
    }

    @Test void loopAndShifted() throws Exception {
        for (int t = 1; t <= 12; t++) {
            assertEquals(1e-2 * Math.pow(0.5, (t - 1) % 5), at("Loop(Exp(1e-2, 0.5), 5)", t), TOL, "Loop t=" + t);
            assertEquals(1e-2 * Math.pow(0.5, t - 1 + 3 - 1), at("Shifted(Exp(1e-2, 0.5), 3)", t), TOL, "Shifted t=" + t);
        }
        assertEquals(1e-2 * 0.25, at("Loop(f=Exp(1e-2, 0.5), period=4)", 7), TOL);
    }

    /** OneCycle(50, 0.1): warm-up over w = ⌈0.25·50⌉ = 13 epochs from 0.1/25 to 0.1, then down to 0.1/1e5. */
    @Test void oneCycle() throws Exception {
        double max = 0.1, start = max / 25, end = max / 1e5;
        int w = 13, down = 37;
        for (int t : new int[] {1, 5, 13, 14, 30, 50}) {
            double want = t <= w ? (max - start) * (1 + Math.cos(Math.PI * (t + w - 1) / w)) / 2 + start
                    : (max - end) * (1 + Math.cos(Math.PI * (t - w - 1) / down)) / 2 + end;
            assertEquals(want, at("OneCycle(50, 0.1)", t), 1e-15, "t=" + t);
        }
        assertEquals(start, at("OneCycle(50, 0.1)", 1), 1e-15);
        assertEquals(max, at("OneCycle(50, 0.1)", 14), 1e-15);
        assertEquals(end, at("OneCycle(50, 0.1)", 51), 0.0);
        // keywords: w = ⌈0.3·50⌉ = 15
        assertEquals(1e-4, at("OneCycle(50, 0.1; startval=1e-4, endval=1e-2, percent_start=0.3)", 1), 1e-15);
        assertEquals(0.1, at("OneCycle(50, 0.1; startval=1e-4, endval=1e-2, percent_start=0.3)", 16), 1e-15);
    }

    @Test void everyFormRoundTripsThroughTheConfigWriter() throws Exception {
        for (String s : new String[] {"Poly(0.01, 2, 100)", "Inv(0.1, 0.5, 2)", "Triangle(0.001, 1.0E-4, 10)",
                "TriangleDecay2(0.001, 0.0, 10)", "TriangleExp(0.001, 1.0E-4, 10, 0.9)", "Sin(0.001, 1.0E-4, 7)",
                "SinDecay2(0.001, 1.0E-4, 7)", "SinExp(0.001, 1.0E-4, 7, 0.99)", "CosAnneal(0.001, 3.0E-5, 50)",
                "CosAnneal(0.001, 3.0E-5, 50, false)",
                "Sequence([0.001, Exp(0.01, 0.5), Loop(CosAnneal(0.001, 0.0, 5), 5)], [2, 3, 10])", "Shifted(Poly(0.01, 2, 100), 7)", "OneCycle(100, 0.01; percent_start=0.4)"}) {
            ScheduleSpec spec = SpecParser.schedule(s);
            assertEquals(spec, SpecParser.schedule(ConfigWriter.schedule(spec)), s);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Poly(0.01, 2.5, 100)", "Poly(0.01, 2)", "Inv(0.1, -1, 2)", "Triangle(1e-3, -1e-4, 10)",
            "Triangle(1e-3, 1e-4, 0)", "Triangle(0, 0, 10)", "TriangleExp(1e-3, 1e-4, 10)", "SinExp(1e-3, 1e-4, 10, 2)",
            "Sin(1e-3, 1e-4, 10, 0.9)", "Triangle(λ0=1e-3, period=10)", "CosAnneal(1e-3, 1e-4, 8, 1)", "Cos(1, 0, 3)",
            "Sequence([1e-3, 1e-4], [10])", "Sequence([], [])", "Sequence([0, 1e-3], [1, 2])", "Loop(0.1, 5)", "Loop(Exp(0.1, 0.5), 0)",
            "Shifted(Exp, 2)", "Sequence([Wrong(1)], [3])", "Loop(Exp(0.1, 0.5))",
            "OneCycle(50)", "OneCycle(50, 0.1; percent_start=1)", "OneCycle(1, 0.1)", "OneCycle(50, 0.1; start=1e-3)"})
    void refused(String text) {
        assertThrows(SpecSyntaxException.class, () -> SpecParser.schedule(text));
    }
}
