package io.github.gomaflow.nn.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.lattice.Lattice;
import io.github.gomaflow.nn.Stencil;
import io.github.gomaflow.rng.Streams;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each kernel of both implementations against naive double loops written with lattice
 * coordinates (independent of {@link Stencil}), on random data.
 */
class FlowKernelsTest {
    private static final double TOL = 2e-6;

    static FlowKernels impl(String name) {
        return name.equals("vector") ? Kernels.vector() : Kernels.scalar();
    }

    /** (lattice, k) cases: d = 1…4, non-square, k = 1, 3, 5. */
    static final Object[][] CASES = {
        {new Lattice(6), 3}, {new Lattice(8), 5}, {new Lattice(4, 6), 3}, {new Lattice(6, 4), 5},
        {new Lattice(4, 2), 1}, {new Lattice(2, 4, 6), 3}, {new Lattice(4, 4, 2, 2), 3}, {new Lattice(2, 2, 2, 4), 1},
    };

    static float[] random(RandomGenerator rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rng.nextDouble(-1, 1);
        return a;
    }

    static int taps(Lattice lat, int k) {
        int t = 1;
        for (int mu = 0; mu < lat.dimension(); mu++) t *= k;
        return t;
    }

    /** Site x + offset(tap), offsets lexicographic in {−r…r}^d with direction 0 slowest. */
    static int shifted(Lattice lat, int k, int site, int tap, int sign) {
        int d = lat.dimension();
        int[] x = new int[d];
        lat.coordinates(site, x);
        int rest = tap;
        for (int mu = d - 1; mu >= 0; mu--) {
            x[mu] += sign * (rest % k - k / 2);
            rest /= k;
        }
        return lat.site(x);
    }

    /** Weights in model layout W[co][ci][tap] → packed [(ci·T+tap)·cout+co]. */
    static float[] pack(float[] w, int cout, int cin, int t) {
        float[] p = new float[w.length];
        for (int co = 0; co < cout; co++) {
            for (int ci = 0; ci < cin; ci++) {
                for (int tap = 0; tap < t; tap++) p[(ci * t + tap) * cout + co] = w[(co * cin + ci) * t + tap];
            }
        }
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"vector", "scalar"})
    void convolutionMatchesNaiveLoops(String name) {
        FlowKernels k = impl(name);
        RandomGenerator rng = Streams.stream(1, "kernel-test");
        int checked = 0;
        for (Object[] c : CASES) {
            Lattice lat = (Lattice) c[0];
            int ks = (Integer) c[1];
            int t = taps(lat, ks);
            int v = lat.volume();
            int stride = k.laneMultiple() == 1 ? 5 : k.laneMultiple();
            Stencil st = new Stencil(lat, ks, stride);
            int cs = v * stride + 5;
            int[] all = Stencil.allSites(lat);
            int[][] nb = new int[v][t];
            for (int site = 0; site < v; site++) for (int tap = 0; tap < t; tap++) nb[site][tap] = shifted(lat, ks, site, tap, 1);
            for (int cin : new int[] {1, 3, 8}) {
                for (int cout : new int[] {1, 2, 7, 13}) {
                    float[] in = random(rng, cin * cs);
                    float[] w = random(rng, cout * cin * t);
                    float[] bias = random(rng, cout);
                    float[] act = random(rng, cout * cs);
                    // cycling the output mode over the 12 channel combinations covers each of the 5 modes per case
                    for (int mode = (cin + cout) % 5, once = 0; once < 1; once++) {
                        float[] out = new float[cout * cs];
                        k.convolve(in, cin, pack(w, cout, cin, t), mode == 3 ? null : bias, out, cout, cs,
                                st.forward(), t, all, v, stride, mode, act);
                        for (int co = 0; co < cout; co++) {
                            for (int site = 0; site < v; site++) {
                                for (int b = 0; b < stride; b++) {
                                    double acc = mode == 3 ? 0 : bias[co];
                                    for (int ci = 0; ci < cin; ci++) {
                                        for (int tap = 0; tap < t; tap++) {
                                            acc += (double) w[(co * cin + ci) * t + tap]
                                                    * in[ci * cs + nb[site][tap] * stride + b];
                                        }
                                    }
                                    int o = co * cs + site * stride + b;
                                    double want = switch (mode) {
                                        case FlowKernels.LEAKY_RELU -> acc > 0 ? acc : 0.01 * acc;
                                        case FlowKernels.TANH -> Math.tanh(acc);
                                        case FlowKernels.TIMES_LEAKY_DERIVATIVE -> acc * (act[o] > 0 ? 1 : 0.01);
                                        case FlowKernels.TIMES_TANH_DERIVATIVE -> acc * (1 - (double) act[o] * act[o]);
                                        default -> acc;
                                    };
                                    assertEquals(want, out[o], TOL * (1 + Math.abs(acc)) * Math.sqrt(cin * t),
                                            lat + " k=" + ks + " mode " + mode);
                                    checked++;
                                }
                            }
                        }
                    }
                }
            }
        }
        assertTrue(checked > 50_000, "checked " + checked);
    }

    @ParameterizedTest
    @ValueSource(strings = {"vector", "scalar"})
    void transposedTableGivesTheInputGradient(String name) {
        FlowKernels k = impl(name);
        RandomGenerator rng = Streams.stream(2, "kernel-test");
        for (Object[] c : CASES) {
            Lattice lat = (Lattice) c[0];
            int ks = (Integer) c[1];
            int t = taps(lat, ks);
            int v = lat.volume();
            int stride = k.laneMultiple();
            Stencil st = new Stencil(lat, ks, stride);
            int cs = v * stride;
            int cin = 3;
            int cout = 5;
            float[] dOut = random(rng, cout * cs);
            float[] w = random(rng, cout * cin * t);
            // transposed pack: input channels = cout, output channels = cin, wT[(co·T+tap)·cin+ci] = W[co][ci][tap]
            float[] wt = new float[w.length];
            for (int co = 0; co < cout; co++) {
                for (int ci = 0; ci < cin; ci++) {
                    for (int tap = 0; tap < t; tap++) wt[(co * t + tap) * cin + ci] = w[(co * cin + ci) * t + tap];
                }
            }
            float[] dIn = new float[cin * cs];
            k.convolve(dOut, cout, wt, null, dIn, cin, cs, st.transposed(), t, Stencil.allSites(lat), v, stride,
                    FlowKernels.LINEAR, null);
            // naive: dIn[ci](y) = Σ_x Σ_co Σ_tap [x + offset(tap) = y] W[co][ci][tap] dOut[co](x)
            double[] want = new double[cin * cs];
            for (int x = 0; x < v; x++) {
                for (int tap = 0; tap < t; tap++) {
                    int y = shifted(lat, ks, x, tap, 1);
                    for (int co = 0; co < cout; co++) {
                        for (int ci = 0; ci < cin; ci++) {
                            for (int b = 0; b < stride; b++) {
                                want[ci * cs + y * stride + b] += (double) w[(co * cin + ci) * t + tap] * dOut[co * cs + x * stride + b];
                            }
                        }
                    }
                }
            }
            for (int i = 0; i < want.length; i++) assertEquals(want[i], dIn[i], TOL * Math.sqrt(cout * t) * 4, lat + " dIn");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"vector", "scalar"})
    void weightGradientMatchesNaiveSums(String name) {
        FlowKernels k = impl(name);
        RandomGenerator rng = Streams.stream(3, "kernel-test");
        for (Object[] c : CASES) {
            Lattice lat = (Lattice) c[0];
            int ks = (Integer) c[1];
            int t = taps(lat, ks);
            int v = lat.volume();
            int stride = 2 * k.laneMultiple();
            Stencil st = new Stencil(lat, ks, stride);
            int cs = v * stride;
            int[] sites = lat.supportsCheckerboard() ? Stencil.sitesWithParity(lat, 1) : Stencil.allSites(lat);
            for (int[] shape : new int[][] {{1, 8}, {8, 8}, {8, 2}, {3, 5}}) {
                int cin = shape[0];
                int cout = shape[1];
                float[] dOut = random(rng, cout * cs);
                float[] in = random(rng, cin * cs);
                int wOff = 3;
                int bOff = wOff + cout * cin * t;
                float[] grad = random(rng, bOff + cout + 2);
                float[] before = grad.clone();
                k.weightGradient(dOut, cout, in, cin, cs, st.forward(), t, sites, sites.length, stride, grad, wOff, bOff,
                        new float[FlowKernels.SCRATCH_LANES * k.laneMultiple()]);
                for (int co = 0; co < cout; co++) {
                    double bsum = 0;
                    for (int site : sites) for (int b = 0; b < stride; b++) bsum += dOut[co * cs + site * stride + b];
                    assertEquals(before[bOff + co] + bsum, grad[bOff + co], 1e-5 * Math.sqrt(sites.length * stride), "bias");
                    for (int ci = 0; ci < cin; ci++) {
                        for (int tap = 0; tap < t; tap++) {
                            double sum = 0;
                            for (int site : sites) {
                                int y = shifted(lat, ks, site, tap, 1);
                                for (int b = 0; b < stride; b++) {
                                    sum += (double) dOut[co * cs + site * stride + b] * in[ci * cs + y * stride + b];
                                }
                            }
                            int i = wOff + (co * cin + ci) * t + tap;
                            assertEquals(before[i] + sum, grad[i], 1e-5 * Math.sqrt(sites.length * stride), lat + " dW");
                        }
                    }
                }
                assertEquals(before[0], grad[0]);
                assertEquals(before[grad.length - 1], grad[grad.length - 1]);
                // bOff < 0: a convolution without bias gets the same weight gradient and no bias entries
                float[] noBias = before.clone();
                k.weightGradient(dOut, cout, in, cin, cs, st.forward(), t, sites, sites.length, stride, noBias, wOff, -1,
                        new float[FlowKernels.SCRATCH_LANES * k.laneMultiple()]);
                for (int i = 0; i < grad.length; i++) {
                    boolean isBias = i >= bOff && i < bOff + cout;
                    assertEquals(isBias ? before[i] : grad[i], noBias[i], lat + " no-bias gradient at " + i);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"vector", "scalar"})
    void couplingForwardInverseAndBackward(String name) {
        FlowKernels k = impl(name);
        RandomGenerator rng = Streams.stream(4, "kernel-test");
        Lattice lat = new Lattice(4, 6);
        int v = lat.volume();
        int stride = 2 * k.laneMultiple();
        int cs = v * stride;
        int[] sites = Stencil.sitesWithParity(lat, 0);
        float[] phi = random(rng, cs);
        float[] st = random(rng, 2 * cs);
        float[] ld = random(rng, stride);
        float[] phi2 = phi.clone();
        float[] ld2 = ld.clone();
        k.couplingForward(phi2, st, cs, sites, sites.length, stride, ld2);
        float[] ldSum = new float[stride];
        for (int b = 0; b < stride; b++) {
            double want = ld[b];
            for (int site : sites) want += st[site * stride + b];
            assertEquals(want, ld2[b], 1e-5);
        }
        boolean[] active = new boolean[v];
        for (int site : sites) active[site] = true;
        for (int site = 0; site < v; site++) {
            for (int b = 0; b < stride; b++) {
                int o = site * stride + b;
                double want = active[site] ? phi[o] * Math.exp(st[o]) + st[cs + o] : phi[o];
                assertEquals(want, phi2[o], 1e-6 * (1 + Math.abs(want)));
            }
        }
        float[] back = phi2.clone();
        k.couplingInverse(back, st, cs, sites, sites.length, stride, ldSum);
        for (int i = 0; i < cs; i++) assertEquals(phi[i], back[i], 1e-6 * (1 + Math.abs(phi[i])));
        for (boolean tanh : new boolean[] {true, false}) {
            float[] g = random(rng, cs);
            float[] dLd = random(rng, stride);
            float[] gOut = g.clone();
            float[] dSt = new float[2 * cs];
            k.couplingBackward(gOut, phi, st, dSt, cs, dLd, tanh, sites, sites.length, stride);
            for (int site = 0; site < v; site++) {
                for (int b = 0; b < stride; b++) {
                    int o = site * stride + b;
                    double s = st[o];
                    double t = st[cs + o];
                    if (!active[site]) {
                        assertEquals(g[o], gOut[o]);
                        assertEquals(0f, dSt[o]);
                        continue;
                    }
                    double e = Math.exp(s);
                    double ds = (g[o] * phi[o] * e + dLd[b]) * (tanh ? 1 - s * s : s > 0 ? 1 : 0.01);
                    double dt = g[o] * (tanh ? 1 - t * t : t > 0 ? 1 : 0.01);
                    assertEquals(g[o] * e, gOut[o], 1e-6 * (1 + Math.abs(g[o] * e)));
                    assertEquals(ds, dSt[o], 1e-5 * (1 + Math.abs(ds)));
                    assertEquals(dt, dSt[cs + o], 1e-6 * (1 + Math.abs(dt)));
                }
            }
        }
        float[] dst = random(rng, cs);
        float[] src = random(rng, cs);
        float[] sum = dst.clone();
        k.addSites(sum, src, sites, sites.length, stride);
        for (int site = 0; site < v; site++) {
            for (int b = 0; b < stride; b++) {
                int o = site * stride + b;
                assertEquals(active[site] ? dst[o] + src[o] : dst[o], sum[o]);
            }
        }
    }

    /** Reverse mode of the inverse coupling x = (y − t)e^{−s}, log-det s, against its formula in double. */
    @ParameterizedTest
    @ValueSource(strings = {"vector", "scalar"})
    void couplingInverseBackwardMatchesItsFormula(String name) {
        FlowKernels k = impl(name);
        RandomGenerator rng = Streams.stream(5, "kernel-test");
        Lattice lat = new Lattice(4, 6);
        int v = lat.volume();
        int stride = 2 * k.laneMultiple();
        int cs = v * stride;
        int[] sites = Stencil.sitesWithParity(lat, 1);
        boolean[] active = new boolean[v];
        for (int site : sites) active[site] = true;
        float[] x = random(rng, cs);
        float[] st = random(rng, 2 * cs);
        int checked = 0;
        for (boolean tanh : new boolean[] {true, false}) {
            float[] g = random(rng, cs);
            float[] dLd = random(rng, stride);
            float[] gOut = g.clone();
            float[] dSt = new float[2 * cs];
            k.couplingInverseBackward(gOut, x, st, dSt, cs, dLd, tanh, sites, sites.length, stride);
            for (int site = 0; site < v; site++) {
                for (int b = 0; b < stride; b++) {
                    int o = site * stride + b;
                    if (!active[site]) {
                        assertEquals(g[o], gOut[o]);
                        assertEquals(0f, dSt[o]);
                        assertEquals(0f, dSt[cs + o]);
                        continue;
                    }
                    double s = st[o];
                    double t = st[cs + o];
                    double gy = g[o] * Math.exp(-s);
                    double ds = (dLd[b] - (double) g[o] * x[o]) * (tanh ? 1 - s * s : s > 0 ? 1 : 0.01);
                    double dt = -gy * (tanh ? 1 - t * t : t > 0 ? 1 : 0.01);
                    assertEquals(gy, gOut[o], 1e-6 * (1 + Math.abs(gy)));
                    assertEquals(ds, dSt[o], 1e-5 * (1 + Math.abs(ds)));
                    assertEquals(dt, dSt[cs + o], 1e-6 * (1 + Math.abs(dt)));
                    checked++;
                }
            }
        }
        assertEquals(2 * sites.length * stride, checked);
    }

    @Test
    void floatMathIsAccurateAndVectorLanesAreBitIdentical() {
        FlowKernels vk = Kernels.vector();
        int n = 4000;
        int s = vk.laneMultiple();
        int m = (n + s - 1) / s * s;
        float[] x = new float[m];
        for (int i = 0; i < m; i++) x[i] = -100f + 200f * i / m;
        // through the kernels: TANH mode of a 1×1 identity convolution, and the coupling's exp
        float[] out = new float[m];
        int[] nbr = new int[m / s];
        int[] sites = new int[m / s];
        for (int i = 0; i < sites.length; i++) { sites[i] = i; nbr[i] = i * s; }
        vk.convolve(x, 1, new float[] {1f}, null, out, 1, m, nbr, 1, sites, sites.length, s, FlowKernels.TANH, null);
        for (int i = 0; i < m; i++) {
            assertEquals(Float.floatToIntBits(FloatMath.tanh(x[i])), Float.floatToIntBits(out[i]), "tanh(" + x[i] + ")");
            assertEquals(Math.tanh(x[i]), FloatMath.tanh(x[i]), 2e-7);
            if (x[i] < 88f && x[i] > -87f) {
                double e = Math.exp(x[i]);
                assertEquals(e, FloatMath.exp(x[i]), 3e-7 * e, "exp(" + x[i] + ")");
            }
        }
        float[] phi = new float[m];
        java.util.Arrays.fill(phi, 1f);
        float[] st = new float[2 * m];
        for (int i = 0; i < m; i++) st[i] = x[i] / 20f;
        vk.couplingForward(phi, st, m, sites, sites.length, s, new float[s]);
        for (int i = 0; i < m; i++) assertEquals(Float.floatToIntBits(FloatMath.exp(st[i])), Float.floatToIntBits(phi[i]));
    }
}
