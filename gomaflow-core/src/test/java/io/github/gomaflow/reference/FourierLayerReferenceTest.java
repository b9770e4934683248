package io.github.gomaflow.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.config.ModelParams;
import io.github.gomaflow.flow.FlowEngine;
import io.github.gomaflow.flow.FlowModel;
import io.github.gomaflow.flow.ParameterLayout;
import io.github.gomaflow.lattice.Lattice;
import io.github.gomaflow.nn.kernel.Kernels;
import io.github.gomaflow.rng.Streams;
import java.util.BitSet;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * The Fourier base layer (alone, and before coupling layers): the double reference's hand-written gradient
 * against finite differences (every log σ and every z), its log-det against the determinant of its numerical
 * Jacobian, and the float engine against the double reference (φ, log-det, inverse, dL/dθ), on tiny
 * lattices of d = 1…4 with odd and even extents.
 */
class FourierLayerReferenceTest {
    static final double FD_TOLERANCE = 1e-6;
    static final double VALUE_TOLERANCE = 2e-5;
    static final double GRADIENT_TOLERANCE = 2e-4;
    private static final double M2 = 0.7;
    private static final double LAMBDA = 0.4;

    /** Fourier alone on odd/mixed extents (any extents allowed); with couplings on even ones. */
    private static final int[][] ALONE = {{5}, {3, 4}, {3, 2, 3}, {2, 3, 2, 3}};
    private static final int[][] WITH_COUPLINGS = {{6}, {4, 4}, {4, 2, 2}, {2, 2, 2, 2}};

    static ModelParams spec(int nLayers, boolean fourier) {
        return new ModelParams(2021, nLayers, List.of(3), 3, 1, 2, true, false, fourier, false);
    }

    static double[] randomLogSigma(int n, long seed) {
        RandomGenerator rng = Streams.stream(seed, "test-log-sigma");
        double[] t = new double[n];
        for (int i = 0; i < n; i++) t[i] = rng.nextDouble(-0.6, 0.4);
        return t;
    }

    private static ReferenceFourier reference(Lattice lattice, int nLayers, long seed) {
        ReferenceFlow couplings = nLayers == 0 ? null
                : new ReferenceFlow(lattice, spec(nLayers, false), FlowFixtures.randomParams(lattice, spec(nLayers, false), 1.0, seed));
        int orbits = new ParameterLayout(lattice, spec(nLayers, true)).fourierParameterCount();
        return new ReferenceFourier(lattice, randomLogSigma(orbits, seed), couplings);
    }

    /** Fourth-order central difference of the loss in target[i], NaN if a step crosses a leaky-ReLU kink. */
    private static double difference(ReferenceFourier f, double[] z, int batch, ScalarPhi4Action a, double[] target, int i,
                                     double h, BitSet base) {
        double keep = target[i];
        double[] l = new double[4];
        double[] steps = {h, -h, 2 * h, -2 * h};
        BitSet signs = new BitSet();
        boolean kink = false;
        for (int k = 0; k < 4; k++) {
            target[i] = keep + steps[k];
            l[k] = f.loss(z, batch, a, signs);
            kink |= !signs.equals(base);
        }
        target[i] = keep;
        return kink ? Double.NaN : (8 * (l[0] - l[1]) - (l[2] - l[3])) / (12 * h);
    }

    private static int checkAgainstDifferences(ReferenceFourier f, double[] z, int batch, ScalarPhi4Action a,
                                               double[] target, double[] analytic, String what) {
        BitSet base = new BitSet();
        f.loss(z, batch, a, base);
        int checked = 0;
        for (int i = 0; i < target.length; i++) {
            double numeric = Double.NaN;
            for (double h = 1e-3; Double.isNaN(numeric) && h > 1e-7; h /= 8) {
                numeric = difference(f, z, batch, a, target, i, h, base);
            }
            double err = Math.abs(numeric - analytic[i]) / Math.max(Math.max(Math.abs(numeric), Math.abs(analytic[i])), 1e-8);
            assertTrue(err < FD_TOLERANCE, what + "[" + i + "]: analytic " + analytic[i] + ", numeric " + numeric);
            checked++;
        }
        return checked;
    }

    @Test void referenceGradientMatchesFiniteDifferences() {
        int checked = 0;
        for (int nLayers : new int[] {0, 2}) {
            for (int[] ext : nLayers == 0 ? ALONE : WITH_COUPLINGS) {
                Lattice lattice = new Lattice(ext);
                int batch = 3;
                ReferenceFourier f = reference(lattice, nLayers, 11 + ext.length);
                ScalarPhi4Action a = new ScalarPhi4Action(lattice, M2, LAMBDA);
                double[] z = FlowFixtures.normalSample(lattice, batch, 5);
                double[] gs = new double[f.logSigma().length];
                double[] gz = new double[z.length];
                double[] gc = new double[nLayers == 0 ? 0 : new ParameterLayout(lattice, spec(nLayers, false)).parameterCount()];
                f.lossAndGradient(z, batch, a, gs, gc, gz);
                checked += checkAgainstDifferences(f, z, batch, a, f.logSigma(), gs, "dL/dlogSigma " + lattice);
                checked += checkAgainstDifferences(f, z, batch, a, z, gz, "dL/dz " + lattice);
            }
        }
        assertTrue(checked > 300, "checked " + checked);
    }

    /** log|det J| by Gaussian elimination with partial pivoting. */
    static double logAbsDet(double[][] m) {
        int n = m.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) a[i] = m[i].clone();
        double s = 0;
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
            double[] t = a[c]; a[c] = a[p]; a[p] = t;
            s += Math.log(Math.abs(a[c][c]));
            for (int r = c + 1; r < n; r++) {
                double q = a[r][c] / a[c][c];
                for (int k = c; k < n; k++) a[r][k] -= q * a[c][k];
            }
        }
        return s;
    }

    /**
     * The layer's log-det against the determinant of its numerical Jacobian: central differences of the
     * double reference, and the float engine's columns f(e_i) (the map is linear, so those are exact up to
     * rounding).
     */
    @Test void logDetMatchesTheNumericalJacobian() {
        int checked = 0;
        for (int[] ext : ALONE) {
            Lattice lattice = new Lattice(ext);
            int v = lattice.volume();
            ReferenceFourier f = reference(lattice, 0, 3);
            double[][] jac = new double[v][v];
            double h = 1e-3;
            for (int i = 0; i < v; i++) {
                double[] zp = new double[v];
                double[] zm = new double[v];
                zp[i] = h;
                zm[i] = -h;
                double[] fp = f.fourierForward(zp, 1);
                double[] fm = f.fourierForward(zm, 1);
                for (int x = 0; x < v; x++) jac[x][i] = (fp[x] - fm[x]) / (2 * h);
            }
            assertEquals(f.logDet(), logAbsDet(jac), 1e-9, "reference " + lattice);

            FlowModel model = FlowModel.withParameters(lattice, spec(0, true), ReferenceFlow.toFloat(f.logSigma()));
            float[] unit = new float[v * v];
            for (int i = 0; i < v; i++) unit[i * v + i] = 1f; // z[site·B + b] = δ(site, b): lane b is e_b
            float[] phi = new float[v * v];
            double[] logDet = new double[v];
            try (FlowEngine e = new FlowEngine(model, v, 2)) {
                e.forward(unit, v, phi, logDet);
            }
            double[][] engineJac = new double[v][v];
            for (int x = 0; x < v; x++) for (int b = 0; b < v; b++) engineJac[x][b] = phi[x * v + b];
            assertEquals(logAbsDet(engineJac), logDet[0], 1e-4 * v, "engine " + lattice);
            assertEquals(f.logDet(), logDet[v - 1], 1e-5 * v, "engine vs reference " + lattice);
            checked++;
        }
        assertEquals(ALONE.length, checked);
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double x : a) m = Math.max(m, Math.abs(x));
        return m;
    }

    /** Float engine (vector and scalar kernels) against the double reference: φ, log-det, inverse, dL/dθ. */
    @Test void floatEngineMatchesTheDoubleReference() {
        int checked = 0;
        for (int nLayers : new int[] {0, 2}) {
            for (int[] ext : nLayers == 0 ? ALONE : WITH_COUPLINGS) {
                Lattice lattice = new Lattice(ext);
                int batch = 40; // two chunks, the second short
                ReferenceFourier f = reference(lattice, nLayers, 17);
                ModelParams spec = spec(nLayers, true);
                ParameterLayout layout = new ParameterLayout(lattice, spec);
                float[] params = new float[layout.totalParameterCount()];
                if (nLayers > 0) {
                    double[] c = FlowFixtures.randomParams(lattice, spec(nLayers, false), 1.0, 17);
                    for (int i = 0; i < c.length; i++) params[i] = (float) c[i];
                }
                for (int o = 0; o < f.logSigma().length; o++) params[layout.fourierOffset() + o] = (float) f.logSigma()[o];
                // the reference with exactly the float parameters
                ReferenceFlow couplings = nLayers == 0 ? null : ReferenceFlow.fromFloat(lattice, spec(nLayers, false),
                        java.util.Arrays.copyOf(params, layout.parameterCount()));
                double[] logSigma = new double[f.logSigma().length];
                for (int o = 0; o < logSigma.length; o++) logSigma[o] = params[layout.fourierOffset() + o];
                ReferenceFourier ref = new ReferenceFourier(lattice, logSigma, couplings);

                ScalarPhi4Action a = new ScalarPhi4Action(lattice, M2, LAMBDA);
                float[] z = ReferenceFlow.toFloat(FlowFixtures.normalSample(lattice, batch, 9));
                double[] zd = ReferenceFlow.toDouble(z);
                double[] gs = new double[logSigma.length];
                double[] gc = new double[layout.parameterCount()];
                double[] gz = new double[zd.length];
                ref.lossAndGradient(zd, batch, a, gs, gc, gz);
                double[] phiRef = ref.fourierForward(zd, batch);
                double[] logDetRef = new double[batch];
                java.util.Arrays.fill(logDetRef, ref.logDet());
                if (couplings != null) {
                    double[] out = new double[phiRef.length];
                    double[] ld = new double[batch];
                    couplings.forward(phiRef, batch, out, ld);
                    phiRef = out;
                    for (int b = 0; b < batch; b++) logDetRef[b] += ld[b];
                }
                double[] gradRef = new double[params.length];
                System.arraycopy(gc, 0, gradRef, 0, gc.length);
                System.arraycopy(gs, 0, gradRef, layout.fourierOffset(), gs.length);
                double gMax = maxAbs(gradRef);

                for (String impl : new String[] {"vector", "scalar"}) {
                    FlowModel model = FlowModel.withParameters(lattice, spec, params);
                    float[] phi = new float[z.length];
                    float[] back = new float[z.length];
                    double[] logDet = new double[batch];
                    double[] logDetInv = new double[batch];
                    float[] grad = new float[params.length];
                    try (FlowEngine e = new FlowEngine(model, batch, 2,
                            impl.equals("vector") ? Kernels.vector() : Kernels.scalar())) {
                        e.lossGradient(z, batch, a, phi, logDet, new double[batch], grad);
                        e.inverse(phi, batch, back, logDetInv);
                    }
                    String where = impl + " " + lattice + " n_layers=" + nLayers;
                    for (int i = 0; i < z.length; i++) {
                        assertEquals(phiRef[i], phi[i], VALUE_TOLERANCE * Math.max(1, Math.abs(phiRef[i])), where + " phi " + i);
                        assertEquals(z[i], back[i], 1e-4, where + " inverse " + i);
                    }
                    for (int b = 0; b < batch; b++) {
                        assertEquals(logDetRef[b], logDet[b], VALUE_TOLERANCE * Math.max(1, Math.abs(logDetRef[b])), where + " logDet");
                        assertEquals(logDet[b], logDetInv[b], 1e-4 * Math.max(1, Math.abs(logDet[b])), where + " inverse logDet");
                    }
                    for (int i = 0; i < grad.length; i++) {
                        assertEquals(gradRef[i], grad[i], GRADIENT_TOLERANCE * gMax, where + " dL/dtheta[" + i + "]");
                    }
                    checked++;
                }
            }
        }
        assertEquals(2 * (ALONE.length + WITH_COUPLINGS.length), checked);
    }
}
