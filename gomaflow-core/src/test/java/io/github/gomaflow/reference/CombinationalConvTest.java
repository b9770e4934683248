package io.github.gomaflow.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.config.CombinationalConv;
import io.github.gomaflow.config.ModelParams;
import io.github.gomaflow.flow.FlowEngine;
import io.github.gomaflow.flow.FlowModel;
import io.github.gomaflow.flow.ParameterLayout;
import io.github.gomaflow.lattice.Lattice;
import io.github.gomaflow.nn.kernel.FlowKernels;
import io.github.gomaflow.nn.kernel.Kernels;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * GomalizingFlow's combinational convolutions (2C1 … 4C3, with and without activation_last) as
 * every layer is tested: the double reference's hand-written gradient against finite differences,
 * its log-det against a numerical Jacobian, the float engine (vector and scalar kernels) against
 * the reference (φ, log-det, S, inverse, dL/dθ), thread-count independence, and the conditioner
 * against sub-convolutions written out in the test.
 */
class CombinationalConvTest {
    static final double FD_TOLERANCE = 1e-6;
    static final double FLOAT_TOLERANCE = 1e-5;
    static final int BATCH = 2;

    /** "dCk" with or without activation_last on a small lattice of dimension d (even extents, not all equal). */
    private static Lattice lattice(int d) {
        return switch (d) {
            case 2 -> new Lattice(4, 6);
            case 3 -> new Lattice(4, 2, 4);
            default -> new Lattice(2, 4, 2, 2);
        };
    }

    private static ModelParams spec(String name, int layers, List<Integer> hidden, boolean tanh) {
        boolean last = name.endsWith("_activation_last");
        int d = name.charAt(0) - '0';
        int k = name.charAt(2) - '0';
        return new ModelParams(2021, layers, hidden, 3, 1, 2, tanh, false, new CombinationalConv(d, k, last));
    }

    static final String[] ALL = {"2C1", "3C1", "3C2", "4C1", "4C2", "4C3", "2C1_activation_last",
        "3C1_activation_last", "3C2_activation_last", "4C1_activation_last", "4C2_activation_last",
        "4C3_activation_last"};

    @ParameterizedTest
    @ValueSource(strings = {"2C1", "3C1", "3C2", "4C1", "4C2", "4C3", "2C1_activation_last", "3C1_activation_last",
        "3C2_activation_last", "4C1_activation_last", "4C2_activation_last", "4C3_activation_last"})
    void referenceGradientMatchesFiniteDifferences(String name) {
        int d = name.charAt(0) - '0';
        Lattice lattice = lattice(d);
        // the leaky final activation on the 1-subset cases, tanh elsewhere
        ModelParams spec = spec(name, 2, List.of(d == 4 ? 2 : 3), name.charAt(2) != '1');
        ReferenceFlow flow = new ReferenceFlow(lattice, spec, FlowFixtures.randomParams(lattice, spec, 1.5, d * 10 + name.length()));
        double[] z = FlowFixtures.normalSample(lattice, BATCH, 4);
        ScalarPhi4Action action = new ScalarPhi4Action(lattice, -4.0, 8.0);
        GradientCheck.Result r = GradientCheck.parameters(flow, z, BATCH, action, 1e-3);
        assertEquals(new ParameterLayout(lattice, spec).subsetParameterCount(), r.checked());
        assertTrue(r.checked() > 0);
        assertTrue(r.maxRelError() <= FD_TOLERANCE, () -> name + ": " + r);
        GradientCheck.Result input = GradientCheck.input(flow, z, BATCH, action, 1e-3);
        assertTrue(input.maxRelError() <= FD_TOLERANCE, () -> name + " dL/dz: " + input);
    }

    @Test void referenceLogDetIsTheJacobianLogDet() {
        ReferenceFlowJacobianTest.check(new Lattice(4, 2), spec("2C1", 4, List.of(4), true), 36);
        ReferenceFlowJacobianTest.check(new Lattice(2, 4, 2), spec("3C2", 3, List.of(4), false), 32);
        ReferenceFlowJacobianTest.check(new Lattice(2, 2, 2), spec("3C1_activation_last", 3, List.of(4), true), 33);
        ReferenceFlowJacobianTest.check(new Lattice(2, 2, 2, 2), spec("4C3", 3, List.of(2), true), 37);
        ReferenceFlowJacobianTest.check(new Lattice(2, 2, 2, 2), spec("4C2_activation_last", 2, List.of(2), true), 35);
    }

    private static FlowKernels kernels(String name) { return name.equals("vector") ? Kernels.vector() : Kernels.scalar(); }

    private static double deviation(float[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < b.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
        return m;
    }

    private static double deviation(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < b.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
        return m;
    }

    /** Float engine against the double reference with the same parameters: φ, log-det, S, inverse, dL/dθ. */
    @ParameterizedTest
    @ValueSource(strings = {"vector", "scalar"})
    void engineMatchesTheDoubleReference(String impl) {
        for (String name : ALL) {
            int d = name.charAt(0) - '0';
            Lattice lattice = lattice(d);
            ModelParams spec = spec(name, 4, List.of(4, 3), !name.startsWith("2C1"));
            float[] params = ReferenceFlow.toFloat(FlowFixtures.randomParams(lattice, spec, 1.5, 7));
            int batch = 37; // two chunks, the second one short
            FlowModel model = FlowModel.withParameters(lattice, spec, params);
            ReferenceFlow ref = ReferenceFlow.fromFloat(lattice, spec, params);
            ScalarPhi4Action action = new ScalarPhi4Action(lattice, -4.0, 8.0);
            int n = lattice.volume() * batch;
            // a z for which no leaky-ReLU input of these models lies within float rounding of 0, where
            // float and double would take different slopes (z seed 8 puts one there for scalar 4C2)
            float[] z = ReferenceFlow.toFloat(FlowFixtures.normalSample(lattice, batch, 11));
            float[] phi = new float[n];
            float[] back = new float[n];
            double[] logDet = new double[batch];
            double[] logDetInverse = new double[batch];
            double[] s = new double[batch];
            float[] grad = new float[model.parameterCount()];
            try (FlowEngine e = new FlowEngine(model, batch, 2, kernels(impl))) {
                e.lossGradient(z, batch, action, phi, logDet, s, grad);
                e.inverse(phi, batch, back, logDetInverse);
            }
            double[] phiRef = new double[n];
            double[] logDetRef = new double[batch];
            double[] sRef = new double[batch];
            double[] gradRef = new double[ref.parameterCount()];
            ref.forward(ReferenceFlow.toDouble(z), batch, phiRef, logDetRef);
            action.action(phiRef, batch, sRef);
            ref.lossAndGradient(ReferenceFlow.toDouble(z), batch, action, gradRef, null);
            double scale = 0;
            for (double g : gradRef) scale = Math.max(scale, Math.abs(g));
            double dGrad = 0;
            for (int i = 0; i < grad.length; i++) dGrad = Math.max(dGrad, Math.abs(grad[i] - gradRef[i]) / scale);
            String what = impl + " " + name + ": ";
            assertTrue(scale > 1e-3, what + "gradient trivially small " + scale);
            assertTrue(deviation(phi, phiRef) <= FLOAT_TOLERANCE, what + "φ " + deviation(phi, phiRef));
            assertTrue(deviation(logDet, logDetRef) <= FLOAT_TOLERANCE, what + "logDet " + deviation(logDet, logDetRef));
            assertTrue(deviation(s, sRef) <= FLOAT_TOLERANCE, what + "S " + deviation(s, sRef));
            assertTrue(deviation(back, ReferenceFlow.toDouble(z)) <= FLOAT_TOLERANCE, what + "inverse z");
            assertTrue(deviation(logDetInverse, logDetRef) <= FLOAT_TOLERANCE, what + "inverse logDet");
            assertTrue(dGrad <= FLOAT_TOLERANCE, what + "dL/dθ " + dGrad + " of " + scale);
            assertTrue(deviation(phi, ReferenceFlow.toDouble(z)) > 0.1, what + "the flow left φ unchanged");
        }
    }

    @Test void oneTwoAndThreeThreadsGiveTheSameBits() {
        for (String name : new String[] {"3C2", "4C3_activation_last"}) {
            int d = name.charAt(0) - '0';
            Lattice lattice = d == 3 ? new Lattice(4, 4, 6) : new Lattice(4, 2, 4, 2);
            ModelParams spec = spec(name, 4, List.of(4), true);
            FlowModel model = FlowModel.create(lattice, spec);
            int batch = 70;
            float[] z = ReferenceFlow.toFloat(FlowFixtures.normalSample(lattice, batch, 12));
            float[][] grads = new float[3][];
            float[][] phis = new float[3][];
            for (int threads = 1; threads <= 3; threads++) {
                float[] phi = new float[z.length];
                float[] grad = new float[model.parameterCount()];
                try (FlowEngine e = new FlowEngine(model, batch, threads, Kernels.selected())) {
                    e.lossGradient(z, batch, new ScalarPhi4Action(lattice, -4.0, 8.0), phi, new double[batch],
                            new double[batch], grad);
                }
                grads[threads - 1] = grad;
                phis[threads - 1] = phi;
            }
            boolean nonZero = false;
            for (float g : grads[0]) nonZero |= g != 0f;
            assertTrue(nonZero, name);
            assertArrayEquals(grads[0], grads[1], name);
            assertArrayEquals(grads[0], grads[2], name);
            assertArrayEquals(phis[0], phis[2], name);
        }
    }

    /**
     * One coupling layer with a single convolution (channels [1, 2]) written out by hand: for each
     * subset S (listed literally) and output channel c, u_S[c](x) = b_S[c] + Σ_{o ∈ {−1,0,1}^S}
     * W_S[c][o]·(m⊙φ)(x + o); then (s, t) = mean_S tanh(u_S) or tanh(mean_S u_S), and
     * φ' = φ·e^s + t, log-det = Σ s on the sites of parity 0.
     */
    @Test void conditionerIsTheMeanOfSubConvolutionsWrittenOut() {
        Object[][] cases = {
            {"2C1", new int[][] {{0}, {1}}},
            {"3C1", new int[][] {{0}, {1}, {2}}},
            {"3C2_activation_last", new int[][] {{0, 1}, {0, 2}, {1, 2}}},
            {"3C2", new int[][] {{0, 1}, {0, 2}, {1, 2}}},
            {"4C2", new int[][] {{0, 1}, {0, 2}, {0, 3}, {1, 2}, {1, 3}, {2, 3}}},
            {"4C3_activation_last", new int[][] {{0, 1, 2}, {0, 1, 3}, {0, 2, 3}, {1, 2, 3}}},
        };
        for (Object[] c : cases) {
            String name = (String) c[0];
            int[][] subsets = (int[][]) c[1];
            int d = name.charAt(0) - '0';
            Lattice lattice = d == 2 ? new Lattice(6, 4) : d == 3 ? new Lattice(4, 6, 4) : new Lattice(4, 4, 2, 6);
            ModelParams spec = spec(name, 1, List.of(), true);
            ParameterLayout layout = new ParameterLayout(lattice, spec);
            float[] p = ReferenceFlow.toFloat(FlowFixtures.randomParams(lattice, spec, 2.0, 5));
            int batch = 3;
            int v = lattice.volume();
            float[] z = ReferenceFlow.toFloat(FlowFixtures.normalSample(lattice, batch, 6));
            float[] phi = new float[z.length];
            double[] logDet = new double[batch];
            try (FlowEngine e = new FlowEngine(FlowModel.withParameters(lattice, spec, p), batch, 1, Kernels.selected())) {
                e.forward(z, batch, phi, logDet);
            }
            byte[] parity = lattice.checkerboardParity();
            double[] x0 = new double[z.length];
            for (int site = 0; site < v; site++) {
                for (int b = 0; b < batch; b++) x0[site * batch + b] = parity[site] == 0 ? 0 : z[site * batch + b];
            }
            boolean last = name.endsWith("_activation_last");
            int n = subsets.length;
            double[] expectedLogDet = new double[batch];
            double maxDev = 0;
            for (int site = 0; site < v; site++) {
                for (int b = 0; b < batch; b++) {
                    double[] st = new double[2];
                    for (int ch = 0; ch < 2; ch++) {
                        double sum = 0;
                        for (int i = 0; i < n; i++) {
                            double u = subConvolution(lattice, layout, p, i, subsets[i], ch, x0, site, b, batch);
                            sum += last ? u / n : Math.tanh(u) / n;
                        }
                        st[ch] = last ? Math.tanh(sum) : sum;
                    }
                    int idx = site * batch + b;
                    double expected = parity[site] == 0 ? z[idx] * Math.exp(st[0]) + st[1] : z[idx];
                    if (parity[site] == 0) expectedLogDet[b] += st[0];
                    maxDev = Math.max(maxDev, Math.abs(phi[idx] - expected));
                }
            }
            assertTrue(maxDev <= FLOAT_TOLERANCE, name + ": φ' deviates by " + maxDev);
            for (int b = 0; b < batch; b++) {
                assertEquals(expectedLogDet[b], logDet[b], FLOAT_TOLERANCE * Math.max(1, Math.abs(expectedLogDet[b])), name);
            }
        }
    }

    /** u_S[ch](x) of sub-convolution i over directions S, offsets enumerated with S's first direction slowest. */
    private static double subConvolution(Lattice lattice, ParameterLayout layout, float[] p, int i, int[] dirs, int ch,
                                         double[] x0, int site, int b, int batch) {
        int k = dirs.length;
        int taps = (int) Math.pow(3, k);
        double u = p[layout.subsetBiasOffset(0, 0, i) + ch];
        int w0 = layout.subsetWeightOffset(0, 0, i) + ch * taps;
        for (int tap = 0; tap < taps; tap++) {
            int[] offset = new int[lattice.dimension()];
            int rest = tap;
            for (int a = k - 1; a >= 0; a--) {
                offset[dirs[a]] = rest % 3 - 1;
                rest /= 3;
            }
            int y = lattice.shiftTable(offset)[site];
            u += p[w0 + tap] * x0[y * batch + b];
        }
        return u;
    }

    /**
     * With the mean before the activation a combinational convolution is one full convolution with
     * weights (1/n) Σ_i W_i (each at its taps, built here from the taps' offsets) and bias (1/n) Σ_i b_i:
     * a 2-layer flow with hidden [3] gives the same φ and log-det as that full-convolution flow.
     */
    @Test void activationLastEqualsTheFullConvolutionOfTheMeanKernel() {
        for (String name : new String[] {"2C1_activation_last", "3C2_activation_last", "4C1_activation_last"}) {
            int d = name.charAt(0) - '0';
            Lattice lattice = lattice(d);
            ModelParams spec = spec(name, 2, List.of(3), true);
            ModelParams full = new ModelParams(2021, 2, List.of(3), 3, 1, 2, true, false);
            ParameterLayout ls = new ParameterLayout(lattice, spec);
            ParameterLayout lf = new ParameterLayout(lattice, full);
            float[] p = ReferenceFlow.toFloat(FlowFixtures.randomParams(lattice, spec, 1.5, 9));
            float[] q = new float[lf.totalParameterCount()];
            int n = ls.subsets().count();
            for (int l = 0; l < 2; l++) {
                for (int j = 0; j < ls.convolutions(); j++) {
                    int cin = ls.inChannels(j);
                    int cout = ls.outChannels(j);
                    for (int i = 0; i < n; i++) {
                        int[] dirs = ReferenceCombinationalCnn.subsets(d, ls.subsets().k()).get(i);
                        for (int tap = 0; tap < lf.taps(); tap++) {
                            int sub = subsetTap(lf.tapOffset(tap), dirs);
                            if (sub < 0) continue;
                            for (int co = 0; co < cout; co++) {
                                for (int ci = 0; ci < cin; ci++) {
                                    q[lf.weightIndex(l, j, co, ci, tap)] += p[ls.subsetWeightOffset(l, j, i)
                                            + (co * cin + ci) * ls.subsets().taps() + sub] / (float) n;
                                }
                            }
                        }
                        for (int co = 0; co < cout; co++) q[lf.biasOffset(l, j) + co] += p[ls.subsetBiasOffset(l, j, i) + co] / (float) n;
                    }
                }
            }
            int batch = 5;
            float[] z = ReferenceFlow.toFloat(FlowFixtures.normalSample(lattice, batch, 10));
            float[] phiSubsets = new float[z.length];
            float[] phiFull = new float[z.length];
            double[] ldSubsets = new double[batch];
            double[] ldFull = new double[batch];
            try (FlowEngine e = new FlowEngine(FlowModel.withParameters(lattice, spec, p), batch, 1, Kernels.selected())) {
                e.forward(z, batch, phiSubsets, ldSubsets);
            }
            try (FlowEngine e = new FlowEngine(FlowModel.withParameters(lattice, full, q), batch, 1, Kernels.selected())) {
                e.forward(z, batch, phiFull, ldFull);
            }
            assertTrue(deviation(phiSubsets, ReferenceFlow.toDouble(phiFull)) <= FLOAT_TOLERANCE, name);
            assertTrue(deviation(ldSubsets, ldFull) <= FLOAT_TOLERANCE, name);
            assertTrue(Math.abs(ldFull[0]) > 0.1, name + ": log-det too small to test");
        }
    }

    /** The index of a full tap's offset within a subset's k^k taps, or −1 if it leaves the subset. */
    private static int subsetTap(int[] offset, int[] dirs) {
        int sub = 0;
        int a = 0;
        for (int mu = 0; mu < offset.length; mu++) {
            if (a < dirs.length && dirs[a] == mu) {
                sub = sub * 3 + offset[mu] + 1;
                a++;
            } else if (offset[mu] != 0) {
                return -1;
            }
        }
        return sub;
    }
}
