package io.github.gomaflow.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.config.ModelParams;
import io.github.gomaflow.flow.ParameterLayout;
import io.github.gomaflow.lattice.Lattice;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The optional batch norm (use_bn): statistics, running averages, FD gradients, invertibility. */
class ReferenceBatchNormTest {
    static final int BATCH = 3;

    private static ReferenceFlow flow(Lattice lattice, ModelParams spec, long seed) {
        return new ReferenceFlow(lattice, spec, FlowFixtures.randomParams(lattice, spec, 1.5, seed));
    }

    @Test void parametersFollowTheUnchangedConvolutionLayout() {
        Lattice lattice = new Lattice(4, 4);
        ModelParams spec = FlowFixtures.spec(3, List.of(8, 4), 3, true, true);
        ParameterLayout layout = new ParameterLayout(lattice, spec);
        ParameterLayout withoutBn = new ParameterLayout(lattice, FlowFixtures.spec(3, List.of(8, 4), 3, true, false));
        assertEquals(withoutBn.parameterCount(), layout.parameterCount());
        float[] init = new float[layout.parameterCount()];
        layout.initialize(7, init);
        ReferenceFlow f = ReferenceFlow.fromFloat(lattice, spec, init);
        assertEquals(layout.parameterCount() + 3 * 2 * (8 + 4 + 2), f.parameterCount());
        int g = layout.parameterCount();
        for (int l = 0; l < 3; l++) {
            for (int c : new int[] {8, 4, 2}) {
                for (int k = 0; k < c; k++) assertEquals(1.0, f.params()[g + k], "γ");
                for (int k = 0; k < c; k++) assertEquals(0.0, f.params()[g + c + k], "β");
                g += 2 * c;
            }
        }
        assertEquals(f.parameterCount(), g);
        int wrongLength = g - 1;
        assertThrows(IllegalArgumentException.class, () -> new ReferenceFlow(lattice, spec, new double[wrongLength]));
    }

    @Test void runningStatisticsUseMomentumAndUnbiasedVariance() {
        ParameterLayout layout = new ParameterLayout(1, FlowFixtures.spec(1, List.of(), 1, true, true));
        ReferenceBatchNorm bn = new ReferenceBatchNorm(layout);
        bn.updateRunning(0, 0, new double[][] {{1, 2, 3, 4}, {0, 0, 2, 2}});
        // mean 2.5, unbiased variance 5/3; mean 1, unbiased variance 4/3
        assertArrayEquals(new double[] {0.25, 0.1}, bn.runningMean(0, 0), 1e-15);
        assertArrayEquals(new double[] {0.9 + 0.1 * 5.0 / 3, 0.9 + 0.1 * 4.0 / 3}, bn.runningVar(0, 0), 1e-15);
        bn.updateRunning(0, 0, new double[][] {{1, 2, 3, 4}, {0, 0, 2, 2}});
        assertEquals(0.9 * 0.25 + 0.1 * 2.5, bn.runningMean(0, 0)[0], 1e-15);
    }

    @Test void trainingModeNormalisesEachChannelOverBatchAndSites() {
        Lattice lattice = new Lattice(4, 6);
        ModelParams spec = FlowFixtures.spec(1, List.of(4), 3, true, true);
        ReferenceFlow f = flow(lattice, spec, 31);
        ParameterLayout layout = f.layout();
        ReferenceBatchNorm bn = new ReferenceBatchNorm(layout);
        ReferenceCnn cnn = new ReferenceCnn(lattice, layout, true, bn);
        double[] input = FlowFixtures.normalSample(lattice, BATCH, 31);
        ReferenceCnn.Cache c = cnn.forward(f.params(), 0, input, BATCH);
        int checked = 0;
        for (int j = 0; j < layout.convolutions(); j++) {
            int g = bn.gammaOffset(0, j);
            int cn = layout.outChannels(j);
            for (int ch = 0; ch < cn; ch++) {
                double[] y = c.norm[j][ch];
                double mean = 0, sq = 0;
                for (double v : y) mean += v / y.length;
                for (double v : y) sq += (v - mean) * (v - mean) / y.length;
                double[] u = c.pre[j][ch];
                double um = 0, uv = 0;
                for (double v : u) um += v / u.length;
                for (double v : u) uv += (v - um) * (v - um) / u.length;
                double gamma = f.params()[g + ch];
                assertEquals(f.params()[g + cn + ch], mean, 1e-12, "mean = β");
                assertEquals(gamma * gamma * uv / (uv + ReferenceBatchNorm.EPSILON), sq, 1e-12, "variance = γ²σ²/(σ²+ε)");
                checked++;
            }
        }
        assertEquals(4 + 2, checked);
    }

    @Test void gradientInTrainingModeMatchesFiniteDifferences() {
        check(new Lattice(4, 4), FlowFixtures.spec(2, List.of(4, 4), 3, true, true), 41, true);
        check(new Lattice(4, 6), FlowFixtures.spec(2, List.of(4), 3, false, true), 42, true);
    }

    @Test void gradientInEvaluationModeMatchesFiniteDifferences() {
        check(new Lattice(4, 4), FlowFixtures.spec(2, List.of(4, 4), 3, true, true), 43, false);
    }

    private static void check(Lattice lattice, ModelParams spec, long seed, boolean training) {
        ReferenceFlow f = flow(lattice, spec, seed);
        if (!training) moveRunningStatistics(f, lattice, seed);
        f.setTraining(training);
        double[] z = FlowFixtures.normalSample(lattice, BATCH, seed);
        ScalarPhi4Action action = new ScalarPhi4Action(lattice, -4.0, 8.0);
        // with batch statistics, BN subtracts the channel mean: the conv bias before it has zero gradient
        ParameterLayout layout = f.layout();
        java.util.function.IntPredicate biasBeforeBn = i -> {
            if (!training) return false;
            for (int l = 0; l < layout.layers(); l++) {
                for (int j = 0; j < layout.convolutions(); j++) {
                    int b = layout.biasOffset(l, j);
                    if (i >= b && i < b + layout.outChannels(j)) return true;
                }
            }
            return false;
        };
        GradientCheck.Result r = GradientCheck.parameters(f, z, BATCH, action, ReferenceFlowGradientTest.STEP, biasBeforeBn);
        GradientCheck.Result rz = GradientCheck.input(f, z, BATCH, action, ReferenceFlowGradientTest.STEP);
        System.out.printf("FD BN training=%b %s %s: max rel err %.3e (params, %d, %d retries), %.3e (z);"
                        + " %d zero-by-construction: |analytic| <= %.1e, |numeric| <= %.1e%n",
                training, lattice, spec, r.maxRelError(), r.checked(), r.retried(), rz.maxRelError(),
                r.structuralZeros(), r.maxZeroAnalytic(), r.maxZeroNumeric());
        assertEquals(f.parameterCount(), r.checked());
        assertTrue(r.maxRelError() <= ReferenceFlowGradientTest.TOLERANCE, () -> "params: " + r);
        if (training) assertEquals(layout.layers() * biasCount(layout),
                r.structuralZeros());
        assertTrue(r.maxZeroAnalytic() <= 1e-10, () -> "bias before BN: " + r);
        assertTrue(r.maxZeroNumeric() <= 1e-7, () -> "bias before BN: " + r);
        assertTrue(rz.maxRelError() <= ReferenceFlowGradientTest.TOLERANCE, () -> "z: " + rz);
    }

    private static int biasCount(ParameterLayout layout) {
        int n = 0;
        for (int j = 0; j < layout.convolutions(); j++) n += layout.outChannels(j);
        return n;
    }

    private static void moveRunningStatistics(ReferenceFlow f, Lattice lattice, long seed) {
        for (int k = 0; k < 5; k++) f.updateRunningStatistics(FlowFixtures.normalSample(lattice, 4, seed * 100 + k), 4);
        assertNotEquals(0.0, f.runningMean(1, 0)[0]);
        assertNotEquals(1.0, f.runningVar(1, 1)[0]);
    }

    @Test void invertibleInBothModes() {
        Lattice lattice = new Lattice(4, 4);
        ReferenceFlow f = flow(lattice, FlowFixtures.spec(4, List.of(4, 4), 3, true, true), 51);
        double[] z = FlowFixtures.normalSample(lattice, BATCH, 51);
        for (boolean training : new boolean[] {true, false}) {
            if (!training) moveRunningStatistics(f, lattice, 51);
            f.setTraining(training);
            double[] phi = new double[z.length];
            double[] back = new double[z.length];
            double[] ld = new double[BATCH];
            double[] ldInv = new double[BATCH];
            f.forward(z, BATCH, phi, ld);
            f.inverse(phi, BATCH, back, ldInv);
            double moved = 0;
            for (int i = 0; i < z.length; i++) {
                moved = Math.max(moved, Math.abs(phi[i] - z[i]));
                assertEquals(z[i], back[i], 1e-10);
            }
            assertTrue(moved > 0.1, "the flow hardly moved z: " + moved);
            assertArrayEquals(ld, ldInv, 1e-10);
        }
    }
}
