package io.github.gomaflow.mcmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.analysis.GammaEstimate;
import io.github.gomaflow.analysis.GammaMethod;
import io.github.gomaflow.flow.FourierBasis;
import io.github.gomaflow.io.EnsembleWriter;
import io.github.gomaflow.io.ProgressListener;
import io.github.gomaflow.lattice.Lattice;
import io.github.gomaflow.rng.Streams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * Fourier-accelerated HMC (kinetic term ½ Σ_k π̃_k²/M_k in the Hartley basis, docs/SAMPLERS.md): reversibility,
 * O(ε²) energy error, the free field mode by mode, equal decorrelation of all free modes, and agreement with
 * plain HMC at the tutorial point.
 */
class HmcFourierAccelerationTest {
    private static final ScalarPhi4Action TUTORIAL = new ScalarPhi4Action(Lattice.hypercubic(2, 8), -4.0, 8.0);

    private static double[] gaussian(int n, RandomGenerator rng, double scale) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = scale * rng.nextGaussian();
        return x;
    }

    @Test void integratorsAreReversibleToRoundOffOnEvenAndOddLattices() {
        for (Lattice lattice : new Lattice[] {Lattice.hypercubic(2, 8), new Lattice(3, 4, 5), new Lattice(7)}) {
            ScalarPhi4Action a = new ScalarPhi4Action(lattice, -1.0, 1.5);
            int v = lattice.volume();
            for (Integrator integ : Integrator.values()) {
                Hmc hmc = new Hmc(a, integ, 1, 20);
                hmc.setFourierAcceleration(0.7);
                RandomGenerator rng = Streams.stream(7, "test-fa");
                double[] phi0 = gaussian(v, rng, 0.7);
                double[] p0 = gaussian(v, rng, 0.5);
                double[] phi = phi0.clone();
                double[] p = p0.clone();
                hmc.integrate(phi, p, 0.04, 20);
                double moved = 0;
                for (int i = 0; i < v; i++) {
                    moved = Math.max(moved, Math.abs(phi[i] - phi0[i]));
                    p[i] = -p[i];
                }
                assertTrue(moved > 0.1, "the trajectory must move the field, moved " + moved);
                hmc.integrate(phi, p, 0.04, 20);
                for (int i = 0; i < v; i++) {
                    assertEquals(phi0[i], phi[i], 1e-11, lattice + " " + integ + " φ at site " + i);
                    assertEquals(p0[i], -p[i], 1e-11, lattice + " " + integ + " π̃ at mode " + i);
                }
            }
        }
    }

    /** Mean |ΔH| over 20 momentum draws from an equilibrium configuration of the tutorial point, for K steps of 1/K. */
    private static double meanAbsDeltaH(Hmc hmc, double[] phi0, double massSquared, int k) {
        RandomGenerator rng = Streams.stream(5, "test-fa"); // the same momenta for every ε
        Lattice l = TUTORIAL.lattice();
        FourierBasis basis = new FourierBasis(l);
        double sum = 0;
        int draws = 20;
        for (int r = 0; r < draws; r++) {
            double[] phi = phi0.clone();
            double[] p = gaussian(l.volume(), rng, 1.0);
            // π̃_k ~ N(0, M_k), M_k = (8/π²)(p̂²_k + M²) (docs/SAMPLERS.md), written out here rather than taken from Hmc
            for (int i = 0; i < p.length; i++) p[i] *= Math.sqrt(8 / (Math.PI * Math.PI) * (basis.momentumSquared(i) + massSquared));
            double h0 = hmc.kineticEnergy(p) + hmc.action(phi);
            hmc.integrate(phi, p, 1.0 / k, k);
            sum += Math.abs(hmc.kineticEnergy(p) + hmc.action(phi) - h0);
        }
        return sum / draws;
    }

    @Test void energyErrorFallsFourfoldWhenTheStepIsHalved() {
        Hmc eq = new Hmc(TUTORIAL, Integrator.LEAPFROG, 1, 20);
        RandomGenerator rng = Streams.stream(11, "test-fa");
        for (int i = 0; i < 300; i++) eq.trajectory(rng);
        double[] phi0 = eq.field().clone();
        double m2 = 0.5;
        for (Integrator integ : Integrator.values()) {
            Hmc hmc = new Hmc(TUTORIAL, integ, 1, 10);
            hmc.setFourierAcceleration(m2);
            double previous = meanAbsDeltaH(hmc, phi0, m2, 20);
            assertTrue(previous > 1e-4, integ + ": |ΔH| " + previous + " too small to measure a ratio");
            for (int k : new int[] {40, 80}) {
                double now = meanAbsDeltaH(hmc, phi0, m2, k);
                double ratio = previous / now;
                assertEquals(4.0, ratio, 0.5, integ + ": |ΔH|(ε)/|ΔH|(ε/2) at K = " + k);
                previous = now;
            }
        }
    }

    /** φ̃_k² of every recorded configuration, [mode][trajectory]. */
    private static double[][] modeSquares(ScalarPhi4Action action, double faMass, int k, int therm, int n, long seed) {
        Lattice l = action.lattice();
        int v = l.volume();
        Hmc hmc = new Hmc(action, Integrator.LEAPFROG, 1, k);
        hmc.setMoves(true, false);
        hmc.setFourierAcceleration(faMass);
        FourierBasis basis = new FourierBasis(l);
        double[] tilde = new double[v];
        double[] line = new double[basis.maxExtent()];
        RandomGenerator rng = Streams.stream(seed, "test-fa");
        for (int i = 0; i < therm; i++) hmc.trajectory(rng);
        double[][] out = new double[v][n];
        for (int i = 0; i < n; i++) {
            hmc.trajectory(rng);
            System.arraycopy(hmc.field(), 0, tilde, 0, v);
            basis.transform(tilde, 1, line);
            for (int m = 0; m < v; m++) out[m][i] = tilde[m] * tilde[m];
        }
        return out;
    }

    @Test void freeFieldModesHaveTheExactVarianceOnEvenAndOddLattices() {
        double m2 = 0.3;
        for (Lattice l : new Lattice[] {new Lattice(6, 5), new Lattice(3, 2, 3)}) {
            ScalarPhi4Action free = new ScalarPhi4Action(l, m2, 0.0);
            FourierBasis basis = new FourierBasis(l);
            double[][] sq = modeSquares(free, m2, 10, 200, 20_000, 3);
            double sumPull2 = 0;
            for (int k = 0; k < l.volume(); k++) {
                // S = Σ_k (m² + p̂²_k) φ̃_k²  ⇒  ⟨φ̃_k²⟩ = 1/(2(m² + p̂²_k))
                double exact = 1 / (2 * (m2 + basis.momentumSquared(k)));
                GammaEstimate e = GammaMethod.estimate(sq[k], sq[k].length, GammaMethod.DEFAULT_S);
                double pull = (e.value() - exact) / e.error();
                assertTrue(Math.abs(pull) < 3, l + " mode " + k + ": ⟨φ̃²⟩ " + e.value() + " ± " + e.error() + " vs " + exact);
                sumPull2 += pull * pull;
            }
            // the mean square pull of V unit-variance pulls is 1 ± √(2/V)
            double ms = sumPull2 / l.volume();
            assertEquals(1.0, ms, 3 * Math.sqrt(2.0 / l.volume()), l + ": mean square pull");
        }
    }

    @Test void matchedMassesDecorrelateAllFreeModesAlikeWherePlainHmcDoesNot() {
        Lattice l = Lattice.hypercubic(2, 8);
        double m2 = 0.05;
        ScalarPhi4Action free = new ScalarPhi4Action(l, m2, 0.0);
        int lowest = 0;
        int highest = l.site(new int[] {4, 4});   // p̂² = 8
        int n = 20_000;
        double[][] fa = modeSquares(free, m2, 10, 200, n, 21);
        Hmc plainProbe = new Hmc(free, Integrator.LEAPFROG, 1, 10);
        assertEquals(0.0, plainProbe.fourierMassSquared());
        double[][] plain = plainSquares(free, n);
        double faLow = tau(fa[lowest]), faHigh = tau(fa[highest]);
        double plainLow = tau(plain[lowest]), plainHigh = tau(plain[highest]);
        String all = "tau_int(φ̃²) FA low " + faLow + " high " + faHigh + "; plain low " + plainLow + " high " + plainHigh;
        assertTrue(faLow / faHigh > 0.67 && faLow / faHigh < 1.5, all);
        assertTrue(plainLow / plainHigh > 4, all);
        assertTrue(plainLow / faLow > 4, all);
    }

    private static double[][] plainSquares(ScalarPhi4Action action, int n) {
        Lattice l = action.lattice();
        Hmc hmc = new Hmc(action, Integrator.LEAPFROG, 1, 10);
        hmc.setMoves(true, false);
        FourierBasis basis = new FourierBasis(l);
        double[] tilde = new double[l.volume()];
        double[] line = new double[basis.maxExtent()];
        RandomGenerator rng = Streams.stream(22, "test-fa");
        for (int i = 0; i < 200; i++) hmc.trajectory(rng);
        double[][] out = new double[l.volume()][n];
        for (int i = 0; i < n; i++) {
            hmc.trajectory(rng);
            System.arraycopy(hmc.field(), 0, tilde, 0, tilde.length);
            basis.transform(tilde, 1, line);
            for (int m = 0; m < tilde.length; m++) out[m][i] = tilde[m] * tilde[m];
        }
        return out;
    }

    private static double tau(double[] x) {
        return GammaMethod.estimate(x, x.length, GammaMethod.DEFAULT_S).tauInt();
    }

    /** χ₂ = ⟨M²⟩/V and φ² = ⟨Σφ²⟩/V with Γ-method errors from n trajectories of a tuned chain. */
    private static GammaEstimate[] tutorialPoint(double faMass, long seed) throws IOException {
        int n = 20_000;
        int v = TUTORIAL.lattice().volume();
        double[] chi = new double[n];
        double[] phi2 = new double[n];
        Path tmp = Files.createTempFile("fa-hmc", ".npz");
        try {
            var o = new HmcChain.Options(1.0, 10, Integrator.LEAPFROG, 500, 0.8, true, true, false, faMass);
            try (EnsembleWriter w = new EnsembleWriter(tmp, TUTORIAL.lattice(), -4.0, 8.0, EnsembleWriter.Source.HMC, n)) {
                HmcChain.run(TUTORIAL, o, n, seed, w, ProgressListener.NONE, () -> false);
            }
            try (var e = io.github.gomaflow.io.EnsembleReader.open(tmp)) {
                float[] cfg = new float[v];
                for (int i = 0; i < n; i++) {
                    assertEquals(1, e.read(cfg, 1));
                    double m = 0, s = 0;
                    for (float x : cfg) { m += x; s += x * x; }
                    chi[i] = m * m / v;
                    phi2[i] = s / v;
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return new GammaEstimate[] {GammaMethod.estimate(chi, n, GammaMethod.DEFAULT_S),
                GammaMethod.estimate(phi2, n, GammaMethod.DEFAULT_S)};
    }

    @Test void tutorialPointAgreesWithPlainHmc() throws IOException {
        GammaEstimate[] fa = tutorialPoint(1.0, 31);
        GammaEstimate[] plain = tutorialPoint(0.0, 32);
        String[] names = {"chi2", "phi2"};
        for (int i = 0; i < 2; i++) {
            double pull = (fa[i].value() - plain[i].value()) / Math.hypot(fa[i].error(), plain[i].error());
            assertTrue(Math.abs(pull) < 3, names[i] + ": FA " + fa[i] + " vs plain " + plain[i]);
        }
        // and the published χ₂ = 0.75 ± 0.01 (arXiv:2101.08176)
        assertTrue(Math.abs((fa[0].value() - 0.75) / Math.hypot(fa[0].error(), 0.01)) < 3, "chi2 FA " + fa[0]);
    }

    @Test void sameSeedSameChainAndTheAccelerationChangesIt() throws IOException {
        ScalarPhi4Action a = new ScalarPhi4Action(new Lattice(4, 3, 2), -1.0, 0.7);
        assertArrayEquals(actions(a, 0.5, 9), actions(a, 0.5, 9));
        assertFalse(java.util.Arrays.equals(actions(a, 0.5, 9), actions(a, 0.0, 9)));
        assertFalse(java.util.Arrays.equals(actions(a, 0.5, 9), actions(a, 0.8, 9)));
    }

    private static double[] actions(ScalarPhi4Action a, double faMass, long seed) throws IOException {
        var o = new HmcChain.Options(1.0, 10, Integrator.LEAPFROG, 50, 0.8, true, true, true, faMass);
        Hmc probe = new Hmc(a, Integrator.LEAPFROG, 1, 10);
        probe.setFourierAcceleration(faMass);
        double[] out = new double[200];
        Path tmp = Files.createTempFile("fa-hmc", ".npz");
        try {
            try (EnsembleWriter w = new EnsembleWriter(tmp, a.lattice(), -1.0, 0.7, EnsembleWriter.Source.HMC, out.length)) {
                HmcChain.run(a, o, out.length, seed, w, ProgressListener.NONE, () -> false);
            }
            try (var e = io.github.gomaflow.io.EnsembleReader.open(tmp)) {
                float[] cfg = new float[a.lattice().volume()];
                for (int i = 0; i < out.length; i++) {
                    e.read(cfg, 1);
                    double[] d = new double[cfg.length];
                    for (int s = 0; s < d.length; s++) d[s] = cfg[s];
                    out[i] = probe.action(d);
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return out;
    }

    @Test void automaticMassMatchesTheFreeFieldAndIgnoresGlobalFlips() throws IOException {
        // λ = 0: the zero mode's variance is 1/(2m²), so M² = 1/(2χ_c) estimates m² (here from 1000 plain trajectories)
        double m2 = 0.2;
        ScalarPhi4Action free = new ScalarPhi4Action(Lattice.hypercubic(2, 6), m2, 0.0);
        var o = new HmcChain.Options(1.0, 10, Integrator.LEAPFROG, 4000, 0.8, true, true, false,
                HmcChain.Options.FOURIER_MASS_AUTO);
        HmcChain.Result r = HmcChain.run(free, o, 100, 5, null, ProgressListener.NONE, () -> false);
        assertEquals(m2, r.fourierMassSquared(), 0.25 * m2, "measured M²");
        var few = new HmcChain.Options(1.0, 10, Integrator.LEAPFROG, 150, 0.8, true, true, false,
                HmcChain.Options.FOURIER_MASS_AUTO);
        assertEquals(1.0, HmcChain.run(free, few, 10, 5, null, ProgressListener.NONE, () -> false).fourierMassSquared(),
                "fewer than 100 probe trajectories: M² = 1");
        assertEquals(0.0, HmcChain.run(free, new HmcChain.Options(1.0, 10, Integrator.LEAPFROG, 10, 0.8, true), 10, 5, null,
                ProgressListener.NONE, () -> false).fourierMassSquared(), "plain HMC");
        // broken phase: the probe runs without global flips, so --z2-flip measures the same within-well M²
        ScalarPhi4Action broken = new ScalarPhi4Action(Lattice.hypercubic(2, 6), -4.0, 2.0);
        double[] m2s = new double[2];
        for (int flip = 0; flip < 2; flip++) {
            var b = new HmcChain.Options(1.0, 10, Integrator.LEAPFROG, 600, 0.8, true, true, flip == 1,
                    HmcChain.Options.FOURIER_MASS_AUTO);
            m2s[flip] = HmcChain.run(broken, b, 10, 5, null, ProgressListener.NONE, () -> false).fourierMassSquared();
        }
        assertEquals(m2s[0], m2s[1], "M² with and without --z2-flip");
        assertTrue(m2s[0] > 1, "within one well of the broken phase the zero mode is stiff: M² " + m2s[0]);
    }

    @Test void aTrajectoryAllocatesNothing() {
        Hmc hmc = new Hmc(TUTORIAL, Integrator.OMELYAN, 1, 10);
        hmc.setMoves(true, true);
        hmc.setFourierAcceleration(1.0);
        RandomGenerator rng = Streams.stream(4, "test-fa");
        for (int i = 0; i < 50; i++) hmc.trajectory(rng);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 20; i++) hmc.trajectory(rng);
        assertEquals(0, threads.getCurrentThreadAllocatedBytes() - before, "bytes allocated by 20 trajectories");
    }

    @Test void rejectsANegativeOrInfiniteMass() {
        Hmc hmc = new Hmc(TUTORIAL, Integrator.LEAPFROG, 1, 10);
        assertThrows(IllegalArgumentException.class, () -> hmc.setFourierAcceleration(-1));
        assertThrows(IllegalArgumentException.class, () -> hmc.setFourierAcceleration(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class,
                () -> new HmcChain.Options(1.0, 10, Integrator.LEAPFROG, 0, 0.8, true, true, false, Double.NaN));
    }
}
