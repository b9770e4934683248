package io.github.gomaflow.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.config.ModelParams;
import io.github.gomaflow.lattice.Lattice;
import io.github.gomaflow.nn.kernel.FlowKernels;
import io.github.gomaflow.nn.kernel.Kernels;
import io.github.gomaflow.rng.Streams;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The float engine against a naive double flow, itself, its inverse and other thread counts. */
class FlowEngineTest {
    static FlowKernels kernels(String name) {
        return name.equals("vector") ? Kernels.vector() : Kernels.scalar();
    }

    static ModelParams spec(int layers, List<Integer> hidden, int k, boolean tanh) {
        return new ModelParams(7, layers, hidden, k, 1, 2, tanh, false);
    }

    /** A model whose weights are scaled up so the map moves z by O(1). */
    static FlowModel model(Lattice lattice, ModelParams spec, float scale) {
        FlowModel m = FlowModel.create(lattice, spec);
        float[] p = m.parameters();
        for (int i = 0; i < p.length; i++) p[i] *= scale;
        return m;
    }

    static float[] gaussian(int n, long seed) {
        RandomGenerator rng = Streams.stream(seed, "test-z");
        float[] z = new float[n];
        for (int i = 0; i < n; i++) z[i] = (float) rng.nextGaussian();
        return z;
    }

    static double maxAbs(float[] a) {
        double m = 0;
        for (float x : a) m = Math.max(m, Math.abs(x));
        return m;
    }

    @ParameterizedTest
    @ValueSource(strings = {"vector", "scalar"})
    void forwardAndGradientMatchNaiveDoubleFlow(String impl) {
        ScalarPhi4Action action = null;
        Object[][] cases = {
            {new Lattice(4, 4), spec(2, List.of(5, 3), 3, true), 5},
            {new Lattice(4, 6), spec(3, List.of(4), 3, false), 3},
            {new Lattice(4, 4, 4), spec(2, List.of(3), 3, true), 2},
            {new Lattice(6), spec(2, List.of(2, 2), 5, true), 37},
            {new Lattice(4, 2), spec(2, List.of(3), 1, true), 4},
            {new Lattice(4, 4), spec(3, List.of(), 3, false), 3},
        };
        for (Object[] c : cases) {
            Lattice lattice = (Lattice) c[0];
            ModelParams spec = (ModelParams) c[1];
            int batch = (Integer) c[2];
            action = new ScalarPhi4Action(lattice, -1.0, 0.7);
            FlowModel m = model(lattice, spec, 1.5f);
            NaiveFlow naive = new NaiveFlow(m);
            int v = lattice.volume();
            float[] z = gaussian(v * batch, 11);
            float[] phi = new float[v * batch];
            double[] logDet = new double[batch];
            double[] s = new double[batch];
            float[] grad = new float[m.parameterCount()];
            try (FlowEngine e = new FlowEngine(m, batch, 2, kernels(impl))) {
                e.lossGradient(z, batch, action, phi, logDet, s, grad);
            }
            double[] params = new double[m.parameterCount()];
            for (int i = 0; i < params.length; i++) params[i] = m.parameters()[i];
            double[] one = new double[v];
            double[] sRef = new double[1];
            for (int b = 0; b < batch; b++) {
                for (int site = 0; site < v; site++) one[site] = z[site * batch + b];
                double ld = naive.forward(params, one);
                action.action(one, 1, sRef);
                for (int site = 0; site < v; site++) {
                    assertEquals(one[site], phi[site * batch + b], 1e-5 * (1 + Math.abs(one[site])), lattice + " phi");
                }
                assertEquals(ld, logDet[b], 1e-5 * (1 + Math.abs(ld)), lattice + " logDet");
                assertEquals(sRef[0], s[b], 1e-5 * (1 + Math.abs(sRef[0])), lattice + " S");
            }
            double[] fd = naive.lossGradientFd(params, z, batch, action, 1e-6);
            double scale = 0;
            for (double x : fd) scale = Math.max(scale, Math.abs(x));
            assertTrue(scale > 1e-3, "gradient is not trivially zero");
            for (int i = 0; i < fd.length; i++) {
                assertEquals(fd[i], grad[i], 2e-5 * scale + 1e-4 * Math.abs(fd[i]), lattice + " dL/dθ[" + i + "]");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"vector", "scalar"})
    void inverseUndoesForwardAndTheMapMoves(String impl) {
        for (Lattice lattice : new Lattice[] {new Lattice(8, 8), new Lattice(4, 6), new Lattice(4, 4, 4), new Lattice(2, 4, 2, 2)}) {
            FlowModel m = model(lattice, spec(4, List.of(8, 8), 3, true), 2f);
            int batch = 37; // chunks of 32 and 5 (padded lanes)
            int v = lattice.volume();
            float[] z = gaussian(v * batch, 3);
            float[] phi = new float[v * batch];
            float[] back = new float[v * batch];
            double[] ldF = new double[batch];
            double[] ldI = new double[batch];
            try (FlowEngine e = new FlowEngine(m, batch, 2, kernels(impl))) {
                e.forward(z, batch, phi, ldF);
                e.inverse(phi, batch, back, ldI);
            }
            double moved = 0;
            for (int i = 0; i < z.length; i++) {
                assertEquals(z[i], back[i], 1e-5 * (1 + Math.abs(z[i])), lattice + " z[" + i + "]");
                moved = Math.max(moved, Math.abs(phi[i] - z[i]));
            }
            assertTrue(moved > 0.1, lattice + ": the flow did not move z (max |φ−z| = " + moved + ")");
            for (int b = 0; b < batch; b++) {
                assertEquals(ldF[b], ldI[b], 1e-4 * (1 + Math.abs(ldF[b])), "logDet");
                assertTrue(Math.abs(ldF[b]) > 1e-3, "logDet is not trivially zero");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"vector", "scalar"})
    void oneAndThreeThreadsGiveBitIdenticalResults(String impl) {
        Lattice lattice = new Lattice(8, 6);
        FlowModel m = model(lattice, spec(4, List.of(8, 8), 3, true), 1.5f);
        ScalarPhi4Action action = new ScalarPhi4Action(lattice, -4, 8);
        int batch = 70; // chunks 32, 32, 6
        int v = lattice.volume();
        float[] z = gaussian(v * batch, 5);
        float[][] phi = new float[2][v * batch];
        double[][] ld = new double[2][batch];
        double[][] s = new double[2][batch];
        float[][] grad = new float[2][m.parameterCount()];
        int[] threads = {1, 3};
        for (int r = 0; r < 2; r++) {
            try (FlowEngine e = new FlowEngine(m, batch, threads[r], kernels(impl))) {
                e.lossGradient(z, batch, action, phi[r], ld[r], s[r], grad[r]);
                e.lossGradient(z, batch, action, phi[r], ld[r], s[r], grad[r]);
            }
        }
        assertArrayEquals(phi[0], phi[1]);
        assertArrayEquals(ld[0], ld[1]);
        assertArrayEquals(s[0], s[1]);
        assertArrayEquals(grad[0], grad[1]);
        assertTrue(maxAbs(grad[0]) > 0);
    }

    @Test
    void vectorAndScalarKernelsAgree() {
        Lattice lattice = new Lattice(8, 8);
        FlowModel m = model(lattice, spec(16, List.of(8, 8), 3, true), 1f);
        ScalarPhi4Action action = new ScalarPhi4Action(lattice, -4, 8);
        int batch = 64;
        int v = lattice.volume();
        float[] z = gaussian(v * batch, 9);
        float[][] phi = new float[2][v * batch];
        double[][] ld = new double[2][batch];
        double[][] s = new double[2][batch];
        float[][] grad = new float[2][m.parameterCount()];
        String[] impl = {"vector", "scalar"};
        for (int r = 0; r < 2; r++) {
            try (FlowEngine e = new FlowEngine(m, batch, 2, kernels(impl[r]))) {
                e.lossGradient(z, batch, action, phi[r], ld[r], s[r], grad[r]);
            }
        }
        for (int i = 0; i < phi[0].length; i++) assertEquals(phi[1][i], phi[0][i], 1e-5 * (1 + Math.abs(phi[1][i])));
        for (int b = 0; b < batch; b++) assertEquals(ld[1][b], ld[0][b], 1e-5 * (1 + Math.abs(ld[1][b])));
        double scale = maxAbs(grad[1]);
        for (int i = 0; i < grad[0].length; i++) assertEquals(grad[1][i], grad[0][i], 1e-5 * scale, "grad[" + i + "]");
    }

    /**
     * The engine's own logic allocates nothing per call once sized (scalar kernels: interpreted
     * Vector API code boxes vectors until C2 compiles it, so it cannot be checked in a unit test;
     * JMH -prof gc covers it).
     */
    @Test
    void stepsDoNotAllocateOnceSized() {
        Lattice lattice = new Lattice(4, 4);
        FlowModel m = model(lattice, spec(2, List.of(4), 3, true), 1f);
        ScalarPhi4Action action = new ScalarPhi4Action(lattice, -4, 8);
        int batch = 40;
        float[] z = gaussian(16 * batch, 1);
        float[] phi = new float[z.length];
        double[] ld = new double[batch];
        double[] s = new double[batch];
        float[] grad = new float[m.parameterCount()];
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        try (FlowEngine e = new FlowEngine(m, batch, 1, Kernels.scalar())) {
            e.lossGradient(z, batch, action, phi, ld, s, grad);
            e.forward(z, batch, phi, ld);
            e.inverse(phi, batch, z.clone(), ld);
            float[] back = new float[z.length];
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 3; i++) {
                e.lossGradient(z, batch, action, phi, ld, s, grad);
                e.forward(z, batch, phi, ld);
                e.inverse(phi, batch, back, ld);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertEquals(0, allocated, "bytes allocated by 9 engine calls");
        }
    }

    @Test
    void rejectsBadShapes() {
        Lattice lattice = new Lattice(4, 4);
        assertThrows(BadInputException.class, () -> FlowModel.create(new Lattice(4, 5), spec(2, List.of(8), 3, true)));
        FlowModel m = FlowModel.create(lattice, spec(2, List.of(8), 3, true));
        try (FlowEngine e = new FlowEngine(m, 8, 1)) {
            assertThrows(IllegalArgumentException.class, () -> e.forward(new float[16 * 9], 9, new float[16 * 9], new double[9]));
        }
    }
}
