package io.github.gomaflow.prior;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.config.PriorSpec;
import io.github.gomaflow.rng.Streams;
import java.util.random.RandomGenerator;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

class NormalPriorTest {
    private static final int N = 100_000;

    @Test void logDensityMatchesCommonsMathAndIntegratesToOne() {
        NormalPrior p = new NormalPrior(0.3, 1.7);
        NormalDistribution ref = new NormalDistribution(null, 0.3, 1.7);
        for (double x = -6; x <= 6; x += 0.37) assertEquals(ref.logDensity(x), p.logDensity(x), 1e-13);
        double total = ReferenceDistribution.integrate(x -> Math.exp(p.logDensity(x)), 0.3 - 10 * 1.7, 0.3 + 10 * 1.7);
        assertEquals(1.0, total, 1e-9);
    }

    @Test void samplesPassKsAndMomentChecks() {
        NormalPrior p = new NormalPrior(0.3, 1.7);
        RandomGenerator rng = Streams.stream(5, "test-prior");
        double[] x = new double[N];
        for (int i = 0; i < N; i++) x[i] = p.sample(rng);
        double pValue = new ReferenceDistribution(v -> Math.exp(-0.5 * Math.pow((v - 0.3) / 1.7, 2)), -12, 12).ksPValue(x);
        assertTrue(pValue > 1e-3, "KS p = " + pValue);
        double sum = 0, sum2 = 0;
        for (double v : x) { sum += v; sum2 += v * v; }
        double mean = sum / N, var = sum2 / N - mean * mean;
        assertEquals(0.3, mean, 3 * 1.7 / Math.sqrt(N));
        // Var of the sample variance of a normal: 2σ⁴/(N−1)
        assertEquals(1.7 * 1.7, var, 3 * Math.sqrt(2 / (N - 1.0)) * 1.7 * 1.7);
    }

    @Test void floatBatchFollowsTheStreamAndBatchLogDensitySums() {
        NormalPrior p = NormalPrior.standard();
        float[] z = new float[12];
        p.sample(Streams.stream(3, "x"), z, 12);
        RandomGenerator rng = Streams.stream(3, "x");
        for (float v : z) assertEquals((float) rng.nextGaussian(), v);
        double[] out = new double[3];
        p.logDensity(z, 4, 3, out);
        for (int b = 0; b < 3; b++) {
            double s = 0;
            for (int site = 0; site < 4; site++) s += p.logDensity(z[site * 3 + b]);
            assertEquals(s, out[b], 1e-12);
        }
    }

    @Test void rejectsInvalidParameters() {
        assertThrows(IllegalArgumentException.class, () -> new NormalPrior(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new NormalPrior(0, -1));
        assertThrows(IllegalArgumentException.class, () -> new NormalPrior(Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new NormalPrior(0, Double.POSITIVE_INFINITY));
    }

    @Test void factoryBuildsThePriorTheSpecNames() {
        Prior n = Priors.of(new PriorSpec.Normal(0, 1));
        assertInstanceOf(NormalPrior.class, n);
        assertEquals(new NormalPrior(0, 1).logDensity(0.4), n.logDensity(0.4), 0.0);
        Prior p = Priors.of(new PriorSpec.Potential(-4, 8, -5, 5));
        PotentialPrior pp = assertInstanceOf(PotentialPrior.class, p);
        assertEquals(-4, pp.mSquared());
        assertEquals(8, pp.lambda());
        assertEquals(-5, pp.xmin());
        assertEquals(5, pp.xmax());
        assertThrows(IllegalArgumentException.class, () -> Priors.of(new PriorSpec.Normal(0, -1)));
        assertThrows(NullPointerException.class, () -> Priors.of(null));
    }
}
