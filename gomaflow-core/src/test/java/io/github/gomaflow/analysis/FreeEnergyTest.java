package io.github.gomaflow.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.lattice.Lattice;
import org.junit.jupiter.api.Test;

class FreeEnergyTest {
    /** log det A by Gaussian elimination, A built from S itself: A_ii = S(e_i), A_ij = [S(e_i+e_j) − A_ii − A_jj]/2. */
    static double logDetFromAction(int[] extents, double m2) {
        Lattice l = new Lattice(extents);
        int v = l.volume();
        ScalarPhi4Action action = new ScalarPhi4Action(l, m2, 0.0);
        double[][] a = new double[v][v];
        double[] out = new double[1];
        double[] phi = new double[v];
        double[] diag = new double[v];
        for (int i = 0; i < v; i++) {
            java.util.Arrays.fill(phi, 0);
            phi[i] = 1;
            action.action(phi, 1, out);
            diag[i] = out[0];
        }
        for (int i = 0; i < v; i++) {
            for (int j = 0; j < v; j++) {
                if (i == j) { a[i][i] = diag[i]; continue; }
                java.util.Arrays.fill(phi, 0);
                phi[i] = 1;
                phi[j] = 1;
                action.action(phi, 1, out);
                a[i][j] = (out[0] - diag[i] - diag[j]) / 2;
            }
        }
        double logDet = 0;
        for (int c = 0; c < v; c++) {
            int p = c;
            for (int r = c + 1; r < v; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
            double[] t = a[c]; a[c] = a[p]; a[p] = t;
            logDet += Math.log(Math.abs(a[c][c]));
            for (int r = c + 1; r < v; r++) {
                double f = a[r][c] / a[c][c];
                for (int k = c; k < v; k++) a[r][k] -= f * a[c][k];
            }
        }
        return logDet;
    }

    @Test void exactFreeFieldFormulaMatchesTheDeterminantOfTheAction() {
        for (int[] ext : new int[][] {{2}, {3}, {5}, {4, 3}, {3, 3, 2}, {2, 2, 2, 2}}) {
            for (double m2 : new double[] {0.3, 1.0, 2.5}) {
                int v = 1;
                for (int e : ext) v *= e;
                double direct = 0.5 * v * Math.log(Math.PI) - 0.5 * logDetFromAction(ext, m2);
                assertEquals(direct, FreeEnergy.exactFreeFieldLogZ(ext, m2), 1e-9, java.util.Arrays.toString(ext) + " m2=" + m2);
            }
        }
    }

    @Test void exactFormulaMatchesNumericalIntegrationOnTwoSites() {
        // 1D L=2: S = (m²+2)(x²+y²) − 4xy; integrate e^{−S} on a grid (the integrand is smooth and decays fast)
        double m2 = 0.7, h = 0.01, z = 0;
        for (double x = -8; x <= 8; x += h) {
            for (double y = -8; y <= 8; y += h) z += Math.exp(-((m2 + 2) * (x * x + y * y) - 4 * x * y)) * h * h;
        }
        assertEquals(Math.log(z), FreeEnergy.exactFreeFieldLogZ(new int[] {2}, m2), 1e-6);
    }

    /**
     * Proposals from the free field at m_q² = 0.8 m² (exact samples, exact log q = −S_q − log Z_q; wider than
     * the target, so the weights are bounded): the estimate agrees with the exact log Z, and its error is
     * honest — the mean square of the pulls over 40 independent runs is 1 within 3σ = 3·sqrt(2/40).
     */
    @Test void estimatorIsUnbiasedWithHonestErrors() {
        int[] ext = {4, 4};
        Lattice l = new Lattice(ext);
        int v = l.volume();
        double m2 = 1.0, mq2 = 0.8;
        double exact = FreeEnergy.exactFreeFieldLogZ(ext, m2);
        double logZq = FreeEnergy.exactFreeFieldLogZ(ext, mq2);
        ScalarPhi4Action target = new ScalarPhi4Action(l, m2, 0.0), proposal = new ScalarPhi4Action(l, mq2, 0.0);
        int runs = 40, n = 4000;
        double pull2 = 0, essSeen = 0;
        for (int r = 0; r < runs; r++) {
            float[] cfgs = FreeFieldSamples.samples(l, mq2, n, 500 + r);
            double[] sq = new double[n], sp = new double[n];
            proposalActions(cfgs, v, n, proposal, sq);
            proposalActions(cfgs, v, n, target, sp);
            double[] logQ = new double[n], logP = new double[n];
            for (int i = 0; i < n; i++) {
                logQ[i] = -sq[i] - logZq;
                logP[i] = -sp[i];
            }
            FreeEnergy.Estimate e = FreeEnergy.estimate(logQ, logP);
            assertTrue(e.error() > 0 && e.ess() > 0 && e.ess() <= 1, e.toString());
            double pull = (e.value() - exact) / e.error();
            pull2 += pull * pull;
            essSeen = e.ess();
        }
        assertEquals(1.0, pull2 / runs, 3 * Math.sqrt(2.0 / runs), "mean square pull (ESS of the last run " + essSeen + ")");
    }

    /** S of each configuration, cfgs laid out [n][V]. */
    private static void proposalActions(float[] cfgs, int v, int n, ScalarPhi4Action a, double[] out) {
        double[] phi = new double[v];
        double[] s = new double[1];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < v; k++) phi[k] = cfgs[i * v + k];
            a.action(phi, 1, s);
            out[i] = s[0];
        }
    }

    @Test void tooFewFiniteWeightsGiveNoEstimate() {
        assertNull(FreeEnergy.estimate(new double[] {Double.NaN, 1}, new double[] {0, Double.NaN}));
    }
}
