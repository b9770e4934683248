package io.github.gomaflow.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.config.ModelParams;
import io.github.gomaflow.lattice.Lattice;
import java.util.BitSet;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.junit.jupiter.api.Test;

/** The log-det of the flow equals log|det ∂φ/∂z| of a finite-difference Jacobian (LU in double). */
class ReferenceFlowJacobianTest {
    static final double TOLERANCE = 1e-6;
    static final int BATCH = 2;

    static void check(Lattice lattice, ModelParams spec, long seed) {
        ReferenceFlow flow = new ReferenceFlow(lattice, spec, FlowFixtures.randomParams(lattice, spec, 2.0, seed));
        double[] z = FlowFixtures.normalSample(lattice, BATCH, seed);
        double[] phi = new double[z.length];
        double[] logDet = new double[BATCH];
        flow.forward(z, BATCH, phi, logDet);
        int v = lattice.volume();
        for (int b = 0; b < BATCH; b++) {
            double[][] jac = new double[v][v];
            for (int col = 0; col < v; col++) {
                double[] column = jacobianColumn(flow, z, col * BATCH + b);
                for (int row = 0; row < v; row++) jac[row][col] = column[row * BATCH + b];
            }
            double det = new LUDecomposition(new Array2DRowRealMatrix(jac, false)).getDeterminant();
            double fdLogDet = Math.log(Math.abs(det));
            System.out.printf("log-det %s b=%d: flow %.12f, FD Jacobian %.12f%n", lattice, b, logDet[b], fdLogDet);
            assertTrue(Math.abs(logDet[b]) > 0.1, "log-det too small to test: " + logDet[b]);
            assertEquals(logDet[b], fdLogDet, TOLERANCE);
        }
    }

    /** ∂φ/∂z_i by the 4th-order central stencil (step shrunk while it crosses a leaky-ReLU kink). */
    private static double[] jacobianColumn(ReferenceFlow flow, double[] z, int i) {
        ScalarPhi4Action anyAction = new ScalarPhi4Action(flow.lattice(), 1.0, 0.0);
        BitSet base = new BitSet();
        BitSet signs = new BitSet();
        flow.loss(z, BATCH, anyAction, base);
        double keep = z[i];
        for (double h = 1e-3; h > 1e-9; h /= 8) {
            double[][] phis = new double[4][z.length];
            double[] steps = {h, -h, 2 * h, -2 * h};
            boolean smooth = true;
            for (int k = 0; k < 4 && smooth; k++) {
                z[i] = keep + steps[k];
                flow.forward(z, BATCH, phis[k], new double[BATCH]);
                flow.loss(z, BATCH, anyAction, signs);
                smooth = signs.equals(base);
            }
            z[i] = keep;
            if (!smooth) continue;
            double[] col = new double[z.length];
            for (int r = 0; r < z.length; r++) {
                col[r] = (8 * (phis[0][r] - phis[1][r]) - (phis[2][r] - phis[3][r])) / (12 * h);
            }
            return col;
        }
        throw new AssertionError("z[" + i + "] sits on a leaky-ReLU kink");
    }

    @Test void twoByTwo() { check(new Lattice(2, 2), FlowFixtures.spec(4, List.of(8, 8), 3, true, false), 21); }

    @Test void fourByFour() { check(new Lattice(4, 4), FlowFixtures.spec(4, List.of(8, 8), 3, true, false), 22); }

    @Test void twoByTwoByTwo() { check(new Lattice(2, 2, 2), FlowFixtures.spec(3, List.of(4, 4), 3, false, false), 23); }

    @Test void nonSquareLeakyFinal() { check(new Lattice(2, 4), FlowFixtures.spec(3, List.of(4), 3, false, false), 24); }
}
