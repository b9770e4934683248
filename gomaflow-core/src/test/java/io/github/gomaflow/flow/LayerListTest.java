package io.github.gomaflow.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.action.Target;
import io.github.gomaflow.config.ModelParams;
import io.github.gomaflow.lattice.Lattice;
import io.github.gomaflow.nn.kernel.Kernels;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine drives any list of {@link FlowLayer}s: a global scale layer φ → e^a·φ (parameter a
 * at flat index {@code index}) with the Gaussian target S = Σ_x φ²/2, whose reverse-KL gradient is
 * known in closed form, alone and between two coupling layers.
 */
class LayerListTest {
    /** φ ← e^a φ on every site and lane, log|det| = V·a. */
    static final class GlobalScale implements FlowLayer {
        private final int index;
        private float a;

        GlobalScale(int index) { this.index = index; }

        @Override public Workspace newWorkspace(ChunkGeometry g, WorkerScratch scratch, int maxStride) {
            return new Workspace() {};
        }

        @Override public void prepare(float[] parameters, ChunkGeometry g) { a = parameters[index]; }

        private void scale(ChunkGeometry g, float[] phi, float factor, float[] logDet) {
            for (int i = 0; i < g.channelStride(); i++) phi[i] *= factor;
            for (int b = 0; b < g.stride(); b++) logDet[b] += g.volume() * a;
        }

        @Override public void forward(ChunkGeometry g, Workspace w, float[] phi, float[] logDet, boolean save) {
            scale(g, phi, (float) Math.exp(a), logDet);
        }

        @Override public void inverse(ChunkGeometry g, Workspace w, float[] phi, float[] logDet) {
            scale(g, phi, (float) Math.exp(-a), logDet);
        }

        /** ∂L/∂a = Σ_x dφ_out·φ_out + Σ_b dLogDet_b·V; ∂L/∂φ_in = e^a·dφ_out. */
        @Override public void backward(ChunkGeometry g, Workspace w, float[] phiIn, float[] dPhi, float[] dLogDet,
                                       float[] grad) {
            float e = (float) Math.exp(a);
            double sum = 0;
            for (int i = 0; i < g.channelStride(); i++) {
                sum += (double) dPhi[i] * e * phiIn[i];
                dPhi[i] *= e;
            }
            for (int b = 0; b < g.stride(); b++) sum += (double) dLogDet[b] * g.volume();
            grad[index] += (float) sum;
        }
    }

    /** S = Σ_x φ²/2. */
    static Target gaussian(Lattice lattice) {
        return new Target() {
            @Override public Lattice lattice() { return lattice; }
            @Override public void action(float[] phi, int batch, double[] out) {
                Arrays.fill(out, 0, batch, 0.0);
                for (int i = 0; i < lattice.volume() * batch; i++) out[i % batch] += 0.5 * phi[i] * phi[i];
            }
            @Override public void action(double[] phi, int batch, double[] out) { throw new UnsupportedOperationException(); }
            @Override public void gradient(float[] phi, int batch, float scale, float[] grad) {
                for (int i = 0; i < lattice.volume() * batch; i++) grad[i] = scale * phi[i];
            }
            @Override public void gradient(double[] phi, int batch, double scale, double[] grad) {
                throw new UnsupportedOperationException();
            }
        };
    }

    private static FlowModel tinyModel(Lattice lattice) {
        return FlowModel.create(lattice, new ModelParams(3, 2, List.of(3), 3, 1, 2, true, false));
    }

    @Test void aScaleLayerAloneHasTheClosedFormGradient() {
        Lattice lattice = new Lattice(4, 2);
        int v = lattice.volume();
        int batch = 70; // three chunks, the last one short
        FlowModel m = tinyModel(lattice);
        float a = 0.3f;
        m.parameters()[5] = a;
        float[] z = FlowEngineTest.gaussian(v * batch, 21);
        float[] phi = new float[v * batch];
        double[] logDet = new double[batch];
        double[] s = new double[batch];
        float[] grad = new float[m.parameterCount()];
        try (FlowEngine e = new FlowEngine(m, new FlowLayer[] {new GlobalScale(5)}, batch, 2, Kernels.selected())) {
            e.lossGradient(z, batch, gaussian(lattice), phi, logDet, s, grad);
        }
        // L = (1/B) Σ_b [−V a + e^{2a} Σ_x z²/2]  ⇒  ∂L/∂a = −V + (1/B) Σ_b e^{2a} Σ_x z²
        double sumZ2 = 0;
        for (float x : z) sumZ2 += (double) x * x;
        double expected = -v + Math.exp(2 * a) * sumZ2 / batch;
        assertEquals(expected, grad[5], 1e-5 * Math.abs(expected) + 1e-5);
        for (int i = 0; i < grad.length; i++) if (i != 5) assertEquals(0f, grad[i], "parameter " + i);
        assertEquals(v * a, logDet[batch - 1], 1e-6);
        assertEquals(Math.exp(a) * z[v * batch - 1], phi[v * batch - 1], 1e-6);
    }

    /** Coupling, scale, coupling: inverse undoes forward, and every thread count gives the same bits. */
    @Test void mixedListInvertsAndIsThreadIndependent() {
        Lattice lattice = new Lattice(4, 6);
        int v = lattice.volume();
        int batch = 100;
        FlowModel m = tinyModel(lattice);
        m.parameters()[7] = -0.4f;
        float[] z = FlowEngineTest.gaussian(v * batch, 5);
        float[][] grads = new float[3][];
        float[] phi = new float[v * batch];
        for (int threads = 1; threads <= 3; threads++) {
            FlowLayer[] coupling = m.newLayers();
            FlowLayer[] list = {coupling[0], new GlobalScale(7), coupling[1]};
            double[] logDet = new double[batch];
            float[] grad = new float[m.parameterCount()];
            try (FlowEngine e = new FlowEngine(m, list, batch, threads, Kernels.selected())) {
                e.lossGradient(z, batch, gaussian(lattice), phi, logDet, new double[batch], grad);
                float[] back = new float[v * batch];
                double[] inverseLogDet = new double[batch];
                e.inverse(phi, batch, back, inverseLogDet);
                for (int i = 0; i < back.length; i++) assertEquals(z[i], back[i], 1e-4, "site·lane " + i);
                for (int b = 0; b < batch; b++) assertEquals(logDet[b], inverseLogDet[b], 1e-3, "lane " + b);
            }
            grads[threads - 1] = grad;
        }
        assertTrue(grads[0][7] != 0f && grads[0][0] != 0f);
        assertArrayEquals(grads[0], grads[1]);
        assertArrayEquals(grads[0], grads[2]);
    }
}
