package io.github.gomaflow.prior;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.gomaflow.lattice.Lattice;
import java.util.List;
import org.junit.jupiter.api.Test;

/** d log r₁/dx of every prior against central differences of log r₁, and the prior as a target. */
class PriorTargetTest {
    private static final List<Prior> PRIORS = List.of(
            new NormalPrior(0.3, 1.7),
            new PotentialPrior(-1.5, 0.8, -2.5, 2.5),
            new UnivariatePrior(UnivariatePrior.Family.UNIFORM, -1, 2),
            new UnivariatePrior(UnivariatePrior.Family.CAUCHY, 0.2, 1.3),
            new UnivariatePrior(UnivariatePrior.Family.LAPLACE, 0.2, 0.7),
            new UnivariatePrior(UnivariatePrior.Family.LOGISTIC, -0.4, 0.6),
            new UnivariatePrior(UnivariatePrior.Family.GUMBEL, 0.1, 0.9),
            new UnivariatePrior(UnivariatePrior.Family.TDIST, 3.5, 0));

    /** Fourth-order central difference, h = 1e-3: truncation and round-off both below 1e-9 here. */
    @Test void logDensityDerivativeMatchesFiniteDifferences() {
        double h = 1e-3;
        int checked = 0;
        for (Prior prior : PRIORS) {
            for (double x : new double[] {-0.9, -0.35, 0.05, 0.55, 1.3}) {
                double numeric = (8 * (prior.logDensity(x + h) - prior.logDensity(x - h))
                        - (prior.logDensity(x + 2 * h) - prior.logDensity(x - 2 * h))) / (12 * h);
                assertEquals(numeric, prior.logDensityDerivative(x), 1e-8 * (1 + Math.abs(numeric)), prior + " at " + x);
                checked++;
            }
        }
        assertEquals(PRIORS.size() * 5, checked);
    }

    /** S_r = −log r per configuration, gradient −scale·d log r₁/dz per entry, float and double. */
    @Test void priorAsTargetIsMinusItsLogDensity() {
        Lattice lattice = new Lattice(2, 4);
        int batch = 3;
        int n = lattice.volume() * batch;
        PotentialPrior prior = new PotentialPrior(-1.0, 0.5, -2, 2);
        PriorTarget target = new PriorTarget(prior, lattice);
        float[] z = new float[n];
        double[] zd = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = (float) (Math.sin(1.7 * i) * 1.5);
            zd[i] = z[i];
        }
        double[] s = new double[batch];
        double[] sd = new double[batch];
        target.action(z, batch, s);
        target.action(zd, batch, sd);
        for (int b = 0; b < batch; b++) {
            double want = 0;
            for (int site = 0; site < lattice.volume(); site++) want -= prior.logDensity(z[site * batch + b]);
            assertEquals(want, s[b], 1e-9 * Math.abs(want));
            assertEquals(want, sd[b], 1e-9 * Math.abs(want));
        }
        float[] g = new float[n];
        double[] gd = new double[n];
        target.gradient(z, batch, 0.25f, g);
        target.gradient(zd, batch, 0.25, gd);
        for (int i = 0; i < n; i++) {
            double want = -0.25 * prior.logDensityDerivative(z[i]);
            assertEquals(want, g[i], 1e-6 * (1 + Math.abs(want)));
            assertEquals(want, gd[i], 1e-12 * (1 + Math.abs(want)));
        }
    }
}
