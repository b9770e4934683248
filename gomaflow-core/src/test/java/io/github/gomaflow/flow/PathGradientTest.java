package io.github.gomaflow.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.action.Target;
import io.github.gomaflow.config.ModelParams;
import io.github.gomaflow.lattice.Lattice;
import io.github.gomaflow.nn.kernel.FlowKernels;
import io.github.gomaflow.prior.NormalPrior;
import io.github.gomaflow.prior.PriorTarget;
import io.github.gomaflow.reference.FlowFixtures;
import io.github.gomaflow.reference.ReferenceFlow;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Path gradients (docs/ARCHITECTURE.md, "Path gradients"): ∇_φ log q by the forward recursion
 * through {@link FlowLayer#inverseBackward} against finite differences of the double reference's
 * log q; exactly zero per sample at q = p; equal in expectation to the standard gradient;
 * independent of the thread count.
 */
class PathGradientTest {
    /** A flow with random weights far from the identity, the same numbers in float and double. */
    private static float[] randomParameters(Lattice lattice, ModelParams spec, long seed) {
        return ReferenceFlow.toFloat(FlowFixtures.randomParams(lattice, spec, 1.5, seed));
    }

    /** {largest per-sample max|path| / max|standard|, smallest per-sample max|standard|}. */
    private static double[] worstRatioAndSmallestStandard(PathGradients.PerSample g, int batch) {
        double worstRatio = 0;
        double smallestStandard = Double.POSITIVE_INFINITY;
        for (int b = 0; b < batch; b++) {
            double path = FlowEngineTest.maxAbs(g.path()[b]);
            double standard = FlowEngineTest.maxAbs(g.standard()[b]);
            worstRatio = Math.max(worstRatio, path / standard);
            smallestStandard = Math.min(smallestStandard, standard);
        }
        return new double[] {worstRatio, smallestStandard};
    }

    private static ModelParams spec(int layers, List<Integer> hidden, boolean tanh) {
        return new ModelParams(7, layers, hidden, 3, 1, 2, tanh, false);
    }

    /** Fourth-order central difference of log q(φ_b) in entry i of φ (restored), h shrunk at a leaky-ReLU kink. */
    private static double finiteDifference(ReferenceFlow flow, NormalPrior prior, double[] phi, int batch, int i) {
        double keep = phi[i];
        double previous = Double.NaN;
        for (double h = 2e-3; h > 1e-7; h /= 4) {
            double d = (8 * (logQ(flow, prior, phi, batch, i, keep + h) - logQ(flow, prior, phi, batch, i, keep - h))
                    - (logQ(flow, prior, phi, batch, i, keep + 2 * h) - logQ(flow, prior, phi, batch, i, keep - 2 * h)))
                    / (12 * h);
            phi[i] = keep;
            if (Math.abs(d - previous) <= 1e-7 * (1 + Math.abs(d))) return d;
            previous = d;
        }
        throw new AssertionError("no converging difference quotient at entry " + i);
    }

    private static double logQ(ReferenceFlow flow, NormalPrior prior, double[] phi, int batch, int i, double value) {
        phi[i] = value;
        double[] out = new double[batch];
        flow.logQ(phi, batch, prior, out);
        return out[i % batch];
    }

    /**
     * ∇_φ log q of the float engine against finite differences of the double reference on tiny
     * lattices of d = 1…4, with tanh and leaky-ReLU final activations, one and two hidden layers, and a
     * batch of 3 (padding lanes). Tolerance: 2e-5 of the largest |∇ log q| (float rounding; measured
     * worst 1.4e-6 with the vector kernels, 6e-7 with the scalar ones).
     */
    @ParameterizedTest
    @ValueSource(strings = {"vector", "scalar"})
    void logDensityGradientMatchesFiniteDifferences(String impl) {
        FlowKernels kernels = FlowEngineTest.kernels(impl);
        NormalPrior prior = new NormalPrior(0.2, 0.9);
        Object[][] cases = {
            {new Lattice(6), spec(3, List.of(3), true)},
            {new Lattice(4, 6), spec(2, List.of(3, 2), false)},
            {new Lattice(4, 2, 4), spec(3, List.of(2), false)},
            {new Lattice(2, 2, 4, 2), spec(2, List.of(3, 2), true)},
        };
        int batch = 3;
        int checked = 0;
        for (Object[] c : cases) {
            Lattice lattice = (Lattice) c[0];
            ModelParams spec = (ModelParams) c[1];
            int v = lattice.volume();
            float[] params = randomParameters(lattice, spec, 11 + checked);
            ReferenceFlow reference = ReferenceFlow.fromFloat(lattice, spec, params);
            double[] z = FlowFixtures.normalSample(lattice, batch, 3 + checked);
            double[] phiD = new double[v * batch];
            reference.forward(z, batch, phiD, new double[batch]);
            float[] phi = ReferenceFlow.toFloat(phiD);
            double[] phiExact = ReferenceFlow.toDouble(phi);
            float[] gradLogQ = new float[v * batch];
            double[] logQ = new double[batch];
            FlowModel model = FlowModel.withParameters(lattice, spec, params);
            try (FlowEngine engine = new FlowEngine(model, batch, 1, kernels)) {
                engine.logDensityGradient(phi, batch, new PriorTarget(prior, lattice), gradLogQ, logQ);
            }
            double[] wantLogQ = new double[batch];
            reference.logQ(phiExact, batch, prior, wantLogQ);
            double scale = FlowEngineTest.maxAbs(gradLogQ);
            assertTrue(scale > 1, lattice + ": |∇ log q| = " + scale);
            for (int b = 0; b < batch; b++) assertEquals(wantLogQ[b], logQ[b], 1e-4 * (1 + Math.abs(wantLogQ[b])));
            for (int i = 0; i < v * batch; i++) {
                double numeric = finiteDifference(reference, prior, phiExact, batch, i);
                assertEquals(numeric, gradLogQ[i], 2e-5 * scale, lattice + " " + spec + ", entry " + i);
                checked++;
            }
        }
        assertEquals(batch * (6 + 24 + 32 + 32), checked);
    }

    /**
     * At q_θ = p (the target's log-density is the flow's own log q_θ0 and θ = θ0) every per-sample
     * path gradient vanishes to rounding, the standard one does not (measured on 24 samples: largest
     * |path| entry 1.0e-5, per-sample largest |standard| entry 5.0 … 12.9, largest per-sample ratio
     * 1e-6); with θ moved away from θ0 every sample's path gradient is 0.22 … 1.3 of its standard one.
     */
    @ParameterizedTest
    @ValueSource(strings = {"vector", "scalar"})
    void pathGradientVanishesPerSampleAtAnExactFlow(String impl) {
        FlowKernels kernels = FlowEngineTest.kernels(impl);
        Lattice lattice = new Lattice(4, 6);
        ModelParams spec = spec(4, List.of(4), true);
        FlowModel model = FlowModel.withParameters(lattice, spec, randomParameters(lattice, spec, 5));
        Target base = new PriorTarget(NormalPrior.standard(), lattice);
        int batch = 24;
        float[] z = FlowEngineTest.gaussian(lattice.volume() * batch, 17);
        try (PathGradients.FlowDensityTarget exact = new PathGradients.FlowDensityTarget(model, base, 64, kernels)) {
            PathGradients.PerSample at = PathGradients.perSample(model, base, exact, z, batch, kernels);
            double[] r = worstRatioAndSmallestStandard(at, batch);
            assertTrue(r[1] > 1, "smallest per-sample |standard gradient| " + r[1]);
            assertTrue(r[0] < 1e-5, "largest per-sample |path| / |standard| " + r[0]);

            FlowModel moved = model.copy();
            float[] p = moved.parameters();
            for (int i = 0; i < p.length; i += 7) p[i] += 0.05f;
            PathGradients.PerSample away = PathGradients.perSample(moved, base, exact, z, batch, kernels);
            for (int b = 0; b < batch; b++) {
                double path = FlowEngineTest.maxAbs(away.path()[b]);
                assertTrue(path > 0.05 * FlowEngineTest.maxAbs(away.standard()[b]), "sample " + b + ": " + path);
            }
        }
    }

    /**
     * The free field with the Fourier layer at its exact widths σ_k = 1/√(2(m² + p̂²_k)) (and two
     * couplings whose last convolution is zero, so s = t = 0 and they are the identity): q = p exactly,
     * so every per-sample path gradient vanishes to rounding while the standard one does not.
     */
    @ParameterizedTest
    @ValueSource(strings = {"vector", "scalar"})
    void pathGradientVanishesPerSampleAtTheExactFreeFieldFlow(String impl) {
        FlowKernels kernels = FlowEngineTest.kernels(impl);
        Lattice lattice = new Lattice(4, 6);
        double m2 = 0.7;
        ModelParams spec = new ModelParams(7, 2, List.of(4), 3, 1, 2, true, false, true, false);
        FlowModel model = FlowModel.create(lattice, spec, m2);
        ParameterLayout layout = model.layout();
        float[] p = model.parameters();
        for (int l = 0; l < layout.layers(); l++) {
            int last = layout.convolutions() - 1;
            int from = layout.weightOffset(l, last);
            int to = layout.biasOffset(l, last) + layout.outChannels(last);
            java.util.Arrays.fill(p, from, to, 0f);
        }
        ScalarPhi4Action freeField = new ScalarPhi4Action(lattice, m2, 0.0);
        Target base = new PriorTarget(NormalPrior.standard(), lattice);
        int batch = 16;
        float[] z = FlowEngineTest.gaussian(lattice.volume() * batch, 41);
        PathGradients.PerSample g = PathGradients.perSample(model, base, freeField, z, batch, kernels);
        double[] r = worstRatioAndSmallestStandard(g, batch);
        assertTrue(r[1] > 0.5, "smallest per-sample |standard gradient| " + r[1]);
        assertTrue(r[0] < 1e-5, "largest per-sample |path| / |standard| " + r[0]);
    }

    /**
     * E[path] = E[standard]: over N = 4000 samples of a φ⁴ target and a random flow, the mean of the
     * per-sample difference (the score term, of mean zero) has |z| = |mean|/(sd/√N) below 5 in every
     * one of the P components (Bonferroni: P·6e-7 ≪ 1), while the standard gradient's own mean is
     * significant (|z| > 5) in many components, so a biased estimator would be seen (measured: largest
     * |z| 2.3 over P = 172; the standard mean significant in 138 components).
     */
    @Test void pathGradientIsUnbiased() {
        Lattice lattice = new Lattice(4, 4);
        ModelParams spec = spec(2, List.of(3), true);
        FlowModel model = FlowModel.withParameters(lattice, spec, randomParameters(lattice, spec, 23));
        ScalarPhi4Action action = new ScalarPhi4Action(lattice, 0.5, 0.5);
        Target base = new PriorTarget(NormalPrior.standard(), lattice);
        int n = 4000;
        float[] z = FlowEngineTest.gaussian(lattice.volume() * n, 29);
        PathGradients.PerSample g = PathGradients.perSample(model, base, action, z, n, FlowEngineTest.kernels("vector"));
        int p = model.parameterCount();
        double worstDifference = 0;
        int significantStandard = 0;
        for (int i = 0; i < p; i++) {
            double[] diff = new double[n];
            double[] standard = new double[n];
            for (int b = 0; b < n; b++) {
                diff[b] = (double) g.path()[b][i] - g.standard()[b][i];
                standard[b] = g.standard()[b][i];
            }
            worstDifference = Math.max(worstDifference, Math.abs(zScore(diff)));
            if (Math.abs(zScore(standard)) > 5) significantStandard++;
        }
        assertTrue(worstDifference < 5, "largest |z| of mean(path − standard): " + worstDifference);
        assertTrue(significantStandard > p / 4, significantStandard + " of " + p + " components significant");
    }

    private static double zScore(double[] x) {
        double mean = 0;
        for (double v : x) mean += v;
        mean /= x.length;
        double var = 0;
        for (double v : x) var += (v - mean) * (v - mean);
        var /= x.length - 1;
        return mean / Math.sqrt(var / x.length);
    }

    /** Same bits for 1, 2 and 3 threads (batch 100: four chunks, the last short), either kernel. */
    @ParameterizedTest
    @ValueSource(strings = {"vector", "scalar"})
    void pathGradientIsIndependentOfTheThreadCount(String impl) {
        FlowKernels kernels = FlowEngineTest.kernels(impl);
        Lattice lattice = new Lattice(4, 6);
        ModelParams spec = spec(3, List.of(4, 3), true);
        FlowModel model = FlowModel.withParameters(lattice, spec, randomParameters(lattice, spec, 2));
        ScalarPhi4Action action = new ScalarPhi4Action(lattice, -1.0, 1.5);
        Target base = new PriorTarget(new NormalPrior(0.1, 1.1), lattice);
        int v = lattice.volume();
        int batch = 100;
        float[] z = FlowEngineTest.gaussian(v * batch, 9);
        float[][] grads = new float[3][];
        float[] phi = new float[v * batch];
        double[] logDet = new double[batch];
        double[] s = new double[batch];
        float[] standard = new float[model.parameterCount()];
        for (int threads = 1; threads <= 3; threads++) {
            grads[threads - 1] = new float[model.parameterCount()];
            try (FlowEngine e = new FlowEngine(model, batch, threads, kernels)) {
                e.pathGradient(z, batch, base, action, phi, logDet, s, grads[threads - 1]);
                if (threads == 1) {
                    float[] phi2 = new float[v * batch];
                    double[] logDet2 = new double[batch];
                    double[] s2 = new double[batch];
                    e.lossGradient(z, batch, action, phi2, logDet2, s2, standard);
                    assertArrayEquals(phi2, phi);
                    assertArrayEquals(logDet2, logDet);
                    assertArrayEquals(s2, s);
                }
            }
        }
        assertArrayEquals(grads[0], grads[1]);
        assertArrayEquals(grads[0], grads[2]);
        assertFalse(java.util.Arrays.equals(grads[0], standard));
        assertTrue(FlowEngineTest.maxAbs(grads[0]) > 1e-3);
    }

    /** Path-gradient and ∇ log q calls allocate nothing once sized (scalar kernels, as in FlowEngineTest). */
    @Test void pathGradientDoesNotAllocateOnceSized() {
        Lattice lattice = new Lattice(4, 4);
        ModelParams spec = spec(2, List.of(4), true);
        FlowModel model = FlowModel.withParameters(lattice, spec, randomParameters(lattice, spec, 4));
        ScalarPhi4Action action = new ScalarPhi4Action(lattice, -4, 8);
        Target base = new PriorTarget(new NormalPrior(0, 1), lattice);
        int batch = 40;
        float[] z = FlowEngineTest.gaussian(16 * batch, 1);
        float[] phi = new float[z.length];
        float[] gradLogQ = new float[z.length];
        double[] ld = new double[batch];
        double[] s = new double[batch];
        float[] grad = new float[model.parameterCount()];
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        try (FlowEngine e = new FlowEngine(model, batch, 1, FlowEngineTest.kernels("scalar"))) {
            e.pathGradient(z, batch, base, action, phi, ld, s, grad);
            e.logDensityGradient(phi, batch, base, gradLogQ, s);
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 3; i++) {
                e.pathGradient(z, batch, base, action, phi, ld, s, grad);
                e.logDensityGradient(phi, batch, base, gradLogQ, s);
            }
            assertEquals(0, threads.getCurrentThreadAllocatedBytes() - before, "bytes allocated by 6 engine calls");
        }
        assertTrue(FlowEngineTest.maxAbs(gradLogQ) > 0);
    }

    /** A layer without the reverse mode of its inverse, and batch norm, are named, not run. */
    @Test void unsupportedLayersAreRefusedByName() {
        Lattice lattice = new Lattice(4, 4);
        FlowModel model = FlowModel.create(lattice, spec(2, List.of(3), true));
        assertNull(model.pathGradientObstacle());
        FlowLayer scale = new LayerListTest.GlobalScale(3);
        assertFalse(FlowModel.implementsInverseBackward(scale));
        assertTrue(FlowModel.implementsInverseBackward(model.newLayers()[0]));
        Target base = new PriorTarget(NormalPrior.standard(), lattice);
        int v = lattice.volume();
        try (FlowEngine e = new FlowEngine(model, new FlowLayer[] {model.newLayers()[0], scale}, 4, 1,
                FlowEngineTest.kernels("scalar"))) {
            UnsupportedOperationException u = assertThrows(UnsupportedOperationException.class, () -> e.pathGradient(
                    new float[v * 4], 4, base, LayerListTest.gaussian(lattice), new float[v * 4], new double[4],
                    new double[4], new float[model.parameterCount()]));
            assertTrue(u.getMessage().contains("GlobalScale"), u.getMessage());
        }
        FlowModel bn = FlowModel.create(lattice, new ModelParams(7, 2, List.of(3), 3, 1, 2, true, true));
        assertNotNull(bn.pathGradientObstacle());
        try (FlowEngine e = new FlowEngine(bn, 4, 1)) {
            assertThrows(UnsupportedOperationException.class, () -> e.logDensityGradient(new float[v * 4], 4, base,
                    new float[v * 4], new double[4]));
        }
    }
}
