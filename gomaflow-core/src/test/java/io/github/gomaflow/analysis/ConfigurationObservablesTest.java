package io.github.gomaflow.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.lattice.Lattice;
import io.github.gomaflow.rng.Streams;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class ConfigurationObservablesTest {
    @Test void handComputedTwoByTwo() {
        Lattice l = new Lattice(2, 2);
        ConfigurationObservables obs = new ConfigurationObservables(l, new ScalarPhi4Action(l, 0.5, 0.25));
        double[] row = new double[obs.columns()];
        // sites (0,0)=1 (0,1)=2 (1,0)=3 (1,1)=4, preceded by a dummy configuration to test the offset
        obs.measure(new float[] {9, 9, 9, 9, 1, 2, 3, 4}, 4, row);
        assertEquals(10, row[ConfigurationObservables.MAGNETISATION]);
        assertEquals(30, row[ConfigurationObservables.PHI2_SUM]);
        assertEquals(22 + 28, row[ConfigurationObservables.LINK_SUM]);
        assertEquals(4.5 * 30 + 0.25 * 354 - 2 * 50, row[ConfigurationObservables.ACTION], 1e-12);
        assertEquals(14.5, row[ConfigurationObservables.CORRELATOR], 1e-12);     // (3² + 7²)/4
        assertEquals(10.5, row[ConfigurationObservables.CORRELATOR + 1], 1e-12); // 2·3·7/4
        assertEquals(4, row[obs.momentumColumn(0)], 1e-12);                      // |3 − 7|²/4
        assertEquals(1, row[obs.momentumColumn(1)], 1e-12);                      // |4 − 6|²/4
    }

    @Test void matchesNaiveSumsOnOddNonSquareLattices() {
        RandomGenerator rng = Streams.stream(3, "test-obs");
        int checked = 0;
        for (int[] ext : new int[][] {{3, 4}, {5, 2, 3}, {4, 3, 2, 2}, {7}}) {
            Lattice l = new Lattice(ext);
            int v = l.volume();
            double m2 = -1.5, lam = 0.7;
            ConfigurationObservables obs = new ConfigurationObservables(l, new ScalarPhi4Action(l, m2, lam));
            float[] phi = new float[v];
            for (int s = 0; s < v; s++) phi[s] = (float) rng.nextGaussian();
            double[] row = new double[obs.columns()];
            obs.measure(phi, 0, row);
            double[] pd = toDouble(phi);
            int d = ext.length;
            double m = 0, p2 = 0, links = 0, p4 = 0;
            int[] x = new int[d];
            for (int s = 0; s < v; s++) {
                l.coordinates(s, x);
                m += pd[s];
                p2 += pd[s] * pd[s];
                p4 += Math.pow(pd[s], 4);
                for (int mu = 0; mu < d; mu++) {
                    int[] y = x.clone();
                    y[mu] = (y[mu] + 1) % ext[mu];
                    links += pd[s] * pd[l.site(y)];
                }
            }
            assertEquals(m, row[ConfigurationObservables.MAGNETISATION], 1e-9);
            assertEquals(p2, row[ConfigurationObservables.PHI2_SUM], 1e-9);
            assertEquals(links, row[ConfigurationObservables.LINK_SUM], 1e-9);
            assertEquals((m2 + 2 * d) * p2 + lam * p4 - 2 * links, row[ConfigurationObservables.ACTION], 1e-8);
            for (int t = 0; t <= ext[0] / 2; t++) {
                double c = 0;
                int[] z = new int[d];
                for (int s = 0; s < v; s++) {
                    l.coordinates(s, x);
                    for (int r = 0; r < v; r++) {
                        l.coordinates(r, z);
                        if (z[0] == (x[0] + t) % ext[0]) c += pd[s] * pd[r];
                    }
                }
                assertEquals(c / v, row[ConfigurationObservables.CORRELATOR + t], 1e-9, "C(" + t + ")");
                checked++;
            }
            for (int mu = 0; mu < d; mu++) {
                double re = 0, im = 0;
                for (int s = 0; s < v; s++) {
                    l.coordinates(s, x);
                    re += pd[s] * Math.cos(2 * Math.PI * x[mu] / ext[mu]);
                    im += pd[s] * Math.sin(2 * Math.PI * x[mu] / ext[mu]);
                }
                assertEquals((re * re + im * im) / v, row[obs.momentumColumn(mu)], 1e-9, "F_" + mu);
            }
        }
        assertTrue(checked >= 8);
    }

    @Test void withoutActionTheColumnIsNaN() {
        Lattice l = new Lattice(2, 3);
        ConfigurationObservables obs = new ConfigurationObservables(l, null);
        double[] row = new double[obs.columns()];
        obs.measure(new float[6], 0, row);
        assertTrue(Double.isNaN(row[ConfigurationObservables.ACTION]));
    }

    @Test void fourierPowerSpectrumAndFullCorrelatorMatchNaiveSums() {
        RandomGenerator rng = Streams.stream(4, "test-dft");
        for (int[] ext : new int[][] {{3, 4, 2}, {4, 5}, {6}, {2, 3, 4}, {3, 3, 2, 3}}) {
            Lattice l = new Lattice(ext);
            int v = l.volume(), d = ext.length;
            float[] phi = new float[2 * v];
            for (int s = 0; s < 2 * v; s++) phi[s] = (float) rng.nextGaussian();
            LatticeFourier f = new LatticeFourier(l);
            double[] pd = toDouble(java.util.Arrays.copyOfRange(phi, v, 2 * v));
            double[] p = new double[v];
            java.util.Arrays.fill(p, 1.0);
            f.addPowerSpectrum(phi, v, p);   // adds to the existing 1.0, second configuration
            int[] x = new int[d], k = new int[d];
            for (int q = 0; q < v; q++) {
                l.coordinates(q, k);
                double re = 0, im = 0;
                for (int s = 0; s < v; s++) {
                    l.coordinates(s, x);
                    double a = 0;
                    for (int mu = 0; mu < d; mu++) a += 2 * Math.PI * k[mu] * x[mu] / l.extent(mu);
                    re += pd[s] * Math.cos(a);
                    im -= pd[s] * Math.sin(a);
                }
                assertEquals(1 + re * re + im * im, p[q], 1e-9, "P at " + q + " on " + l);
            }
            for (int q = 0; q < v; q++) p[q] -= 1;
            double[] corr = new double[v];
            f.cosineTransform(p, corr);
            double[] naive = new double[v];
            int[] y = new int[d];
            for (int s = 0; s < v; s++) {
                l.coordinates(s, x);
                for (int r = 0; r < v; r++) {
                    l.coordinates(r, y);
                    for (int mu = 0; mu < d; mu++) y[mu] += x[mu];
                    naive[s] += pd[r] * pd[l.site(y)] / v;
                }
            }
            for (int s = 0; s < v; s++) corr[s] /= (double) v * v;
            assertArrayEquals(naive, corr, 1e-9, "on " + l);
        }
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }
}
