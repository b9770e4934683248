package io.github.gomaflow.prior;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;

class GaussKronrodTest {
    @Test void singlePanelIsExactForPolynomialsUpToDegree22() {
        double[] err = new double[1];
        for (int k = 0; k <= 22; k++) {
            int kk = k;
            double v = GaussKronrod.rule(x -> Math.pow(x, kk), 0, 1, err);
            assertEquals(1.0 / (k + 1), v, 1e-15, "degree " + k);
        }
        // the embedded G7 rule is exact to degree 13, so the error estimate vanishes there...
        GaussKronrod.rule(x -> Math.pow(x, 13), 0, 1, err);
        assertEquals(0, err[0], 1e-15);
        // ...but not beyond
        GaussKronrod.rule(x -> Math.pow(x, 14), 0, 1, err);
        assertTrue(err[0] > 1e-12);
    }

    @Test void adaptiveIntegrationReachesTightRelativeError() {
        assertEquals(2.0, GaussKronrod.integrate(Math::sin, 0, Math.PI, 1e-13, 1), 2e-14);
        double gauss = GaussKronrod.integrate(x -> Math.exp(-x * x), -3, 7, 1e-13, 4);
        assertEquals(0.5 * Math.sqrt(Math.PI) * Erf.erf(-3, 7), gauss, 1e-14);
        // a narrow peak far from the panel midpoints is found thanks to the initial panels
        double peak = GaussKronrod.integrate(x -> Math.exp(-1e4 * (x - 0.3) * (x - 0.3)), 0, 10, 1e-13, 64);
        assertEquals(Math.sqrt(Math.PI / 1e4), peak, 1e-13 * peak);
    }
}
