package io.github.gomaflow.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.config.ModelParams;
import io.github.gomaflow.flow.FlowEngine;
import io.github.gomaflow.flow.FlowModel;
import io.github.gomaflow.flow.ParameterLayout;
import io.github.gomaflow.lattice.Lattice;
import io.github.gomaflow.nn.kernel.FlowKernels;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Z2-equivariant coupling ({@code model.z2_equivariant}, docs/ARCHITECTURE.md "Z2-equivariant
 * coupling") with the tests every layer gets — finite-difference gradients of the double reference,
 * inverse∘forward, log-det against a numerical Jacobian on d = 1…4, the float engine against the
 * double reference, thread-count determinism — and its symmetry: f(−z) = −f(z) and
 * log|det|(−z) = log|det|(z) bit for bit in the float engine (every operation on the way is
 * sign-symmetric in IEEE arithmetic: |x|, products, sums and fma of negated operands, the odd
 * {@code FloatMath.tanh}), hence log q(−φ) = log q(φ) exactly for the even prior.
 */
class Z2CouplingTest {
    private static final ScalarPhi4Action ACTION_4X4 = new ScalarPhi4Action(new Lattice(4, 4), -4.0, 8.0);

    // ---- double reference: gradients, Jacobian, inverse ----

    @Test void finiteDifferenceGradients2dBothFinalActivations() {
        ReferenceFlowGradientTest.check(new Lattice(4, 4), FlowFixtures.z2Spec(2, List.of(4, 4), 3, true), 31);
        ReferenceFlowGradientTest.check(new Lattice(4, 6), FlowFixtures.z2Spec(3, List.of(3), 3, false), 32);
    }

    @Test void finiteDifferenceGradients1d3dAndNoHiddenLayer() {
        ReferenceFlowGradientTest.check(new Lattice(8), FlowFixtures.z2Spec(2, List.of(4, 4), 3, true), 33);
        ReferenceFlowGradientTest.check(new Lattice(4, 4, 4), FlowFixtures.z2Spec(2, List.of(3), 3, false), 34);
        ReferenceFlowGradientTest.check(new Lattice(6, 4), FlowFixtures.z2Spec(2, List.of(), 5, true), 35);
    }

    @Test void finiteDifferenceGradientWithRespectToInput() {
        Lattice lattice = new Lattice(4, 6);
        ModelParams spec = FlowFixtures.z2Spec(3, List.of(4, 4), 3, false);
        ReferenceFlow flow = new ReferenceFlow(lattice, spec, FlowFixtures.randomParams(lattice, spec, 1.5, 36));
        double[] z = FlowFixtures.normalSample(lattice, 2, 36);
        GradientCheck.Result r = GradientCheck.input(flow, z, 2, new ScalarPhi4Action(lattice, -4.0, 8.0), 1e-3);
        assertEquals(lattice.volume() * 2, r.checked());
        assertTrue(r.maxRelError() <= ReferenceFlowGradientTest.TOLERANCE, () -> "max relative error " + r);
    }

    @Test void logDetMatchesNumericalJacobianInOneToFourDimensions() {
        ReferenceFlowJacobianTest.check(new Lattice(4), FlowFixtures.z2Spec(4, List.of(4, 4), 3, true), 41);
        ReferenceFlowJacobianTest.check(new Lattice(4, 4), FlowFixtures.z2Spec(4, List.of(4, 4), 3, false), 42);
        ReferenceFlowJacobianTest.check(new Lattice(2, 2, 2), FlowFixtures.z2Spec(3, List.of(4), 3, true), 43);
        ReferenceFlowJacobianTest.check(new Lattice(2, 2, 2, 2), FlowFixtures.z2Spec(2, List.of(2), 3, true), 44);
    }

    @Test void inverseUndoesForward() {
        ReferenceFlowInverseTest.roundTrip(new Lattice(4, 4), FlowFixtures.z2Spec(4, List.of(8, 8), 3, true), 51);
        ReferenceFlowInverseTest.roundTrip(new Lattice(4, 4, 4), FlowFixtures.z2Spec(3, List.of(4), 3, true), 52);
        ReferenceFlowInverseTest.roundTrip(new Lattice(4, 6), FlowFixtures.z2Spec(2, List.of(3), 3, false), 54);
        ReferenceFlowInverseTest.roundTrip(new Lattice(2, 4, 2, 4), FlowFixtures.z2Spec(2, List.of(2), 3, true), 53);
    }

    /** The reference is odd too (to rounding in double), and the GomalizingFlow net with the same seed is not. */
    @Test void referenceIsOddAndThePlainFlowIsNot() {
        Lattice lattice = new Lattice(4, 4);
        int batch = 3;
        double[] z = FlowFixtures.normalSample(lattice, batch, 61);
        double[] minusZ = new double[z.length];
        for (int i = 0; i < z.length; i++) minusZ[i] = -z[i];
        for (boolean z2 : new boolean[] {true, false}) {
            ModelParams spec = z2 ? FlowFixtures.z2Spec(4, List.of(8, 8), 3, true) : FlowFixtures.spec(4, List.of(8, 8), 3, true, false);
            ReferenceFlow flow = new ReferenceFlow(lattice, spec, FlowFixtures.randomParams(lattice, spec, 1.5, 62));
            double[] phi = new double[z.length];
            double[] phiMinus = new double[z.length];
            double[] logDet = new double[batch];
            double[] logDetMinus = new double[batch];
            flow.forward(z, batch, phi, logDet);
            flow.forward(minusZ, batch, phiMinus, logDetMinus);
            double oddness = 0;
            for (int i = 0; i < z.length; i++) oddness = Math.max(oddness, Math.abs(phi[i] + phiMinus[i]));
            double evenness = 0;
            for (int b = 0; b < batch; b++) evenness = Math.max(evenness, Math.abs(logDet[b] - logDetMinus[b]));
            if (z2) {
                assertTrue(oddness <= 1e-12 && evenness <= 1e-12, "Z2 flow: |f(z) + f(−z)| " + oddness + ", Δlog-det " + evenness);
            } else {
                assertTrue(oddness > 0.1 && evenness > 0.1, "plain flow unexpectedly symmetric: " + oddness + ", " + evenness);
            }
        }
    }

    // ---- float engine ----

    @ParameterizedTest
    @ValueSource(strings = {"vector", "scalar"})
    void engineMatchesDoubleReference(String impl) {
        Object[][] cases = {
            {new Lattice(8, 8), FlowFixtures.z2Spec(4, List.of(8, 8), 3, true), 9},
            {new Lattice(4, 4, 4), FlowFixtures.z2Spec(2, List.of(8, 8), 3, true), 33},
            {new Lattice(4, 6), FlowFixtures.z2Spec(4, List.of(4, 4), 3, false), 7},
            {new Lattice(8), FlowFixtures.z2Spec(2, List.of(), 5, true), 40},
        };
        for (Object[] c : cases) {
            Lattice lattice = (Lattice) c[0];
            ModelParams spec = (ModelParams) c[1];
            float[] p = ReferenceFlow.toFloat(FlowFixtures.randomParams(lattice, spec, 1.5, 3));
            FlowEngineMatchesReferenceTest.compare(impl, lattice, spec, p, (Integer) c[2], 5);
        }
    }

    /** The initialised model (PyTorch-style, streams "init-s", "init-t") also matches the reference built from the same seed. */
    @Test void initialisedModelMatchesReference() {
        Lattice lattice = new Lattice(8, 8);
        ModelParams spec = FlowFixtures.z2Spec(16, List.of(8, 8), 3, true);
        FlowModel m = FlowModel.create(lattice, spec);
        ReferenceFlow ref = ReferenceFlow.initialized(lattice, spec);
        assertArrayEquals(ReferenceFlow.toFloat(ref.params()), m.parameters());
        FlowEngineMatchesReferenceTest.compare("vector", lattice, spec, m.parameters(), 64, 1);
    }

    private static FlowModel randomModel(Lattice lattice, ModelParams spec, long seed) {
        return FlowModel.withParameters(lattice, spec, ReferenceFlow.toFloat(FlowFixtures.randomParams(lattice, spec, 1.5, seed)));
    }

    private static float[] negated(float[] a) {
        float[] n = new float[a.length];
        for (int i = 0; i < a.length; i++) n[i] = -a[i];
        return n;
    }

    /** f(−z) = −f(z) and the log-det, bit for bit, for both kernels, forward and inverse, a batch of several chunks. */
    @ParameterizedTest
    @ValueSource(strings = {"vector", "scalar"})
    void engineIsExactlyOdd(String impl) {
        FlowKernels kernels = FlowEngineMatchesReferenceTest.kernels(impl);
        for (boolean finalTanh : new boolean[] {true, false}) {
            Lattice lattice = new Lattice(6, 4);
            ModelParams spec = FlowFixtures.z2Spec(6, List.of(8, 8), 3, finalTanh);
            FlowModel model = randomModel(lattice, spec, 71);
            int batch = 70;
            int n = lattice.volume() * batch;
            float[] z = ReferenceFlow.toFloat(FlowFixtures.normalSample(lattice, batch, 72));
            float[] phi = new float[n];
            float[] phiMinus = new float[n];
            double[] logDet = new double[batch];
            double[] logDetMinus = new double[batch];
            float[] back = new float[n];
            float[] backMinus = new float[n];
            double[] inverseLogDet = new double[batch];
            double[] inverseLogDetMinus = new double[batch];
            try (FlowEngine e = new FlowEngine(model, batch, 2, kernels)) {
                e.forward(z, batch, phi, logDet);
                e.forward(negated(z), batch, phiMinus, logDetMinus);
                e.inverse(phi, batch, back, inverseLogDet);
                e.inverse(negated(phi), batch, backMinus, inverseLogDetMinus);
            }
            double moved = 0;
            for (int i = 0; i < n; i++) moved = Math.max(moved, Math.abs(phi[i] - z[i]));
            assertTrue(moved > 0.1, "the flow hardly moves z: " + moved);
            assertArrayEquals(negated(phi), phiMinus, "f(−z) = −f(z)");
            assertArrayEquals(logDet, logDetMinus, "log-det(−z) = log-det(z)");
            assertArrayEquals(negated(back), backMinus, "f⁻¹(−φ) = −f⁻¹(φ)");
            assertArrayEquals(inverseLogDet, inverseLogDetMinus, "inverse log-det");
        }
    }

    /**
     * log q(φ) = log r(f⁻¹(φ)) − log|det| at configurations that are not images of prior samples
     * (broken-phase-like, |φ| ≈ 1 with a preferred sign): equal at φ and −φ bit for bit.
     */
    @Test void logQIsExactlyEven() {
        Lattice lattice = new Lattice(4, 4);
        ModelParams spec = FlowFixtures.z2Spec(8, List.of(8, 8), 3, true);
        FlowModel model = randomModel(lattice, spec, 81);
        int batch = 40;
        int v = lattice.volume();
        double[] g = FlowFixtures.normalSample(lattice, batch, 82);
        float[] phi = new float[v * batch];
        for (int i = 0; i < phi.length; i++) phi[i] = (float) (1.0 + 0.3 * g[i]);
        float[][] zs = new float[2][v * batch];
        double[][] logDets = new double[2][batch];
        try (FlowEngine e = new FlowEngine(model, batch, 1, FlowEngineMatchesReferenceTest.kernels("vector"))) {
            e.inverse(phi, batch, zs[0], logDets[0]);
            e.inverse(negated(phi), batch, zs[1], logDets[1]);
        }
        io.github.gomaflow.prior.Prior prior = io.github.gomaflow.prior.Priors.of(new io.github.gomaflow.config.PriorSpec.Normal(0, 1));
        for (int b = 0; b < batch; b++) {
            double[] logQ = new double[2];
            for (int k = 0; k < 2; k++) {
                double logR = 0;
                for (int x = 0; x < v; x++) logR += prior.logDensity(zs[k][x * batch + b]);
                logQ[k] = logR - logDets[k][b];
            }
            assertEquals(Double.doubleToLongBits(logQ[0]), Double.doubleToLongBits(logQ[1]), "lane " + b + ": " + logQ[0] + " vs " + logQ[1]);
        }
    }

    /** Loss gradients are bit-identical for 1, 2 and 3 threads (chunks summed in chunk order). */
    @Test void gradientIsThreadCountIndependent() {
        Lattice lattice = new Lattice(4, 6);
        ModelParams spec = FlowFixtures.z2Spec(4, List.of(4, 4), 3, false);
        FlowModel model = randomModel(lattice, spec, 91);
        int batch = 100;
        int n = lattice.volume() * batch;
        float[] z = ReferenceFlow.toFloat(FlowFixtures.normalSample(lattice, batch, 92));
        ScalarPhi4Action action = new ScalarPhi4Action(lattice, -4.0, 8.0);
        float[][] grads = new float[3][];
        for (int threads = 1; threads <= 3; threads++) {
            float[] grad = new float[model.parameterCount()];
            try (FlowEngine e = new FlowEngine(model, batch, threads, FlowEngineMatchesReferenceTest.kernels("vector"))) {
                e.lossGradient(z, batch, action, new float[n], new double[batch], new double[batch], grad);
            }
            grads[threads - 1] = grad;
        }
        int nonZero = 0;
        for (float x : grads[0]) if (x != 0f) nonZero++;
        assertEquals(model.parameterCount(), nonZero, "every parameter should get a gradient");
        assertArrayEquals(grads[0], grads[1]);
        assertArrayEquals(grads[0], grads[2]);
    }

    // ---- layout ----

    /**
     * Names and shapes of the Z2 segment tile [0, P) without gaps or overlaps; t_net has no bias.
     * 2D, channels [1, 4, 1], k = 3: s_net 4·9 + 4 + 1·4·9 + 1 = 77, t_net 36 + 36 = 72 per layer.
     */
    @Test void parameterTensorsOfTheZ2Segment() {
        ParameterLayout layout = new ParameterLayout(2, FlowFixtures.z2Spec(2, List.of(4), 3, true));
        assertEquals(0, layout.parameterCount());
        assertEquals(2 * (77 + 72), layout.totalParameterCount());
        List<ParameterLayout.Tensor> tensors = layout.parameterTensors();
        List<String> names = tensors.stream().map(ParameterLayout.Tensor::name).toList();
        assertEquals(List.of("layers.0.s_net.0.weight", "layers.0.s_net.0.bias", "layers.0.s_net.2.weight",
                "layers.0.s_net.2.bias", "layers.0.t_net.0.weight", "layers.0.t_net.2.weight",
                "layers.1.s_net.0.weight", "layers.1.s_net.0.bias", "layers.1.s_net.2.weight",
                "layers.1.s_net.2.bias", "layers.1.t_net.0.weight", "layers.1.t_net.2.weight"), names);
        assertArrayEquals(new int[] {1, 4, 3, 3}, tensors.get(2).shape());
        assertArrayEquals(new int[] {4, 1, 3, 3}, tensors.get(4).shape());
        int next = 0;
        for (ParameterLayout.Tensor t : tensors) {
            assertEquals(next, t.offset(), t.name());
            int size = 1;
            for (int s : t.shape()) size *= s;
            assertEquals(size, t.length(), t.name());
            next += t.length();
        }
        assertEquals(layout.totalParameterCount(), next);
        // the count the config summary and memory estimate use agrees, with and without Z2 (example2d: 23 312 vs 12 960)
        ModelParams example2d = FlowFixtures.z2Spec(16, List.of(8, 8), 3, true);
        assertEquals(23_312, new ParameterLayout(2, example2d).totalParameterCount());
        assertEquals(23_312, io.github.gomaflow.train.MemoryEstimate.parameterCount(2, example2d));
        assertEquals(12_960, io.github.gomaflow.train.MemoryEstimate.parameterCount(2, FlowFixtures.spec(16, List.of(8, 8), 3, true, false)));
    }
}
