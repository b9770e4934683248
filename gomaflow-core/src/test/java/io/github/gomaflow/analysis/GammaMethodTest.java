package io.github.gomaflow.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.rng.Streams;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GammaMethodTest {
    /** x_{t+1} = a x_t + sqrt(1−a²) ε, stationary start: unit variance, τ_int = (1+a)/(2(1−a)). */
    static double[] ar1(double a, int n, long seed) {
        RandomGenerator rng = Streams.stream(seed, "test-ar1", (long) (a * 1000));
        double[] x = new double[n];
        x[0] = rng.nextGaussian();
        double c = Math.sqrt(1 - a * a);
        for (int i = 1; i < n; i++) x[i] = a * x[i - 1] + c * rng.nextGaussian();
        return x;
    }

    @ParameterizedTest
    @CsvSource({"0.5, 100000, 1", "0.9, 200000, 2"})
    void recoversTauIntOfAr1WithinThreeSigma(double a, int n, long seed) {
        double tauTrue = (1 + a) / (2 * (1 - a));
        GammaEstimate e = GammaMethod.estimate(ar1(a, n, seed), n, GammaMethod.DEFAULT_S);
        assertTrue(e.tauIntError() > 0 && e.tauIntError() < 0.1 * tauTrue, "δτ " + e.tauIntError());
        assertEquals(tauTrue, e.tauInt(), 3 * e.tauIntError(), "τ_int of AR(1) a=" + a);
        // the error of the mean must be sqrt(2 τ σ²/N) with σ² = 1, up to its own relative uncertainty δτ/(2τ)
        double errTrue = Math.sqrt(2 * tauTrue / n);
        assertEquals(errTrue, e.error(), 3 * errTrue * e.tauIntError() / (2 * e.tauInt()), "σ(mean)");
        assertEquals(0.0, e.value(), 4 * e.error(), "mean");
        assertTrue(e.window() > 0 && e.window() < n / 100, "window " + e.window());
        // GomalizingFlow's estimator stops at the first lag compatible with zero: biased low, but near
        assertEquals(tauTrue, e.tauIntMadrasSokal(), 0.25 * tauTrue, "Madras–Sokal τ_int");
    }

    @Test void errorsAreCalibratedOverIndependentReplicas() {
        // 400 AR(1) chains (a = 0.7, τ_int = 2.83, N = 4000): the pulls (ā − 0)/σ(ā) must have unit
        // variance. The sample variance of 400 unit normals has σ = sqrt(2/399) = 0.071; tolerance 3σ.
        int reps = 400, n = 4000;
        double sumPull2 = 0;
        int within1 = 0;
        for (int r = 0; r < reps; r++) {
            GammaEstimate e = GammaMethod.estimate(ar1(0.7, n, 1000 + r), n, GammaMethod.DEFAULT_S);
            double pull = e.value() / e.error();
            sumPull2 += pull * pull;
            if (Math.abs(pull) < 1) within1++;
        }
        assertEquals(1.0, sumPull2 / reps, 3 * Math.sqrt(2.0 / (reps - 1)), "pull variance");
        // coverage of ±1σ: binomial(400, 0.683) has σ = 9.3 counts
        assertEquals(0.683 * reps, within1, 3 * 9.3, "±1σ coverage");
    }

    @Test void independentDataHaveTauOneHalf() {
        RandomGenerator rng = Streams.stream(7, "test-iid");
        int n = 50_000;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = 3 + 2 * rng.nextGaussian();
        GammaEstimate e = GammaMethod.estimate(x, n, GammaMethod.DEFAULT_S);
        assertEquals(0.5, e.tauInt(), 3 * e.tauIntError());
        assertEquals(2 / Math.sqrt(n), e.error(), 0.05 * 2 / Math.sqrt(n));
        assertEquals(3, e.value(), 4 * e.error());
    }

    @Test void fftAutocovarianceEqualsDirectSum() {
        RandomGenerator rng = Streams.stream(11, "test-acf");
        for (int n : new int[] {1, 2, 3, 17, 64, 101}) {
            double[] a = new double[n];
            double[] b = new double[n];
            for (int i = 0; i < n; i++) { a[i] = rng.nextGaussian() + (i % 3); b[i] = Math.sin(i) * 5 + rng.nextDouble(); }
            double[][] single = GammaMethod.autocovariances(n, a, null);
            double[][] pair = GammaMethod.autocovariances(n, a, b);
            double[] da = direct(a, n), db = direct(b, n);
            assertEquals(n / 2 + 1, single[0].length);
            for (int t = 0; t <= n / 2; t++) {
                assertEquals(da[t], single[0][t], 1e-11 * (1 + Math.abs(da[0])), "a, n=" + n + " t=" + t);
                assertEquals(da[t], pair[0][t], 1e-11 * (1 + Math.abs(da[0])), "pair a, n=" + n + " t=" + t);
                assertEquals(db[t], pair[1][t], 1e-11 * (1 + Math.abs(db[0])), "pair b, n=" + n + " t=" + t);
            }
        }
    }

    @Test void longSeriesStopAtMaxLagWithoutWrapAround() {
        int n = 98_304;   // N + MAX_LAG = 2^17 exactly: the padding is as tight as it gets
        double[] a = ar1(0.5, n, 12);
        double[] g = GammaMethod.autocovariances(n, a, null)[0];
        assertEquals(GammaMethod.MAX_LAG + 1, g.length);
        double m = GammaMethod.mean(a, n);
        for (int t : new int[] {0, 1, 7, 1000, GammaMethod.MAX_LAG}) {
            double s = 0;
            for (int i = 0; i + t < n; i++) s += (a[i] - m) * (a[i + t] - m);
            assertEquals(s / (n - t), g[t], 1e-9 * g[0], "lag " + t);
        }
    }

    @Test void pairEqualsTwoSingleEstimates() {
        double[] a = ar1(0.7, 5000, 3);
        double[] b = ar1(0.2, 5000, 4);
        GammaEstimate[] p = GammaMethod.estimatePair(a, b, 5000, 1.5);
        GammaEstimate sa = GammaMethod.estimate(a, 5000, 1.5);
        assertEquals(sa.window(), p[0].window());
        assertEquals(sa.tauInt(), p[0].tauInt(), 1e-9);
        assertEquals(GammaMethod.estimate(b, 5000, 1.5).error(), p[1].error(), 1e-12);
    }

    @Test void constantSeriesHasZeroError() {
        GammaEstimate e = GammaMethod.estimate(new double[] {2, 2, 2, 2}, 4, 1.5);
        assertEquals(2, e.value());
        assertEquals(0, e.error());
        assertEquals(0.5, e.tauInt());
    }

    private static double[] direct(double[] a, int n) {
        double m = 0;
        for (int i = 0; i < n; i++) m += a[i];
        m /= n;
        double[] g = new double[n / 2 + 1];
        for (int t = 0; t <= n / 2; t++) {
            double s = 0;
            for (int i = 0; i + t < n; i++) s += (a[i] - m) * (a[i + t] - m);
            g[t] = s / (n - t);
        }
        return g;
    }
}
