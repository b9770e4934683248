package io.github.gomaflow.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.config.ModelParams;
import io.github.gomaflow.lattice.Lattice;
import io.github.gomaflow.nn.kernel.Kernels;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Fourier base layer in the engine: its place in the layer list and parameter layout, odd symmetry
 * f(−z) = −f(z), the identity at σ = 1, the free-field start, inverse∘forward and bit-identical results for
 * any thread count (with couplings after it). Gradients and the numerical Jacobian are checked against the
 * double reference in {@code reference.FourierLayerReferenceTest}.
 */
class FourierLayerTest {
    static ModelParams spec(int nLayers) { return new ModelParams(2021, nLayers, List.of(4), 3, 1, 2, true, false, true, false); }

    @Test void layoutPutsTheOrbitWidthsLastAndTheLayerFirst() {
        Lattice lattice = new Lattice(8, 8);
        ParameterLayout with = new ParameterLayout(lattice, spec(2));
        ParameterLayout without = new ParameterLayout(lattice, new ModelParams(2021, 2, List.of(4), 3, 1, 2, true, false));
        assertEquals(without.totalParameterCount(), with.fourierOffset());
        assertEquals(with.fourierOffset() + 15, with.totalParameterCount());
        ParameterLayout.Tensor last = with.parameterTensors().get(with.parameterTensors().size() - 1);
        assertEquals("fourier.log_sigma", last.name());
        assertArrayEquals(new int[] {15}, last.shape());
        assertEquals(with.fourierOffset(), last.offset());
        FlowLayer[] layers = FlowModel.create(lattice, spec(2)).newLayers();
        assertEquals(3, layers.length);
        assertTrue(layers[0] instanceof FourierLayer && layers[1] instanceof AffineCoupling);
        assertThrows(IllegalArgumentException.class, () -> new ParameterLayout(2, spec(2)));
    }

    @Test void modelRulesForFourierBase() {
        // no couplings: allowed with the Fourier layer, on any extents
        assertEquals(3, FlowModel.create(new Lattice(5), spec(0)).parameterCount());
        assertThrows(BadInputException.class, () -> FlowModel.create(new Lattice(5), spec(1)));
        assertThrows(BadInputException.class,
                () -> FlowModel.create(new Lattice(4, 4), new ModelParams(1, 1, List.of(4), 3, 1, 2, true, true, true, false)));
        assertThrows(BadInputException.class,
                () -> FlowModel.create(new Lattice(4, 4), new ModelParams(1, 0, List.of(4), 3, 1, 2, true, false, false, false)));
    }

    @Test void initialWidthsAreTheFreeField() {
        Lattice lattice = new Lattice(4, 6);
        double m2 = 0.5;
        FlowModel m = FlowModel.create(lattice, spec(1), m2);
        FourierBasis b = m.layout().fourierBasis();
        int checked = 0;
        for (int k = 0; k < lattice.volume(); k++) {
            double sigma = Math.exp(m.parameters()[m.layout().fourierOffset() + b.orbit(k)]);
            assertEquals(1 / Math.sqrt(2 * (m2 + b.momentumSquared(k))), sigma, 1e-6, "mode " + k);
            checked++;
        }
        assertEquals(24, checked);
        // m² ≤ 0: σ = 1 (log σ = 0)
        FlowModel broken = FlowModel.create(lattice, spec(1), -4.0);
        for (int o = 0; o < b.orbitCount(); o++) assertEquals(0f, broken.parameters()[broken.layout().fourierOffset() + o]);
    }

    @Test void unitWidthsAreTheIdentityAndTheMapIsOdd() {
        Lattice lattice = new Lattice(3, 4, 5);
        int v = lattice.volume();
        int batch = 37;
        FlowModel m = FlowModel.create(lattice, spec(0));
        float[] z = FlowEngineTest.gaussian(v * batch, 3);
        float[] phi = new float[v * batch];
        double[] logDet = new double[batch];
        try (FlowEngine e = new FlowEngine(m, batch, 2)) {
            e.forward(z, batch, phi, logDet);
            for (int i = 0; i < z.length; i++) assertEquals(z[i], phi[i], 1e-5, "U·U = 1 at " + i);
            assertEquals(0.0, logDet[batch - 1]);
            float[] params = m.parameters();
            for (int o = 0; o < m.layout().fourierParameterCount(); o++) params[m.layout().fourierOffset() + o] = 0.1f * o - 0.3f;
            e.forward(z, batch, phi, logDet);
            float[] minusZ = z.clone();
            for (int i = 0; i < minusZ.length; i++) minusZ[i] = -minusZ[i];
            float[] phiMinus = new float[v * batch];
            double[] logDetMinus = new double[batch];
            e.forward(minusZ, batch, phiMinus, logDetMinus);
            boolean changed = false;
            for (int i = 0; i < z.length; i++) {
                assertEquals(-phi[i], phiMinus[i], "f(−z) = −f(z) exactly at " + i);
                changed |= Math.abs(phi[i] - z[i]) > 1e-2;
            }
            assertTrue(changed, "the widths changed the field");
            assertArrayEquals(logDet, logDetMinus);
        }
    }

    /**
     * The Fourier layer before Z2-equivariant couplings: the widths follow the Z2 stacks' segment, the
     * layer list is [Fourier, Z2 couplings…], and the whole flow stays exactly odd with equal log-dets.
     */
    @Test void beforeZ2CouplingsTheFlowStaysExactlyOdd() {
        Lattice lattice = new Lattice(4, 6);
        ModelParams both = new ModelParams(2021, 2, List.of(4), 3, 1, 2, true, false, true, true);
        FlowModel m = FlowModel.create(lattice, both, 0.5);
        ParameterLayout layout = m.layout();
        assertEquals(layout.z2Offset(0) + layout.z2ParameterCount(), layout.fourierOffset());
        assertEquals(layout.fourierOffset() + layout.fourierParameterCount(), m.parameterCount());
        FlowLayer[] layers = m.newLayers();
        assertTrue(layers[0] instanceof FourierLayer && layers[1] instanceof Z2AffineCoupling && layers.length == 3);
        int v = lattice.volume(), batch = 19;
        float[] z = FlowEngineTest.gaussian(v * batch, 11);
        float[] minusZ = z.clone();
        for (int i = 0; i < minusZ.length; i++) minusZ[i] = -minusZ[i];
        float[] phi = new float[v * batch], phiMinus = new float[v * batch];
        double[] logDet = new double[batch], logDetMinus = new double[batch];
        try (FlowEngine e = new FlowEngine(m, batch, 2)) {
            e.forward(z, batch, phi, logDet);
            e.forward(minusZ, batch, phiMinus, logDetMinus);
        }
        for (int i = 0; i < z.length; i++) assertEquals(-phi[i], phiMinus[i], "f(−z) = −f(z) exactly at " + i);
        assertArrayEquals(logDet, logDetMinus);
    }

    /** Fourier + two couplings: inverse∘forward, and the same bits for 1, 2 and 3 threads (vector and scalar kernels). */
    @Test void withCouplingsItInvertsAndIsThreadIndependent() {
        Lattice lattice = new Lattice(4, 6);
        int v = lattice.volume();
        int batch = 70;
        ScalarPhi4Action action = new ScalarPhi4Action(lattice, 0.5, 0.3);
        float[] z = FlowEngineTest.gaussian(v * batch, 8);
        for (var kernels : List.of(Kernels.vector(), Kernels.scalar())) {
            float[][] grads = new float[3][];
            float[][] phis = new float[3][];
            for (int threads = 1; threads <= 3; threads++) {
                FlowModel m = FlowModel.create(lattice, spec(2), 0.5);
                float[] phi = new float[v * batch];
                double[] logDet = new double[batch];
                float[] grad = new float[m.parameterCount()];
                try (FlowEngine e = new FlowEngine(m, batch, threads, kernels)) {
                    e.lossGradient(z, batch, action, phi, logDet, new double[batch], grad);
                    float[] back = new float[v * batch];
                    double[] inverseLogDet = new double[batch];
                    e.inverse(phi, batch, back, inverseLogDet);
                    for (int i = 0; i < back.length; i++) assertEquals(z[i], back[i], 1e-4, "site·lane " + i);
                    for (int b = 0; b < batch; b++) assertEquals(logDet[b], inverseLogDet[b], 1e-3, "lane " + b);
                }
                grads[threads - 1] = grad;
                phis[threads - 1] = phi;
            }
            int f0 = new ParameterLayout(lattice, spec(2)).fourierOffset();
            assertTrue(grads[0][f0] != 0f && grads[0][f0 + 3] != 0f && grads[0][0] != 0f);
            for (int t = 1; t < 3; t++) {
                assertArrayEquals(grads[0], grads[t], kernels.name() + " threads " + (t + 1));
                assertArrayEquals(phis[0], phis[t]);
            }
        }
    }
}
