package io.github.gomaflow.nn.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels ({@code jdk.incubator.vector}): lanes run over the batch index, so every
 * stencil tap is one contiguous vector load. Convolutions keep up to 8 output-channel accumulators
 * in registers across all C_in·T taps (register blocking, KERNEL-NOTES rule 5); weight gradients keep
 * 9 taps × 2 output channels of accumulators and reduce the lanes once per block (rule 4).
 * Loaded reflectively by {@link Kernels} only when the module is present.
 *
 * <p>Generated structure (one method per block size) keeps each method small enough to inline
 * and compile well (rule 7).
 */
final class VectorKernels implements FlowKernels {
    static final VectorSpecies<Float> SP = FloatVector.SPECIES_PREFERRED;
    private static final int L = SP.length();
    private static final FloatVector ZERO = FloatVector.zero(SP);
    private static final FloatVector ONE = FloatVector.broadcast(SP, 1f);
    private static final FloatVector NEG_LN2_HI = FloatVector.broadcast(SP, -FloatMath.LN2_HI);
    private static final FloatVector NEG_LN2_LO = FloatVector.broadcast(SP, -FloatMath.LN2_LO);
    private static final FloatVector SLOPE = FloatVector.broadcast(SP, LEAKY_SLOPE);

    @Override public String name() { return "vector"; }

    @Override public int laneMultiple() { return L; }

    @Override
    public void convolve(float[] in, int cin, float[] wp, float[] bias, float[] out, int cout, int cs,
                         int[] nbr, int taps, int[] sites, int nSites, int stride, int mode, float[] act) {
        int co0 = 0;
        for (; co0 + 8 <= cout; co0 += 8) conv8(in, cin, wp, bias, out, cout, co0, cs, nbr, taps, sites, nSites, stride, mode, act);
        if (co0 + 4 <= cout) { conv4(in, cin, wp, bias, out, cout, co0, cs, nbr, taps, sites, nSites, stride, mode, act); co0 += 4; }
        if (co0 + 2 <= cout) { conv2(in, cin, wp, bias, out, cout, co0, cs, nbr, taps, sites, nSites, stride, mode, act); co0 += 2; }
        if (co0 < cout) conv1(in, cin, wp, bias, out, cout, co0, cs, nbr, taps, sites, nSites, stride, mode, act);
    }

    private static void store(FloatVector a, float[] out, int o, int mode, float[] act) {
        FloatVector r = switch (mode) {
            case LEAKY_RELU -> a.max(a.mul(LEAKY_SLOPE));
            case TANH -> tanh(a);
            case TIMES_LEAKY_DERIVATIVE -> a.mul(SLOPE.blend(ONE, FloatVector.fromArray(SP, act, o).compare(VectorOperators.GT, 0f)));
            default -> a;
        };
        r.intoArray(out, o);
    }

    private static void conv8(float[] in, int cin, float[] wp, float[] bias, float[] out, int cout, int co0, int cs,
                              int[] nbr, int taps, int[] sites, int nSites, int stride, int mode, float[] act) {
        for (int si = 0; si < nSites; si++) {
            int site = sites[si];
            int nb = site * taps;
            for (int b = 0; b < stride; b += L) {
                FloatVector a0 = bias == null ? ZERO : FloatVector.broadcast(SP, bias[co0 + 0]);
                FloatVector a1 = bias == null ? ZERO : FloatVector.broadcast(SP, bias[co0 + 1]);
                FloatVector a2 = bias == null ? ZERO : FloatVector.broadcast(SP, bias[co0 + 2]);
                FloatVector a3 = bias == null ? ZERO : FloatVector.broadcast(SP, bias[co0 + 3]);
                FloatVector a4 = bias == null ? ZERO : FloatVector.broadcast(SP, bias[co0 + 4]);
                FloatVector a5 = bias == null ? ZERO : FloatVector.broadcast(SP, bias[co0 + 5]);
                FloatVector a6 = bias == null ? ZERO : FloatVector.broadcast(SP, bias[co0 + 6]);
                FloatVector a7 = bias == null ? ZERO : FloatVector.broadcast(SP, bias[co0 + 7]);
                for (int ci = 0; ci < cin; ci++) {
                    int ib = ci * cs + b;
                    int wb = ci * taps * cout + co0;
                    for (int tap = 0; tap < taps; tap++) {
                        FloatVector x = FloatVector.fromArray(SP, in, ib + nbr[nb + tap]);
                        int w = wb + tap * cout;
                        a0 = FloatVector.broadcast(SP, wp[w + 0]).fma(x, a0);
                        a1 = FloatVector.broadcast(SP, wp[w + 1]).fma(x, a1);
                        a2 = FloatVector.broadcast(SP, wp[w + 2]).fma(x, a2);
                        a3 = FloatVector.broadcast(SP, wp[w + 3]).fma(x, a3);
                        a4 = FloatVector.broadcast(SP, wp[w + 4]).fma(x, a4);
                        a5 = FloatVector.broadcast(SP, wp[w + 5]).fma(x, a5);
                        a6 = FloatVector.broadcast(SP, wp[w + 6]).fma(x, a6);
                        a7 = FloatVector.broadcast(SP, wp[w + 7]).fma(x, a7);
                    }
                }
                int o = co0 * cs + site * stride + b;
                store(a0, out, o + 0 * cs, mode, act);
                store(a1, out, o + 1 * cs, mode, act);
                store(a2, out, o + 2 * cs, mode, act);
                store(a3, out, o + 3 * cs, mode, act);
                store(a4, out, o + 4 * cs, mode, act);
                store(a5, out, o + 5 * cs, mode, act);
                store(a6, out, o + 6 * cs, mode, act);
                store(a7, out, o + 7 * cs, mode, act);
            }
        }
    }

    private static void conv4(float[] in, int cin, float[] wp, float[] bias, float[] out, int cout, int co0, int cs,
                              int[] nbr, int taps, int[] sites, int nSites, int stride, int mode, float[] act) {
        for (int si = 0; si < nSites; si++) {
            int site = sites[si];
            int nb = site * taps;
            for (int b = 0; b < stride; b += L) {
                FloatVector a0 = bias == null ? ZERO : FloatVector.broadcast(SP, bias[co0 + 0]);
                FloatVector a1 = bias == null ? ZERO : FloatVector.broadcast(SP, bias[co0 + 1]);
                FloatVector a2 = bias == null ? ZERO : FloatVector.broadcast(SP, bias[co0 + 2]);
                FloatVector a3 = bias == null ? ZERO : FloatVector.broadcast(SP, bias[co0 + 3]);
                for (int ci = 0; ci < cin; ci++) {
                    int ib = ci * cs + b;
                    int wb = ci * taps * cout + co0;
                    for (int tap = 0; tap < taps; tap++) {
                        FloatVector x = FloatVector.fromArray(SP, in, ib + nbr[nb + tap]);
                        int w = wb + tap * cout;
                        a0 = FloatVector.broadcast(SP, wp[w + 0]).fma(x, a0);
                        a1 = FloatVector.broadcast(SP, wp[w + 1]).fma(x, a1);
                        a2 = FloatVector.broadcast(SP, wp[w + 2]).fma(x, a2);
                        a3 = FloatVector.broadcast(SP, wp[w + 3]).fma(x, a3);
                    }
                }
                int o = co0 * cs + site * stride + b;
                store(a0, out, o + 0 * cs, mode, act);
                store(a1, out, o + 1 * cs, mode, act);
                store(a2, out, o + 2 * cs, mode, act);
                store(a3, out, o + 3 * cs, mode, act);
            }
        }
    }

    private static void conv2(float[] in, int cin, float[] wp, float[] bias, float[] out, int cout, int co0, int cs,
                              int[] nbr, int taps, int[] sites, int nSites, int stride, int mode, float[] act) {
        for (int si = 0; si < nSites; si++) {
            int site = sites[si];
            int nb = site * taps;
            for (int b = 0; b < stride; b += L) {
                FloatVector a0 = bias == null ? ZERO : FloatVector.broadcast(SP, bias[co0 + 0]);
                FloatVector a1 = bias == null ? ZERO : FloatVector.broadcast(SP, bias[co0 + 1]);
                for (int ci = 0; ci < cin; ci++) {
                    int ib = ci * cs + b;
                    int wb = ci * taps * cout + co0;
                    for (int tap = 0; tap < taps; tap++) {
                        FloatVector x = FloatVector.fromArray(SP, in, ib + nbr[nb + tap]);
                        int w = wb + tap * cout;
                        a0 = FloatVector.broadcast(SP, wp[w + 0]).fma(x, a0);
                        a1 = FloatVector.broadcast(SP, wp[w + 1]).fma(x, a1);
                    }
                }
                int o = co0 * cs + site * stride + b;
                store(a0, out, o + 0 * cs, mode, act);
                store(a1, out, o + 1 * cs, mode, act);
            }
        }
    }

    private static void conv1(float[] in, int cin, float[] wp, float[] bias, float[] out, int cout, int co0, int cs,
                              int[] nbr, int taps, int[] sites, int nSites, int stride, int mode, float[] act) {
        for (int si = 0; si < nSites; si++) {
            int site = sites[si];
            int nb = site * taps;
            for (int b = 0; b < stride; b += L) {
                FloatVector a0 = bias == null ? ZERO : FloatVector.broadcast(SP, bias[co0 + 0]);
                for (int ci = 0; ci < cin; ci++) {
                    int ib = ci * cs + b;
                    int wb = ci * taps * cout + co0;
                    for (int tap = 0; tap < taps; tap++) {
                        FloatVector x = FloatVector.fromArray(SP, in, ib + nbr[nb + tap]);
                        int w = wb + tap * cout;
                        a0 = FloatVector.broadcast(SP, wp[w + 0]).fma(x, a0);
                    }
                }
                int o = co0 * cs + site * stride + b;
                store(a0, out, o + 0 * cs, mode, act);
            }
        }
    }

    /** Taps in blocks of 9 × output channels in pairs, 18 accumulators; clamped indices pad the last blocks. */
    @Override
    public void weightGradient(float[] dOut, int cout, float[] in, int cin, int cs, int[] nbr, int taps,
                               int[] sites, int nSites, int stride, float[] grad, int wOff, int bOff) {
        biasGradient(dOut, cout, cs, sites, nSites, stride, grad, bOff);
        for (int co0 = 0; co0 < cout; co0 += 2) {
            int c1 = Math.min(co0 + 1, cout - 1);
            for (int ci = 0; ci < cin; ci++) {
                for (int t0 = 0; t0 < taps; t0 += 9) {
                    weightBlock(dOut, co0, c1, in, ci, cin, cs, nbr, taps, t0, sites, nSites, stride, grad, wOff);
                }
            }
        }
    }

    private static void weightBlock(float[] dOut, int co0, int c1, float[] in, int ci, int cin, int cs, int[] nbr, int taps,
                                    int t0, int[] sites, int nSites, int stride, float[] grad, int wOff) {
                int k0 = Math.min(t0 + 0, taps - 1);
                int k1 = Math.min(t0 + 1, taps - 1);
                int k2 = Math.min(t0 + 2, taps - 1);
                int k3 = Math.min(t0 + 3, taps - 1);
                int k4 = Math.min(t0 + 4, taps - 1);
                int k5 = Math.min(t0 + 5, taps - 1);
                int k6 = Math.min(t0 + 6, taps - 1);
                int k7 = Math.min(t0 + 7, taps - 1);
                int k8 = Math.min(t0 + 8, taps - 1);
                FloatVector p0 = ZERO, q0 = ZERO;
                FloatVector p1 = ZERO, q1 = ZERO;
                FloatVector p2 = ZERO, q2 = ZERO;
                FloatVector p3 = ZERO, q3 = ZERO;
                FloatVector p4 = ZERO, q4 = ZERO;
                FloatVector p5 = ZERO, q5 = ZERO;
                FloatVector p6 = ZERO, q6 = ZERO;
                FloatVector p7 = ZERO, q7 = ZERO;
                FloatVector p8 = ZERO, q8 = ZERO;
                for (int si = 0; si < nSites; si++) {
                    int site = sites[si];
                    int nb = site * taps;
                    for (int b = 0; b < stride; b += L) {
                        FloatVector d0 = FloatVector.fromArray(SP, dOut, co0 * cs + site * stride + b);
                        FloatVector d1 = FloatVector.fromArray(SP, dOut, c1 * cs + site * stride + b);
                        int ib = ci * cs + b;
                        FloatVector x;
                        x = FloatVector.fromArray(SP, in, ib + nbr[nb + k0]); p0 = x.fma(d0, p0); q0 = x.fma(d1, q0);
                        x = FloatVector.fromArray(SP, in, ib + nbr[nb + k1]); p1 = x.fma(d0, p1); q1 = x.fma(d1, q1);
                        x = FloatVector.fromArray(SP, in, ib + nbr[nb + k2]); p2 = x.fma(d0, p2); q2 = x.fma(d1, q2);
                        x = FloatVector.fromArray(SP, in, ib + nbr[nb + k3]); p3 = x.fma(d0, p3); q3 = x.fma(d1, q3);
                        x = FloatVector.fromArray(SP, in, ib + nbr[nb + k4]); p4 = x.fma(d0, p4); q4 = x.fma(d1, q4);
                        x = FloatVector.fromArray(SP, in, ib + nbr[nb + k5]); p5 = x.fma(d0, p5); q5 = x.fma(d1, q5);
                        x = FloatVector.fromArray(SP, in, ib + nbr[nb + k6]); p6 = x.fma(d0, p6); q6 = x.fma(d1, q6);
                        x = FloatVector.fromArray(SP, in, ib + nbr[nb + k7]); p7 = x.fma(d0, p7); q7 = x.fma(d1, q7);
                        x = FloatVector.fromArray(SP, in, ib + nbr[nb + k8]); p8 = x.fma(d0, p8); q8 = x.fma(d1, q8);
                    }
                }
                int nt = Math.min(9, taps - t0);
                int g0 = wOff + (co0 * cin + ci) * taps + t0;
                int g1 = wOff + (c1 * cin + ci) * taps + t0;
                if (0 < nt) { grad[g0 + 0] += sum(p0); if (c1 != co0) grad[g1 + 0] += sum(q0); }
                if (1 < nt) { grad[g0 + 1] += sum(p1); if (c1 != co0) grad[g1 + 1] += sum(q1); }
                if (2 < nt) { grad[g0 + 2] += sum(p2); if (c1 != co0) grad[g1 + 2] += sum(q2); }
                if (3 < nt) { grad[g0 + 3] += sum(p3); if (c1 != co0) grad[g1 + 3] += sum(q3); }
                if (4 < nt) { grad[g0 + 4] += sum(p4); if (c1 != co0) grad[g1 + 4] += sum(q4); }
                if (5 < nt) { grad[g0 + 5] += sum(p5); if (c1 != co0) grad[g1 + 5] += sum(q5); }
                if (6 < nt) { grad[g0 + 6] += sum(p6); if (c1 != co0) grad[g1 + 6] += sum(q6); }
                if (7 < nt) { grad[g0 + 7] += sum(p7); if (c1 != co0) grad[g1 + 7] += sum(q7); }
                if (8 < nt) { grad[g0 + 8] += sum(p8); if (c1 != co0) grad[g1 + 8] += sum(q8); }
    }

    private static void biasGradient(float[] dOut, int cout, int cs, int[] sites, int nSites, int stride, float[] grad, int bOff) {
        for (int co = 0; co < cout; co++) {
            FloatVector acc = ZERO;
            for (int si = 0; si < nSites; si++) {
                int o = co * cs + sites[si] * stride;
                for (int b = 0; b < stride; b += L) acc = acc.add(FloatVector.fromArray(SP, dOut, o + b));
            }
            grad[bOff + co] += sum(acc);
        }
    }

    @Override
    public void couplingForward(float[] phi, float[] st, int cs, int[] sites, int nSites, int stride, float[] logDet) {
        for (int si = 0; si < nSites; si++) {
            int o = sites[si] * stride;
            for (int b = 0; b < stride; b += L) {
                FloatVector s = FloatVector.fromArray(SP, st, o + b);
                FloatVector t = FloatVector.fromArray(SP, st, cs + o + b);
                FloatVector p = FloatVector.fromArray(SP, phi, o + b);
                p.fma(exp(s), t).intoArray(phi, o + b);
                FloatVector.fromArray(SP, logDet, b).add(s).intoArray(logDet, b);
            }
        }
    }

    @Override
    public void couplingInverse(float[] phi, float[] st, int cs, int[] sites, int nSites, int stride, float[] logDet) {
        for (int si = 0; si < nSites; si++) {
            int o = sites[si] * stride;
            for (int b = 0; b < stride; b += L) {
                FloatVector s = FloatVector.fromArray(SP, st, o + b);
                FloatVector t = FloatVector.fromArray(SP, st, cs + o + b);
                FloatVector p = FloatVector.fromArray(SP, phi, o + b);
                p.sub(t).mul(exp(s.neg())).intoArray(phi, o + b);
                FloatVector.fromArray(SP, logDet, b).add(s).intoArray(logDet, b);
            }
        }
    }

    @Override
    public void couplingBackward(float[] g, float[] phiIn, float[] st, float[] dSt, int cs, float[] dLogDet,
                                 boolean tanh, int[] sites, int nSites, int stride) {
        for (int si = 0; si < nSites; si++) {
            int o = sites[si] * stride;
            for (int b = 0; b < stride; b += L) {
                FloatVector s = FloatVector.fromArray(SP, st, o + b);
                FloatVector t = FloatVector.fromArray(SP, st, cs + o + b);
                FloatVector gi = FloatVector.fromArray(SP, g, o + b);
                FloatVector ge = gi.mul(exp(s));
                FloatVector ds = ge.fma(FloatVector.fromArray(SP, phiIn, o + b), FloatVector.fromArray(SP, dLogDet, b));
                ds.mul(derivative(s, tanh)).intoArray(dSt, o + b);
                gi.mul(derivative(t, tanh)).intoArray(dSt, cs + o + b);
                ge.intoArray(g, o + b);
            }
        }
    }

    /** Sum of the lanes in lane order, so compiled and interpreted code agree bit for bit. */
    private static float sum(FloatVector v) {
        float s = 0f;
        for (int i = 0; i < L; i++) s += v.lane(i);
        return s;
    }

    /** {@link FloatMath#exp} lane-wise, the same operations in the same order. */
    static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(FloatMath.MIN_X).min(FloatMath.MAX_X);
        FloatVector t = xc.mul(FloatMath.LOG2E).add(FloatMath.ROUND);
        FloatVector n = t.sub(FloatMath.ROUND);
        FloatVector r = n.fma(NEG_LN2_HI, xc);
        r = n.fma(NEG_LN2_LO, r);
        FloatVector p = FloatVector.broadcast(SP, FloatMath.POLY[0]);
        for (int i = 1; i < FloatMath.POLY.length; i++) p = p.fma(r, FloatVector.broadcast(SP, FloatMath.POLY[i]));
        IntVector bits = (IntVector) t.reinterpretAsInts();
        FloatVector scale = bits.sub(FloatMath.ROUND_BITS - 127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(scale);
    }

    /** {@link FloatMath#tanh} lane-wise. */
    static FloatVector tanh(FloatVector x) {
        FloatVector e = exp(x.abs().mul(-2f));
        FloatVector y = ONE.sub(e).div(ONE.add(e));
        return y.blend(y.neg(), x.compare(VectorOperators.LT, 0f));
    }

    private static FloatVector derivative(FloatVector y, boolean tanh) {
        return tanh ? y.fma(y.neg(), ONE) : SLOPE.blend(ONE, y.compare(VectorOperators.GT, 0f));
    }

    @Override
    public void addSites(float[] dst, float[] src, int[] sites, int nSites, int stride) {
        for (int si = 0; si < nSites; si++) {
            int o = sites[si] * stride;
            for (int b = 0; b < stride; b += L) {
                FloatVector.fromArray(SP, dst, o + b).add(FloatVector.fromArray(SP, src, o + b)).intoArray(dst, o + b);
            }
        }
    }
}
