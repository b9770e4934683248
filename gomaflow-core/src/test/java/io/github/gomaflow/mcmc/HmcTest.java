package io.github.gomaflow.mcmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.lattice.Lattice;
import io.github.gomaflow.rng.Streams;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class HmcTest {
    private static final ScalarPhi4Action EXAMPLE2D = new ScalarPhi4Action(Lattice.hypercubic(2, 8), -4.0, 8.0);

    private static double[] gaussian(int n, RandomGenerator rng, double scale) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = scale * rng.nextGaussian();
        return x;
    }

    @Test void forceAndActionAgreeWithTheReferenceAndWithFiniteDifferences() {
        int checked = 0;
        for (Lattice lattice : new Lattice[] {new Lattice(5), new Lattice(3, 4), new Lattice(2, 3, 5)}) {
            ScalarPhi4Action a = new ScalarPhi4Action(lattice, -1.3, 0.7);
            Hmc hmc = new Hmc(a, Integrator.LEAPFROG, 1, 10);
            int v = lattice.volume();
            double[] phi = gaussian(v, Streams.stream(3, "test", v), 1.0);
            double[] ref = new double[1];
            a.action(phi, 1, ref);
            assertEquals(ref[0], hmc.action(phi), 1e-12 * Math.abs(ref[0]) + 1e-12);
            double[] f = new double[v];
            double[] g = new double[v];
            hmc.force(phi, f);
            a.gradient(phi, 1, 1.0, g);
            double h = 1e-5;
            for (int i = 0; i < v; i++) {
                assertEquals(g[i], f[i], 1e-12 * (1 + Math.abs(g[i])));
                double keep = phi[i];
                phi[i] = keep + h;
                double sp = hmc.action(phi);
                phi[i] = keep - h;
                double sm = hmc.action(phi);
                phi[i] = keep;
                assertEquals((sp - sm) / (2 * h), f[i], 1e-6 * (1 + Math.abs(f[i])), "site " + i + " of " + lattice);
                checked++;
            }
        }
        assertEquals(5 + 12 + 30, checked);
    }

    @Test void integratorsAreReversibleToRoundOff() {
        for (Integrator integ : Integrator.values()) {
            Hmc hmc = new Hmc(EXAMPLE2D, integ, 1, 20);
            RandomGenerator rng = Streams.stream(7, "test");
            double[] phi0 = gaussian(64, rng, 1.0);
            double[] p0 = gaussian(64, rng, 1.0);
            double[] phi = phi0.clone();
            double[] p = p0.clone();
            hmc.integrate(phi, p, 0.05, 20);
            double moved = 0;
            for (int i = 0; i < 64; i++) {
                moved = Math.max(moved, Math.abs(phi[i] - phi0[i]));
                p[i] = -p[i];
            }
            assertTrue(moved > 0.1, "the trajectory must move the field, moved " + moved);
            hmc.integrate(phi, p, 0.05, 20);
            for (int i = 0; i < 64; i++) {
                assertEquals(phi0[i], phi[i], 1e-11, integ + " φ at site " + i);
                assertEquals(p0[i], -p[i], 1e-11, integ + " π at site " + i);
            }
        }
    }

    /** Equilibrium configuration of example2d from a short chain. */
    private static double[] equilibrated() {
        Hmc hmc = new Hmc(EXAMPLE2D, Integrator.LEAPFROG, 1, 20);
        RandomGenerator rng = Streams.stream(11, "test");
        for (int i = 0; i < 300; i++) hmc.trajectory(rng);
        return hmc.field().clone();
    }

    @Test void energyErrorScalesAsEpsilonSquared() {
        double[] phi0 = equilibrated();
        int[] ks = {10, 20, 40, 80};
        for (Integrator integ : Integrator.values()) {
            Hmc hmc = new Hmc(EXAMPLE2D, integ, 1, 10);
            double[] x = new double[ks.length];
            double[] y = new double[ks.length];
            for (int j = 0; j < ks.length; j++) {
                RandomGenerator rng = Streams.stream(5, "test"); // same momenta for every ε
                double sum = 0;
                int draws = 20;
                for (int r = 0; r < draws; r++) {
                    double[] phi = phi0.clone();
                    double[] p = gaussian(64, rng, 1.0);
                    double h0 = 0.5 * dot(p) + hmc.action(phi);
                    hmc.integrate(phi, p, 1.0 / ks[j], ks[j]);
                    sum += Math.abs(0.5 * dot(p) + hmc.action(phi) - h0);
                }
                x[j] = Math.log(1.0 / ks[j]);
                y[j] = Math.log(sum / draws);
            }
            double slope = slope(x, y);
            assertEquals(2.0, slope, 0.15, integ + ": log|ΔH| vs log ε");
        }
    }

    private static double dot(double[] a) {
        double s = 0;
        for (double v : a) s += v * v;
        return s;
    }

    private static double slope(double[] x, double[] y) {
        double mx = 0, my = 0;
        for (int i = 0; i < x.length; i++) { mx += x[i] / x.length; my += y[i] / y.length; }
        double sxy = 0, sxx = 0;
        for (int i = 0; i < x.length; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx); }
        return sxy / sxx;
    }

    /** Mean and binned standard error (bins of {@code bin} consecutive values). */
    static double[] binnedMean(double[] v, int bin) {
        int nb = v.length / bin;
        double[] means = new double[nb];
        double total = 0;
        for (int b = 0; b < nb; b++) {
            double s = 0;
            for (int i = b * bin; i < (b + 1) * bin; i++) s += v[i];
            means[b] = s / bin;
            total += means[b];
        }
        double mean = total / nb;
        double var = 0;
        for (double m : means) var += (m - mean) * (m - mean);
        return new double[] {mean, Math.sqrt(var / (nb - 1) / nb)};
    }

    @Test void expMinusDeltaHAveragesToOne() {
        // a coarse step (K = 8, acceptance ≈ 0.6) so that ΔH is large enough to test something
        Hmc hmc = new Hmc(EXAMPLE2D, Integrator.LEAPFROG, 1, 8);
        hmc.setField(equilibrated());
        RandomGenerator rng = Streams.stream(13, "test");
        int n = 20_000;
        double[] w = new double[n];
        int accepted = 0;
        for (int i = 0; i < n; i++) {
            if (hmc.trajectory(rng)) accepted++;
            w[i] = Math.exp(-hmc.lastDeltaH());
        }
        double acc = (double) accepted / n;
        assertTrue(acc > 0.3 && acc < 0.95, "acceptance " + acc + " is outside the range where this test is sensitive");
        double[] m = binnedMean(w, 200);
        assertEquals(1.0, m[0], 3 * m[1], "⟨exp(−ΔH)⟩ = " + m[0] + " ± " + m[1]);
    }

    @Test void freeFieldSusceptibilityMatchesTheExactValue() {
        // λ = 0: χ₂ = ⟨M²⟩/V = 1/(2m²) exactly (the zero mode of exp(−φ·(−Δ+m²)φ))
        double m2 = 0.5;
        ScalarPhi4Action free = new ScalarPhi4Action(Lattice.hypercubic(2, 8), m2, 0.0);
        Hmc hmc = new Hmc(free, Integrator.LEAPFROG, 1, 10);
        RandomGenerator rng = Streams.stream(17, "test");
        for (int i = 0; i < 200; i++) hmc.trajectory(rng);
        int n = 40_000;
        double[] chi = new double[n];
        for (int i = 0; i < n; i++) {
            hmc.trajectory(rng);
            double m = 0;
            for (double x : hmc.field()) m += x;
            chi[i] = m * m / 64;
        }
        double[] est = binnedMean(chi, 400);
        assertTrue(est[1] < 0.05, "error " + est[1] + " too large for a meaningful test");
        assertEquals(1 / (2 * m2), est[0], 3 * est[1], "χ₂ = " + est[0] + " ± " + est[1]);
    }
}
