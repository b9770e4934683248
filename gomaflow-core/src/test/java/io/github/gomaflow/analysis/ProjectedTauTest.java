package io.github.gomaflow.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProjectedTauTest {
    @Test void linearFunctionEqualsGammaMethodOfTheCombinedSeries() {
        int n = 20_000;
        double[] a = GammaMethodTest.ar1(0.8, n, 21);
        double[] b = GammaMethodTest.ar1(0.3, n, 22);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) y[i] = 2 * a[i] - 5 * b[i];
        GammaEstimate direct = GammaMethod.estimate(y, n, 1.5);
        GammaEstimate[] p = ProjectedTau.estimate(new double[][] {a, b}, n, (m, out) -> { out[0] = 2 * m[0] - 5 * m[1]; out[1] = 1; },
                2, new int[] {0}, 1.5);
        assertEquals(direct.tauInt(), p[0].tauInt(), 1e-6 * direct.tauInt());
        assertEquals(direct.error(), p[0].error(), 1e-6 * direct.error());
        assertEquals(direct.window(), p[0].window());
    }

    @Test void ratioOfCorrelatedSeriesFollowsTheSlowerComponent() {
        int n = 50_000;
        double[] a = GammaMethodTest.ar1(0.9, n, 23);
        double[] b = new double[n];
        for (int i = 0; i < n; i++) { b[i] = 10 + 0.01 * a[i]; a[i] = 3 + a[i]; }
        // F = ā / b̄ is dominated by ā: τ_int → (1 + 0.9)/(2·0.1) = 9.5
        GammaEstimate[] p = ProjectedTau.estimate(new double[][] {a, b}, n, (m, out) -> out[0] = m[0] / m[1], 1, new int[] {0}, 1.5);
        assertTrue(p[0].tauIntError() > 0);
        assertEquals(9.5, p[0].tauInt(), 3 * p[0].tauIntError());
    }
}
