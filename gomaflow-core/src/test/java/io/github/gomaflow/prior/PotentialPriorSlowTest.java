package io.github.gomaflow.prior;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.rng.Streams;
import java.util.random.RandomGenerator;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Large-sample exactness checks of the potential sampler (run with {@code mvn verify -P slow}):
 * 4·10⁶ draws per coupling, a KS test and a χ² test on 200 equal-probability-width bins, each
 * with p &gt; 1e−3 at a fixed seed. An approximate sampler (e.g. a Riemann-sum inverse CDF) with
 * a bias of order 1e−3 in the CDF would fail these.
 */
@Tag("slow")
class PotentialPriorSlowTest {
    private static final int N = 4_000_000;

    private static void check(double m2, double lam, long seed) {
        PotentialPrior p = new PotentialPrior(m2, lam);
        RandomGenerator rng = Streams.stream(seed, "test-prior-slow");
        double[] x = new double[N];
        for (int i = 0; i < N; i++) x[i] = p.sample(rng);
        ReferenceDistribution ref = new ReferenceDistribution(v -> Math.exp(-m2 * v * v - lam * v * v * v * v), -5, 5);
        double ks = ref.ksPValue(x);
        assertTrue(ks > 1e-3, p + ": KS p = " + ks);
        // χ² on 200 equal-width bins over [−2, 2] plus the two outer regions
        int bins = 200;
        double lo = -2, hi = 2, w = (hi - lo) / bins;
        long[] count = new long[bins + 2];
        for (double v : x) {
            int k = v < lo ? bins : v >= hi ? bins + 1 : (int) ((v - lo) / w);
            count[Math.min(k, bins + 1)]++;
        }
        double chi2 = 0;
        int dof = 0;
        for (int k = 0; k < bins + 2; k++) {
            double a = k < bins ? lo + k * w : k == bins ? -5 : hi;
            double b = k < bins ? lo + (k + 1) * w : k == bins ? lo : 5;
            double expected = N * ReferenceDistribution.integrate(v -> Math.exp(-m2 * v * v - lam * v * v * v * v), a, b)
                    / ref.normalisation();
            if (expected < 20) continue;
            chi2 += (count[k] - expected) * (count[k] - expected) / expected;
            dof++;
        }
        double pChi2 = 1 - new ChiSquaredDistribution(null, dof - 1).cumulativeProbability(chi2);
        assertTrue(pChi2 > 1e-3, p + ": chi2 = " + chi2 + " for " + (dof - 1) + " dof, p = " + pChi2);
    }

    @Test void doubleWell() { check(-4, 8, 100); }

    @Test void symmetric() { check(1, 8, 101); }

    @Test void nearCritical() { check(-0.53, 8, 102); }
}
