package io.github.gomaflow.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.rng.Streams;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class JackknifeTest {
    @Test void linearFunctionGivesTheNaiveErrorOfBinMeans() {
        RandomGenerator rng = Streams.stream(5, "test-jk");
        int n = 600;
        double[] a = new double[n], b = new double[n];
        for (int i = 0; i < n; i++) { a[i] = rng.nextGaussian(); b[i] = 1 + 0.3 * rng.nextGaussian() + 0.5 * a[i]; }
        for (int bin : new int[] {1, 4, 30}) {
            Jackknife.Result r = Jackknife.of(new double[][] {a, b}, n, bin, 1, (m, out) -> out[0] = 2 * m[0] - 3 * m[1] + 7);
            int bins = n / bin;
            double[] y = new double[bins];
            double mean = 0;
            for (int j = 0; j < bins; j++) {
                for (int i = j * bin; i < (j + 1) * bin; i++) y[j] += (2 * a[i] - 3 * b[i] + 7) / bin;
                mean += y[j] / bins;
            }
            double ss = 0;
            for (double v : y) ss += (v - mean) * (v - mean);
            double naive = Math.sqrt(ss / (bins - 1) / bins);
            assertEquals(mean, r.value()[0], 1e-12);
            assertEquals(naive, r.error()[0], 1e-12 * naive, "bin " + bin);
            assertEquals(bins, r.replicas().length);
        }
    }

    @Test void remainderGoesIntoTheLastBin() {
        long[] c = Jackknife.binCounts(10, 3);
        assertEquals(3, c.length);
        assertEquals(4, c[2]);
        double[][] s = Jackknife.binSums(new double[][] {{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}}, 10, 3);
        assertEquals(6, s[0][0]);
        assertEquals(34, s[2][0]);
    }

    @Test void nonlinearRatioMatchesErrorPropagation() {
        RandomGenerator rng = Streams.stream(6, "test-jk-ratio");
        int n = 20_000;
        double[] a = new double[n], b = new double[n];
        for (int i = 0; i < n; i++) { a[i] = 2 + 0.1 * rng.nextGaussian(); b[i] = 4 + 0.2 * rng.nextGaussian(); }
        Jackknife.Result r = Jackknife.of(new double[][] {a, b}, n, 10, 1, (m, out) -> out[0] = m[0] / m[1]);
        // independent a, b: σ(a/b)² ≈ (σa/b)² + (a σb/b²)² with σa = 0.1/√n, σb = 0.2/√n
        double expected = Math.sqrt(Math.pow(0.1 / 4, 2) + Math.pow(2 * 0.2 / 16, 2)) / Math.sqrt(n);
        assertEquals(0.5, r.value()[0], 4 * expected);
        // the jackknife error has ~1/sqrt(2·bins) = 2.2 % relative uncertainty
        assertEquals(expected, r.error()[0], 0.1 * expected);
        assertTrue(Double.isNaN(Jackknife.error(new double[] {1})));
    }
}
