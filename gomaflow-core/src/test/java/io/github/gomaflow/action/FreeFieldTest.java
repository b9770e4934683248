package io.github.gomaflow.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.lattice.Lattice;
import io.github.gomaflow.rng.Streams;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

class FreeFieldTest {
    private static final double TIGHT = 1e-12;

    /** Dense 2K with K = (m²+2d)·1 − Σ_μ(T_μ + T_μᵀ), built from the neighbour tables. */
    private static double[][] twoK(Lattice l, double m2) {
        int v = l.volume();
        double[][] a = new double[v][v];
        for (int x = 0; x < v; x++) {
            a[x][x] += 2 * (m2 + 2 * l.dimension());
            for (int mu = 0; mu < l.dimension(); mu++) {
                int y = l.forward(mu, x);
                a[x][y] -= 2;
                a[y][x] -= 2;
            }
        }
        return a;
    }

    private static RealMatrix denseCovariance(Lattice l, double m2) {
        return new LUDecomposition(new Array2DRowRealMatrix(twoK(l, m2), false)).getSolver().getInverse();
    }

    @Test void quadraticFormOfKIsTheActionAtLambdaZero() {
        Lattice l = new Lattice(2, 3, 4);
        double m2 = 0.7;
        double[][] k2 = twoK(l, m2);
        var rng = Streams.stream(3, "test-free");
        double[] phi = new double[l.volume()];
        for (int i = 0; i < phi.length; i++) phi[i] = rng.nextGaussian();
        double form = 0;
        for (int x = 0; x < phi.length; x++) for (int y = 0; y < phi.length; y++) form += 0.5 * phi[x] * k2[x][y] * phi[y];
        double[] s = new double[1];
        new ScalarPhi4Action(l, m2, 0).action(phi, 1, s);
        assertEquals(form, s[0], TIGHT * Math.abs(form));
    }

    @Test void propagatorEqualsDenseInverseOfTwoK() {
        int checked = 0;
        for (int[] e : new int[][] {{4, 6}, {2, 2, 4}, {5}, {3, 4}, {2, 2, 2, 2}}) {
            Lattice l = new Lattice(e);
            for (double m2 : new double[] {0.5, 2.0}) {
                FreeField f = new FreeField(l, m2);
                RealMatrix c = denseCovariance(l, m2);
                for (int x = 0; x < l.volume(); x++) {
                    assertEquals(c.getEntry(0, x), f.propagator(x), TIGHT, l + " m2=" + m2 + " x=" + x);
                    // translation invariance of the exact covariance: C(y, y+x) = G(x)
                    int y = l.volume() - 1;
                    int yx = l.shiftTable(coords(l, x))[y];
                    assertEquals(c.getEntry(y, yx), f.propagator(x), TIGHT);
                    checked++;
                }
                assertEquals(c.getEntry(0, 0), f.phi2(), TIGHT);
            }
        }
        assertEquals(2 * (24 + 16 + 5 + 12 + 16), checked);
    }

    private static int[] coords(Lattice l, int site) {
        int[] x = new int[l.dimension()];
        l.coordinates(site, x);
        return x;
    }

    @Test void oneDimensionalPropagatorHasClosedForm() {
        // d=1: 2K(p) = 2(A − 2cos p) with A = m²+2 = 2cosh ω, and
        // (1/L) Σ_p cos(px)/(A − 2cos p) = cosh(ω(L/2 − x)) / (2 sinh ω sinh(ωL/2)).
        for (int L : new int[] {2, 5, 8, 13}) {
            double m2 = 0.3;
            double a = (m2 + 2) / 2;
            double omega = Math.log(a + Math.sqrt(a * a - 1)); // arccosh
            FreeField f = new FreeField(new Lattice(L), m2);
            for (int x = 0; x < L; x++) {
                double exact = Math.cosh(omega * (L / 2.0 - x)) / (4 * Math.sinh(omega) * Math.sinh(omega * L / 2));
                assertEquals(exact, f.propagator(x), TIGHT);
            }
        }
    }

    @Test void chi2IsSumOfPropagatorAndOneOverTwoMSquared() {
        for (int[] e : new int[][] {{4, 6}, {2, 2, 4}, {7}}) {
            Lattice l = new Lattice(e);
            double m2 = 0.5;
            FreeField f = new FreeField(l, m2);
            RealMatrix c = denseCovariance(l, m2);
            double rowSum = 0, gSum = 0;
            for (int x = 0; x < l.volume(); x++) { rowSum += c.getEntry(0, x); gSum += f.propagator(x); }
            assertEquals(1.0, f.chi2(), 0.0);
            assertEquals(1 / (2 * m2), rowSum, TIGHT);
            assertEquals(1 / (2 * m2), gSum, TIGHT);
        }
    }

    @Test void zeroMomentumCorrelatorIsSpatialSumOfDenseCovariance() {
        for (int[] e : new int[][] {{4, 6}, {6, 2, 2}, {5, 3}, {8}}) {
            Lattice l = new Lattice(e);
            double m2 = 0.5;
            FreeField f = new FreeField(l, m2);
            RealMatrix c = denseCovariance(l, m2);
            int[] x = new int[l.dimension()];
            double[] sum = new double[l.extent(0)];
            for (int s = 0; s < l.volume(); s++) {
                l.coordinates(s, x);
                sum[x[0]] += c.getEntry(0, s);
            }
            double[] g = f.zeroMomentumCorrelator();
            assertEquals(l.extent(0), g.length);
            for (int t = 0; t < g.length; t++) {
                assertEquals(sum[t], g[t], TIGHT, l + " t=" + t);
                assertEquals(g[t], f.zeroMomentumCorrelator(t - g.length), 0.0);
            }
        }
    }

    @Test void samplerKernelSquaresToThePropagator() {
        // h * h = G means Cov(Hη) = H² = (2K)⁻¹ exactly: the sampler is exact, not approximate.
        for (int[] e : new int[][] {{4, 6}, {2, 2, 4}, {3, 5}}) {
            Lattice l = new Lattice(e);
            FreeField f = new FreeField(l, 0.5);
            for (int x = 0; x < l.volume(); x++) {
                int[] xc = coords(l, x);
                double conv = 0;
                for (int y = 0; y < l.volume(); y++) {
                    int[] yc = coords(l, y);
                    int[] diff = new int[xc.length];
                    for (int mu = 0; mu < diff.length; mu++) diff[mu] = xc[mu] - yc[mu];
                    conv += f.sqrtPropagator(l.site(diff)) * f.sqrtPropagator(y);
                }
                assertEquals(f.propagator(x), conv, TIGHT);
            }
        }
    }

    @Test void exactSamplesHaveMeanActionVOverTwo() {
        // ⟨S⟩ = V/2 and Var S = V/2; tolerance 3σ of the sample mean / sample variance, seed fixed.
        Lattice l = new Lattice(4, 6);
        FreeField f = new FreeField(l, 0.5);
        int n = 20000;
        double[] phi = new double[l.volume() * n];
        f.sample(Streams.stream(2024, "test-free-sample"), phi, n);
        double[] s = new double[n];
        new ScalarPhi4Action(l, 0.5, 0).action(phi, n, s);
        double mean = 0;
        for (double v : s) mean += v;
        mean /= n;
        double var = 0;
        for (double v : s) var += (v - mean) * (v - mean);
        var /= n - 1;
        double v = l.volume();
        assertEquals(v / 2, f.expectedAction(), 0.0);
        assertEquals(f.expectedAction(), mean, 3 * Math.sqrt(f.actionVariance() / n));
        // S = ½χ²_V: κ₂ = V/2, κ₄ = 3V, so Var(sample variance) ≈ (κ₄ + 2κ₂²)/n
        assertEquals(f.actionVariance(), var, 3 * Math.sqrt((3 * v + v * v / 2) / n));
    }

    @Test void sampleCovarianceMatchesPropagator() {
        // per-sample estimator c_b(r) = (1/V) Σ_x φ(x)φ(x+r); compared to G(r) within 3σ of its mean
        Lattice l = new Lattice(2, 4);
        int v = l.volume();
        double m2 = 0.5;
        FreeField f = new FreeField(l, m2);
        int n = 40000;
        double[] phi = new double[v * n];
        f.sample(Streams.stream(7, "test-free-cov"), phi, n);
        double[] mag2 = new double[n];
        for (int r = 0; r < v; r++) {
            int[] shift = l.shiftTable(coords(l, r));
            double sum = 0, sum2 = 0;
            for (int b = 0; b < n; b++) {
                double c = 0;
                for (int x = 0; x < v; x++) c += phi[x * n + b] * phi[shift[x] * n + b];
                c /= v;
                sum += c;
                sum2 += c * c;
                mag2[b] += c; // Σ_r c(r) = M²/V²·V = M²/V
            }
            double mean = sum / n;
            double err = Math.sqrt((sum2 / n - mean * mean) / (n - 1));
            assertEquals(f.propagator(r), mean, 3 * err, "r=" + r);
        }
        double sum = 0, sum2 = 0;
        for (double m : mag2) { sum += m; sum2 += m * m; }
        double chi2 = sum / n;
        assertEquals(f.chi2(), chi2, 3 * Math.sqrt((sum2 / n - chi2 * chi2) / (n - 1)));
    }

    @Test void sameGeneratorStateGivesSameSamples() {
        Lattice l = new Lattice(4, 4);
        FreeField f = new FreeField(l, 1);
        double[] a = new double[l.volume() * 3], b = new double[l.volume() * 3];
        f.sample(Streams.stream(1, "x"), a, 3);
        f.sample(Streams.stream(1, "x"), b, 3);
        assertTrue(java.util.Arrays.equals(a, b));
        assertTrue(a[0] != 0);
    }

    @Test void rejectsNonPositiveOrInvalidMass() {
        Lattice l = new Lattice(4);
        assertThrows(IllegalArgumentException.class, () -> new FreeField(l, 0));
        assertThrows(IllegalArgumentException.class, () -> new FreeField(l, -1));
        assertThrows(IllegalArgumentException.class, () -> new FreeField(l, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new FreeField(l, Double.POSITIVE_INFINITY));
        FreeField f = new FreeField(l, 1);
        assertThrows(IllegalArgumentException.class, () -> f.sample(Streams.stream(1, "x"), new double[7], 2));
    }
}
