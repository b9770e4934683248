package io.github.gomaflow.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.lattice.Lattice;
import io.github.gomaflow.rng.Streams;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class ScalarPhi4ActionTest {
    private static final double EXACT = 1e-13;

    private static double single(ScalarPhi4Action a, double... phi) {
        double[] out = new double[1];
        a.action(phi, 1, out);
        return out[0];
    }

    /** Random batch, layout site*B+b. */
    private static double[] randomField(Lattice l, int batch, long seed) {
        RandomGenerator rng = Streams.stream(seed, "test-action");
        double[] phi = new double[l.volume() * batch];
        for (int i = 0; i < phi.length; i++) phi[i] = 1.5 * rng.nextGaussian();
        return phi;
    }

    /**
     * Naive reference: S = Σ_x [(m²+2d)φ² + λφ⁴ − 2 Σ_μ φ(x)φ(x+μ̂)] with neighbours found by
     * coordinate arithmetic (no neighbour tables), one configuration b of the batch.
     */
    private static double reference(int[] e, double m2, double lam, double[] phi, int batch, int b) {
        int d = e.length;
        int v = 1;
        for (int L : e) v *= L;
        double s = 0;
        int[] x = new int[d];
        for (int site = 0; site < v; site++) {
            int rest = site;
            for (int mu = d - 1; mu >= 0; mu--) { x[mu] = rest % e[mu]; rest /= e[mu]; }
            double p = phi[site * batch + b];
            s += (m2 + 2 * d) * p * p + lam * p * p * p * p;
            for (int mu = 0; mu < d; mu++) {
                int[] y = x.clone();
                y[mu] = (y[mu] + 1) % e[mu];
                int n = 0;
                for (int nu = 0; nu < d; nu++) n = n * e[nu] + y[nu];
                s -= 2 * p * phi[n * batch + b];
            }
        }
        return s;
    }

    @Test void twoSiteChainByHand() {
        // L=2, d=1: both links of site 0 and site 1 point to the other site, so the hopping
        // term is −2(ab + ba) = −4ab.
        double m2 = -4, lam = 8, a = 0.7, b = -1.3;
        double expected = (m2 + 2) * (a * a + b * b) + lam * (a * a * a * a + b * b * b * b) - 4 * a * b;
        assertEquals(expected, single(new ScalarPhi4Action(new Lattice(2), m2, lam), a, b), EXACT);
    }

    @Test void threeSiteChainByHand() {
        double m2 = 0.5, lam = 1.25;
        double p0 = 0.3, p1 = -0.8, p2 = 1.1;
        double expected = (m2 + 2) * (p0 * p0 + p1 * p1 + p2 * p2)
                + lam * (Math.pow(p0, 4) + Math.pow(p1, 4) + Math.pow(p2, 4))
                - 2 * (p0 * p1 + p1 * p2 + p2 * p0);
        assertEquals(expected, single(new ScalarPhi4Action(new Lattice(3), m2, lam), p0, p1, p2), EXACT);
    }

    @Test void twoByTwoByHand() {
        // sites (x0,x1) -> 2*x0 + x1: φ(0,0)=0.5, φ(0,1)=1.5, φ(1,0)=−1, φ(1,1)=2.
        // With L=2 each pair of neighbours is linked twice per direction:
        //   μ=0: 2[φ(0,0)φ(1,0) + φ(0,1)φ(1,1)] = 2[−0.5 + 3] = 5
        //   μ=1: 2[φ(0,0)φ(0,1) + φ(1,0)φ(1,1)] = 2[0.75 − 2] = −2.5
        // Σφ² = 7.5, Σφ⁴ = 22.125; with m² = 1, λ = 0.5:
        //   S = (1 + 4)·7.5 + 0.5·22.125 − 2·(5 − 2.5) = 37.5 + 11.0625 − 5 = 43.5625
        ScalarPhi4Action a = new ScalarPhi4Action(new Lattice(2, 2), 1.0, 0.5);
        assertEquals(43.5625, single(a, 0.5, 1.5, -1, 2), EXACT);
        // the float path on the same (exactly representable) values
        double[] out = new double[1];
        a.action(new float[] {0.5f, 1.5f, -1f, 2f}, 1, out);
        assertEquals(43.5625, out[0], EXACT);
    }

    @Test void constantFieldHasKnownActionDensity() {
        // φ = c everywhere: each site contributes (m²+2d)c² + λc⁴ − 2d c² = m²c² + λc⁴.
        Lattice l = new Lattice(2, 4, 6);
        double m2 = -4, lam = 8, c = 0.6;
        double[] phi = new double[l.volume()];
        java.util.Arrays.fill(phi, c);
        assertEquals(l.volume() * (m2 * c * c + lam * c * c * c * c), single(new ScalarPhi4Action(l, m2, lam), phi), 1e-12);
    }

    @Test void agreesWithNaiveReferenceOnNonSquareAndOddLattices() {
        int checked = 0;
        for (int[] e : new int[][] {{5}, {4, 6}, {3, 5}, {2, 4, 6}, {3, 2, 2, 3}}) {
            Lattice l = new Lattice(e);
            int batch = 3;
            double[] phi = randomField(l, batch, 7);
            double[] out = new double[batch];
            new ScalarPhi4Action(l, -0.7, 1.3).action(phi, batch, out);
            for (int b = 0; b < batch; b++) {
                double ref = reference(e, -0.7, 1.3, phi, batch, b);
                assertEquals(ref, out[b], 1e-12 * Math.max(1, Math.abs(ref)), l + " b=" + b);
                checked++;
            }
        }
        assertEquals(15, checked);
    }

    @Test void z2Invariance() {
        Lattice l = new Lattice(4, 6);
        ScalarPhi4Action a = new ScalarPhi4Action(l, -4, 8);
        int batch = 4;
        double[] phi = randomField(l, batch, 11);
        double[] minus = new double[phi.length];
        for (int i = 0; i < phi.length; i++) minus[i] = -phi[i];
        double[] s1 = new double[batch], s2 = new double[batch];
        a.action(phi, batch, s1);
        a.action(minus, batch, s2);
        for (int b = 0; b < batch; b++) assertEquals(s1[b], s2[b], 0.0);
    }

    @Test void translationInvariance() {
        int checked = 0;
        for (int[] e : new int[][] {{4, 6}, {2, 4, 6}, {3, 5}}) {
            Lattice l = new Lattice(e);
            ScalarPhi4Action a = new ScalarPhi4Action(l, -0.53, 8);
            int batch = 2;
            double[] phi = randomField(l, batch, 13);
            double[] s0 = new double[batch];
            a.action(phi, batch, s0);
            int[][] offsets = e.length == 2 ? new int[][] {{1, 0}, {0, 1}, {3, 5}} : new int[][] {{1, 2, 3}, {0, 0, 1}};
            for (int[] off : offsets) {
                int[] table = l.shiftTable(off);
                double[] shifted = new double[phi.length];
                for (int s = 0; s < l.volume(); s++) {
                    for (int b = 0; b < batch; b++) shifted[s * batch + b] = phi[table[s] * batch + b];
                }
                double[] s1 = new double[batch];
                a.action(shifted, batch, s1);
                for (int b = 0; b < batch; b++) {
                    assertEquals(s0[b], s1[b], 1e-12 * Math.abs(s0[b]));
                    checked++;
                }
            }
        }
        assertTrue(checked >= 14);
    }

    @Test void gradientMatchesCentralFiniteDifferencesInDouble() {
        double h = 1e-5;
        int checked = 0;
        for (int[] e : new int[][] {{2}, {5}, {4, 6}, {2, 2, 4}}) {
            Lattice l = new Lattice(e);
            ScalarPhi4Action a = new ScalarPhi4Action(l, -4, 8);
            int batch = 2;
            double[] phi = randomField(l, batch, 17);
            double[] grad = new double[phi.length];
            a.gradient(phi, batch, 1.0, grad);
            double[] sp = new double[batch], sm = new double[batch];
            for (int i = 0; i < phi.length; i++) {
                double keep = phi[i];
                phi[i] = keep + h;
                a.action(phi, batch, sp);
                phi[i] = keep - h;
                a.action(phi, batch, sm);
                phi[i] = keep;
                int b = i % batch;
                double fd = (sp[b] - sm[b]) / (2 * h);
                assertEquals(fd, grad[i], 1e-6 * Math.max(1, Math.abs(fd)), l + " i=" + i);
                // the other configuration of the batch does not depend on this entry
                assertEquals(sp[1 - b], sm[1 - b], 0.0);
                checked++;
            }
        }
        assertEquals(2 * (2 + 5 + 24 + 16), checked);
    }

    @Test void gradientScaleMultipliesTheGradient() {
        Lattice l = new Lattice(4, 6);
        ScalarPhi4Action a = new ScalarPhi4Action(l, 1, 8);
        double[] phi = randomField(l, 3, 19);
        double[] g1 = new double[phi.length], g2 = new double[phi.length];
        a.gradient(phi, 3, 1.0, g1);
        a.gradient(phi, 3, 0.25, g2);
        for (int i = 0; i < phi.length; i++) assertEquals(0.25 * g1[i], g2[i], 1e-14 * Math.abs(g1[i]));
    }

    @Test void floatAndDoublePathsAgree() {
        Lattice l = new Lattice(8, 8);
        ScalarPhi4Action a = new ScalarPhi4Action(l, -4, 8);
        int batch = 64;
        double[] phiD = randomField(l, batch, 23);
        float[] phiF = new float[phiD.length];
        for (int i = 0; i < phiD.length; i++) {
            phiF[i] = (float) phiD[i];
            phiD[i] = phiF[i];
        }
        double[] sD = new double[batch], sF = new double[batch];
        a.action(phiD, batch, sD);
        a.action(phiF, batch, sF);
        for (int b = 0; b < batch; b++) assertEquals(sD[b], sF[b], 1e-12 * Math.abs(sD[b]));
        double[] gD = new double[phiD.length];
        float[] gF = new float[phiF.length];
        a.gradient(phiD, batch, 1.0 / batch, gD);
        a.gradient(phiF, batch, 1f / batch, gF);
        double maxAbs = 0;
        for (double g : gD) maxAbs = Math.max(maxAbs, Math.abs(g));
        for (int i = 0; i < gD.length; i++) assertEquals(gD[i], gF[i], 1e-6 * maxAbs);
    }

    @Test void floatGradientOverwritesStaleBuffer() {
        Lattice l = new Lattice(4, 6);
        ScalarPhi4Action a = new ScalarPhi4Action(l, 1, 0);
        float[] phi = new float[l.volume()];
        float[] grad = new float[l.volume()];
        java.util.Arrays.fill(grad, 123f);
        a.gradient(phi, 1, 1f, grad);
        for (float g : grad) assertEquals(0f, g);
    }

    @Test void constructorRejectsUnboundedOrInvalidCouplings() {
        Lattice l = new Lattice(4);
        assertThrows(IllegalArgumentException.class, () -> new ScalarPhi4Action(l, 1, -0.1));
        assertThrows(IllegalArgumentException.class, () -> new ScalarPhi4Action(l, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ScalarPhi4Action(l, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new ScalarPhi4Action(l, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new ScalarPhi4Action(l, 1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new ScalarPhi4Action(l, Double.POSITIVE_INFINITY, 1));
        assertThrows(NullPointerException.class, () -> new ScalarPhi4Action(null, 1, 1));
        // bounded cases are accepted
        assertEquals(-4, new ScalarPhi4Action(l, -4, 8).mSquared());
        assertEquals(0, new ScalarPhi4Action(l, 0.5, 0).lambda());
    }

    @Test void rejectsArraysOfTheWrongShape() {
        ScalarPhi4Action a = new ScalarPhi4Action(new Lattice(4, 6), 1, 1);
        assertThrows(IllegalArgumentException.class, () -> a.action(new float[24 * 2 - 1], 2, new double[2]));
        assertThrows(IllegalArgumentException.class, () -> a.action(new double[48], 2, new double[1]));
        assertThrows(IllegalArgumentException.class, () -> a.gradient(new float[48], 2, 1f, new float[47]));
        assertThrows(IllegalArgumentException.class, () -> a.gradient(new double[48], 0, 1.0, new double[48]));
    }
}
