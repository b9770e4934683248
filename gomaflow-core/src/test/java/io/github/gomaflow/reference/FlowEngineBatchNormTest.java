package io.github.gomaflow.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.config.ModelParams;
import io.github.gomaflow.flow.FlowEngine;
import io.github.gomaflow.flow.FlowModel;
import io.github.gomaflow.flow.ParameterLayout;
import io.github.gomaflow.lattice.Lattice;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The float engine with batch norm ({@code use_bn = true}, training-mode batch statistics) against the
 * finite-difference-verified double reference: φ, log-det, S, inverse and dL/dθ to 1e−5 (see
 * {@link FlowEngineMatchesReferenceTest#compare}), random non-zero weights and γ, β ≠ 1, 0; batch
 * sizes that are not lane multiples exercise the padding lanes, which must not enter the statistics.
 */
class FlowEngineBatchNormTest {
    private static final Object[][] CASES = {
        {new Lattice(4, 4), FlowFixtures.spec(4, List.of(4, 4), 3, true, true), 5},
        {new Lattice(4, 4), FlowFixtures.spec(2, List.of(), 3, true, true), 16},
        {new Lattice(4, 6), FlowFixtures.spec(4, List.of(4, 4), 3, false, true), 7},
        {new Lattice(4, 6), FlowFixtures.spec(3, List.of(3), 3, true, true), 12},
        // more than FlowEngine.CHUNK configurations: the statistics must cover the whole batch
        {new Lattice(4, 4), FlowFixtures.spec(2, List.of(4), 3, true, true), 41},
    };

    @ParameterizedTest
    @ValueSource(strings = {"vector", "scalar"})
    void matchesReference(String impl) {
        for (Object[] c : CASES) {
            Lattice lattice = (Lattice) c[0];
            ModelParams spec = (ModelParams) c[1];
            float[] p = ReferenceFlow.toFloat(FlowFixtures.randomParams(lattice, spec, 1.5, 3));
            FlowEngineMatchesReferenceTest.compare(impl, lattice, spec, p, (Integer) c[2], 5);
        }
    }

    @Test
    void parametersFollowConvolutionsAndInitialiseToIdentityNorm() {
        Lattice lattice = new Lattice(4, 6);
        ModelParams bn = FlowFixtures.spec(4, List.of(4, 4), 3, true, true);
        ModelParams plain = FlowFixtures.spec(4, List.of(4, 4), 3, true, false);
        FlowModel m = FlowModel.create(lattice, bn);
        FlowModel p = FlowModel.create(lattice, plain);
        // 4 layers × (4 + 4 + 2 channels) × (γ, β)
        assertEquals(p.parameterCount() + 4 * 10 * 2, m.parameterCount());
        for (int i = 0; i < p.parameterCount(); i++) assertEquals(p.parameters()[i], m.parameters()[i]);
        ParameterLayout layout = m.layout();
        int g = layout.gammaOffset(3, 2);
        assertEquals(m.parameterCount() - 4, g);
        assertEquals(1f, m.parameters()[g]);
        assertEquals(1f, m.parameters()[g + 1]);
        assertEquals(0f, m.parameters()[g + 2]);
        assertEquals(0f, m.parameters()[g + 3]);
    }

    @Test
    void inverseUndoesForwardAndMovesZ() {
        Lattice lattice = new Lattice(4, 6);
        ModelParams spec = FlowFixtures.spec(4, List.of(4, 4), 3, true, true);
        FlowModel model = FlowModel.withParameters(lattice, spec,
                ReferenceFlow.toFloat(FlowFixtures.randomParams(lattice, spec, 1.5, 11)));
        int batch = 9;
        int n = lattice.volume() * batch;
        float[] z = ReferenceFlow.toFloat(FlowFixtures.normalSample(lattice, batch, 4));
        float[] phi = new float[n];
        float[] back = new float[n];
        double[] logDet = new double[batch];
        double[] logDetInv = new double[batch];
        try (FlowEngine e = new FlowEngine(model, batch, 2)) {
            e.forward(z, batch, phi, logDet);
            e.inverse(phi, batch, back, logDetInv);
        }
        double moved = 0;
        double dz = 0;
        for (int i = 0; i < n; i++) {
            moved = Math.max(moved, Math.abs(phi[i] - z[i]));
            dz = Math.max(dz, Math.abs(back[i] - z[i]));
        }
        assertTrue(moved > 0.1, "the flow barely moved z: " + moved);
        assertTrue(dz <= 1e-5, "inverse(forward(z)) deviates from z by " + dz);
        for (int b = 0; b < batch; b++) assertEquals(logDet[b], logDetInv[b], 1e-5 * Math.max(1, Math.abs(logDet[b])));
    }

    @Test
    void oneAndTwoThreadsAreBitIdentical() {
        Lattice lattice = new Lattice(4, 4);
        ModelParams spec = FlowFixtures.spec(4, List.of(4, 4), 3, true, true);
        float[] p = ReferenceFlow.toFloat(FlowFixtures.randomParams(lattice, spec, 1.5, 2));
        ScalarPhi4Action action = new ScalarPhi4Action(lattice, -4.0, 8.0);
        int batch = 70;
        float[] z = ReferenceFlow.toFloat(FlowFixtures.normalSample(lattice, batch, 8));
        float[][] grads = new float[2][];
        float[][] phis = new float[2][];
        double[][] logDets = new double[2][];
        for (int t = 1; t <= 2; t++) {
            FlowModel model = FlowModel.withParameters(lattice, spec, p);
            float[] phi = new float[lattice.volume() * batch];
            double[] logDet = new double[batch];
            float[] grad = new float[model.parameterCount()];
            try (FlowEngine e = new FlowEngine(model, batch, t)) {
                e.lossGradient(z, batch, action, phi, logDet, new double[batch], grad);
            }
            grads[t - 1] = grad;
            phis[t - 1] = phi;
            logDets[t - 1] = logDet;
        }
        assertArrayEquals(phis[0], phis[1]);
        assertArrayEquals(logDets[0], logDets[1]);
        assertArrayEquals(grads[0], grads[1]);
    }

    /**
     * Evaluation mode: after three running-statistics updates (batches of 4 and 6 lanes, not lane
     * multiples) the engine's running mean/variance equal the reference's, and with them forward,
     * log-det, inverse and dL/dθ agree to 1e−5.
     */
    @ParameterizedTest
    @ValueSource(strings = {"vector", "scalar"})
    void evaluationModeMatchesReference(String impl) {
        Lattice lattice = new Lattice(4, 6);
        ModelParams spec = FlowFixtures.spec(3, List.of(4, 3), 3, true, true);
        float[] p = ReferenceFlow.toFloat(FlowFixtures.randomParams(lattice, spec, 1.5, 21));
        FlowModel model = FlowModel.withParameters(lattice, spec, p);
        ReferenceFlow ref = ReferenceFlow.fromFloat(lattice, spec, p);
        ScalarPhi4Action action = new ScalarPhi4Action(lattice, -4.0, 8.0);
        int batch = 7;
        int n = lattice.volume() * batch;
        float[] z = ReferenceFlow.toFloat(FlowFixtures.normalSample(lattice, batch, 31));
        double[] zd = ReferenceFlow.toDouble(z);
        float[] phi = new float[n];
        float[] back = new float[n];
        double[] logDet = new double[batch];
        double[] logDetInv = new double[batch];
        float[] grad = new float[model.parameterCount()];
        try (FlowEngine e = new FlowEngine(model, 8, 2, FlowEngineMatchesReferenceTest.kernels(impl))) {
            for (int k = 0; k < 3; k++) {
                int b = k == 1 ? 6 : 4;
                float[] zk = ReferenceFlow.toFloat(FlowFixtures.normalSample(lattice, b, 40 + k));
                e.updateRunningStatistics(zk, b);
                ref.updateRunningStatistics(ReferenceFlow.toDouble(zk), b);
            }
            ParameterLayout layout = model.layout();
            for (int l = 0; l < layout.layers(); l++) {
                for (int j = 0; j < layout.convolutions(); j++) {
                    int c = layout.outChannels(j);
                    int o = layout.gammaOffset(l, j) - layout.parameterCount();
                    for (int ch = 0; ch < c; ch++) {
                        double m = ref.runningMean(l, j)[ch];
                        double v = ref.runningVar(l, j)[ch];
                        assertEquals(m, model.runningStatistics()[o + ch], 1e-5 * Math.max(1, Math.abs(m)));
                        assertEquals(v, model.runningStatistics()[o + c + ch], 1e-5 * Math.max(1, Math.abs(v)));
                    }
                }
            }
            assertTrue(Math.abs(ref.runningVar(2, 1)[0] - 1.0) > 1e-3, "running variance did not move");
            e.setBatchNormTraining(false);
            ref.setTraining(false);
            e.lossGradient(z, batch, action, phi, logDet, new double[batch], grad);
            e.inverse(phi, batch, back, logDetInv);
            assertFalse(e.batchNormTraining());
        }
        double[] phiRef = new double[n];
        double[] logDetRef = new double[batch];
        double[] gradRef = new double[ref.parameterCount()];
        ref.forward(zd, batch, phiRef, logDetRef);
        ref.lossAndGradient(zd, batch, action, gradRef, null);
        for (int i = 0; i < n; i++) {
            assertEquals(phiRef[i], phi[i], 1e-5 * Math.max(1, Math.abs(phiRef[i])), "phi");
            assertEquals(zd[i], back[i], 1e-5 * Math.max(1, Math.abs(zd[i])), "inverse");
        }
        for (int b = 0; b < batch; b++) {
            assertEquals(logDetRef[b], logDet[b], 1e-5 * Math.max(1, Math.abs(logDetRef[b])), "logDet");
            assertEquals(logDetRef[b], logDetInv[b], 1e-5 * Math.max(1, Math.abs(logDetRef[b])), "inverse logDet");
        }
        double scale = 0;
        for (double g : gradRef) scale = Math.max(scale, Math.abs(g));
        assertTrue(scale > 1e-3, "gradient is trivially small: " + scale);
        for (int i = 0; i < grad.length; i++) assertEquals(gradRef[i], grad[i], 1e-5 * scale, "dL/dθ[" + i + "]");
    }
}
