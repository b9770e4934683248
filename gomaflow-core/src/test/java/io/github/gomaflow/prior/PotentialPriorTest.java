package io.github.gomaflow.prior;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.rng.Streams;
import java.util.random.RandomGenerator;
import org.apache.commons.math3.special.Erf;
import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;

class PotentialPriorTest {
    /** KS p-values below this fail; at a fixed seed a correct sampler fails with probability 1e-3. */
    private static final double KS_P_MIN = 1e-3;
    private static final int N = 100_000;
    private static final double INF = Double.POSITIVE_INFINITY;

    /** exp(−m²x² − λx⁴) on [xmin, xmax] as an independent reference; infinite ends cut at ±5 (mass < e^−1000). */
    private static ReferenceDistribution reference(double m2, double lam, double xmin, double xmax) {
        return new ReferenceDistribution(x -> Math.exp(-m2 * x * x - lam * x * x * x * x),
                Math.max(xmin, -5), Math.min(xmax, 5));
    }

    private static double[] draw(PotentialPrior p, long seed, int n) {
        RandomGenerator rng = Streams.stream(seed, "test-prior");
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = p.sample(rng);
        return x;
    }

    @Test void normalisationOfPureQuarticMatchesClosedForm() {
        // ∫ exp(−λx⁴) dx over ℝ = 2Γ(5/4) λ^{−1/4}
        for (double lam : new double[] {0.1, 1, 8, 100}) {
            double exact = Math.log(2 * Gamma.gamma(1.25) * Math.pow(lam, -0.25));
            assertEquals(exact, new PotentialPrior(0, lam).logNormalisation(), 1e-11);
        }
    }

    @Test void normalisationOfTruncatedGaussianMatchesErf() {
        // λ = 0: ∫_a^b exp(−m²x²) dx = ½√(π/m²) [erf(√m² b) − erf(√m² a)]
        double m2 = 2;
        double s = Math.sqrt(m2);
        assertEquals(Math.log(0.5 * Math.sqrt(Math.PI / m2) * Erf.erf(-s, 3 * s)),
                new PotentialPrior(m2, 0, -1, 3).logNormalisation(), 1e-11);
        assertEquals(Math.log(Math.sqrt(Math.PI / m2)), new PotentialPrior(m2, 0).logNormalisation(), 1e-11);
        assertEquals(Math.log(0.5 * Math.sqrt(Math.PI / m2) * Erf.erf(0.5 * s, INF)),
                new PotentialPrior(m2, 0, 0.5, INF).logNormalisation(), 1e-11);
    }

    @Test void densityIntegratesToOneByAnIndependentIntegrator() {
        double[][] cases = {
            {-4, 8, -INF, INF}, {1, 8, -INF, INF}, {-0.53, 8, -INF, INF}, {-4, 8, -1, 0.5},
            {-4, 8, 0.2, INF}, {-40, 1, -INF, INF}, {-1, 0, -1, 2}, {0, 0, -2, 3}, {3, 0.01, -INF, 1}};
        for (double[] c : cases) {
            PotentialPrior p = new PotentialPrior(c[0], c[1], c[2], c[3]);
            double total = ReferenceDistribution.integrate(x -> Math.exp(p.logDensity(x)),
                    Math.max(c[2], -8), Math.min(c[3], 8));
            assertEquals(1.0, total, 1e-9, p.toString());
        }
    }

    @Test void logDensityIsMinusInfinityOutsideTheInterval() {
        PotentialPrior p = new PotentialPrior(-4, 8, -1, 0.5);
        assertEquals(Double.NEGATIVE_INFINITY, p.logDensity(0.6));
        assertEquals(Double.NEGATIVE_INFINITY, p.logDensity(-1.01));
        assertEquals(Double.NEGATIVE_INFINITY, p.logDensity(Double.NaN));
        assertTrue(Double.isFinite(p.logDensity(0.5)));
        // log r₁(x) − log r₁(0) = −(m²x² + λx⁴)
        assertEquals(-(-4 * 0.09 + 8 * 0.0081), p.logDensity(0.3) - p.logDensity(0), 1e-14);
    }

    private static void assertKs(double m2, double lam, double xmin, double xmax, long seed) {
        PotentialPrior p = new PotentialPrior(m2, lam, xmin, xmax);
        double[] x = draw(p, seed, N);
        for (double v : x) assertTrue(v >= xmin && v <= xmax);
        double pValue = reference(m2, lam, xmin, xmax).ksPValue(x);
        assertTrue(pValue > KS_P_MIN, p + ": KS p = " + pValue);
    }

    @Test void ksDoubleWellBroken() { assertKs(-4, 8, -INF, INF, 1); }

    @Test void ksSymmetricPhase() { assertKs(1, 8, -INF, INF, 2); }

    @Test void ksNearCriticalWell() { assertKs(-0.53, 8, -INF, INF, 3); }

    @Test void ksTruncatedAndOneSidedIntervals() {
        assertKs(-4, 8, -1, 0.5, 4);
        assertKs(-4, 8, 0.2, INF, 5);
        assertKs(-1, 0, -1, 2, 6);
        assertKs(2, 0, -INF, INF, 7);
        assertKs(-0.53, 8, -2, 2, 8); // GomalizingFlow's default interval
    }

    @Test void exponentialTailsAreExactWhenTheyCarryRealMass() {
        // with a core depth of 1 most of the mass lies in the tails; the default depth 40 leaves ~e^−40
        long seed = 20;
        for (double[] c : new double[][] {{-4, 8, -INF, INF}, {1, 8, -INF, INF}, {2, 0, -INF, INF}, {1, 8, -0.6, 0.7}}) {
            PotentialPrior p = new PotentialPrior(c[0], c[1], c[2], c[3], 1.0);
            double[] x = draw(p, seed++, N);
            int outside = 0;
            double r = p.radius(1.0);
            for (double v : x) {
                assertTrue(v >= c[2] && v <= c[3]);
                if (Math.abs(v) > r) outside++;
            }
            assertTrue(outside > N / 50, p + ": only " + outside + " tail draws");
            double pValue = reference(c[0], c[1], c[2], c[3]).ksPValue(x);
            assertTrue(pValue > KS_P_MIN, p + " (core depth 1): KS p = " + pValue);
        }
    }

    @Test void ksDetectsAWrongCoupling() {
        // power check: samples for λ = 8 are rejected against the λ = 8.8 distribution
        double[] x = draw(new PotentialPrior(1, 8), 2, N);
        assertTrue(reference(1, 8.8, -INF, INF).ksPValue(x) < KS_P_MIN);
    }

    @Test void secondAndFourthMomentsWithinThreeSigma() {
        double[][] cases = {{-4, 8}, {1, 8}, {-0.53, 8}};
        long seed = 10;
        for (double[] c : cases) {
            PotentialPrior p = new PotentialPrior(c[0], c[1]);
            ReferenceDistribution ref = reference(c[0], c[1], -INF, INF);
            double[] x = draw(p, seed++, N);
            for (int k : new int[] {1, 2, 4}) {
                double sum = 0, sum2 = 0;
                for (double v : x) { double t = Math.pow(v, k); sum += t; sum2 += t * t; }
                double mean = sum / N;
                double sigma = Math.sqrt((sum2 / N - mean * mean) / (N - 1));
                double exact = ref.expectation(v -> Math.pow(v, k));
                assertEquals(exact, mean, 3 * sigma, p + " <x^" + k + ">");
            }
        }
    }

    @Test void samplerIsEfficient() {
        for (double[] c : new double[][] {{-4, 8}, {1, 8}, {-0.53, 8}, {-40, 1}, {2, 0}}) {
            double e = new PotentialPrior(c[0], c[1]).samplerEfficiency();
            assertTrue(e > 0.95 && e <= 1, "efficiency " + e);
        }
    }

    @Test void floatBatchIsTheRoundedDoubleSequenceAndStaysInside() {
        PotentialPrior p = new PotentialPrior(-4, 8, -0.5, 0.25);
        float[] z = new float[1000];
        p.sample(Streams.stream(9, "test-prior"), z, z.length);
        double[] x = draw(p, 9, z.length);
        for (int i = 0; i < z.length; i++) {
            assertTrue(z[i] >= -0.5f && z[i] <= 0.25f);
            assertEquals((float) x[i], z[i], Math.ulp((float) x[i]));
        }
        float[] again = new float[1000];
        p.sample(Streams.stream(9, "test-prior"), again, again.length);
        assertArrayEquals(z, again);
    }

    @Test void batchLogDensityIsSumOverSites() {
        PotentialPrior p = new PotentialPrior(-0.53, 8);
        int v = 6, batch = 3;
        float[] z = new float[v * batch];
        p.sample(Streams.stream(1, "x"), z, z.length);
        double[] out = new double[batch];
        p.logDensity(z, v, batch, out);
        for (int b = 0; b < batch; b++) {
            double s = 0;
            for (int site = 0; site < v; site++) s += p.logDensity(z[site * batch + b]);
            assertEquals(s, out[b], 1e-12);
        }
    }

    @Test void rejectsInvalidParameters() {
        assertThrows(IllegalArgumentException.class, () -> new PotentialPrior(1, -1));
        assertThrows(IllegalArgumentException.class, () -> new PotentialPrior(Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new PotentialPrior(1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new PotentialPrior(1, INF));
        assertThrows(IllegalArgumentException.class, () -> new PotentialPrior(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new PotentialPrior(-1, 0, 0, INF));
        assertThrows(IllegalArgumentException.class, () -> new PotentialPrior(1, 1, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> new PotentialPrior(1, 1, 3, 2));
        assertThrows(IllegalArgumentException.class, () -> new PotentialPrior(1, 1, Double.NaN, 2));
        assertThrows(IllegalArgumentException.class, () -> new PotentialPrior(1, 1, INF, INF));
    }
}
