package io.github.gomaflow.nn.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels ({@code jdk.incubator.vector}): lanes run over the batch index, so every
 * stencil tap is one contiguous vector load. Convolutions keep up to 8 output-channel accumulators
 * in registers across all C_in·T taps (register blocking, docs/ARCHITECTURE.md "Kernels"); weight gradients keep
 * 4 output channels × 3 taps (or 2 × 9) of accumulators and reduce the lanes once per block (rule 4).
 * Loaded reflectively by {@link Kernels} only when the module is present.
 *
 * <p>Written out per block size on purpose (conv8/4/2/1, exp inlined by hand): C2 only keeps
 * vectors in registers when every vector op is inlined and no vector flows through a phi together
 * with a constant or through a call; otherwise each op allocates a box (~1 GB per training step).
 * Results are bit-identical between interpreted and compiled code (no {@code EXP}/{@code TANH}
 * lanewise ops, no {@code reduceLanes}), which keeps runs reproducible while the JIT warms up.
 */
final class VectorKernels implements FlowKernels {
    static final VectorSpecies<Float> SP = FloatVector.SPECIES_PREFERRED;
    private static final int L = SP.length();

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

    /** tanh of channels [co0, co0+n) of one site, in memory (no vectors cross calls). */
    private static void finishTanh(float[] out, int co0, int n, int cs, int o0, int stride) {
        for (int k = 0; k < n; k++) tanh(out, (co0 + k) * cs + o0, stride);
    }

    /** {@link FloatMath#tanh} lane-wise: the same operations in the same order. */
    private static void tanh(float[] out, int o, int n) {
        for (int b = o; b < o + n; b += L) {
            FloatVector x = FloatVector.fromArray(SP, out, b);
            FloatVector hc = x.abs().mul(-2f).max(FloatMath.MIN_X).min(FloatMath.MAX_X);
            FloatVector ht = hc.mul(FloatMath.LOG2E).add(FloatMath.ROUND);
            FloatVector hn = ht.sub(FloatMath.ROUND);
            FloatVector hr = hn.fma(FloatVector.broadcast(SP, -FloatMath.LN2_HI), hc);
            hr = hn.fma(FloatVector.broadcast(SP, -FloatMath.LN2_LO), hr);
            FloatVector hp = hr.fma(FloatVector.broadcast(SP, FloatMath.P0), FloatVector.broadcast(SP, FloatMath.P1));
            hp = hp.fma(hr, FloatVector.broadcast(SP, FloatMath.P2));
            hp = hp.fma(hr, FloatVector.broadcast(SP, FloatMath.P3));
            hp = hp.fma(hr, FloatVector.broadcast(SP, FloatMath.P4));
            hp = hp.fma(hr, FloatVector.broadcast(SP, FloatMath.P5));
            hp = hp.fma(hr, FloatVector.broadcast(SP, FloatMath.P6));
            hp = hp.fma(hr, FloatVector.broadcast(SP, FloatMath.P7));
            FloatVector he = hp.mul(ht.reinterpretAsInts().sub(FloatMath.ROUND_BITS - 127)
                    .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
            FloatVector hy = he.neg().add(1f).div(he.add(1f));
            FloatVector y = hy.blend(hy.neg(), x.compare(VectorOperators.LT, 0f));
            y.intoArray(out, b);
        }
    }

    /** out ← out·(1 − act²) for channels [co0, co0+n) of one site, in memory (no vectors cross calls). */
    private static void finishTimesTanhDerivative(float[] out, float[] act, int co0, int n, int cs, int o0, int stride) {
        for (int k = 0; k < n; k++) {
            int o = (co0 + k) * cs + o0;
            for (int b = o; b < o + stride; b += L) {
                FloatVector y = FloatVector.fromArray(SP, act, b);
                FloatVector.fromArray(SP, out, b).mul(y.fma(y.neg(), FloatVector.broadcast(SP, 1f))).intoArray(out, b);
            }
        }
    }

    private static void timesLeakyDerivative(float[] out, float[] act, int o, int n) {
        for (int b = o; b < o + n; b += L) {
            FloatVector y = FloatVector.fromArray(SP, act, b);
            FloatVector slope = FloatVector.broadcast(SP, LEAKY_SLOPE).blend(1f, y.compare(VectorOperators.GT, 0f));
            FloatVector.fromArray(SP, out, b).mul(slope).intoArray(out, b);
        }
    }

    private static void conv8(float[] in, int cin, float[] wp, float[] bias, float[] out, int cout, int co0, int cs,
                              int[] nbr, int taps, int[] sites, int nSites, int stride, int mode, float[] act) {
        for (int si = 0; si < nSites; si++) {
            int site = sites[si];
            int nb = site * taps;
            for (int b = 0; b < stride; b += L) {
                FloatVector a0 = FloatVector.broadcast(SP, bias == null ? 0f : bias[co0 + 0]);
                FloatVector a1 = FloatVector.broadcast(SP, bias == null ? 0f : bias[co0 + 1]);
                FloatVector a2 = FloatVector.broadcast(SP, bias == null ? 0f : bias[co0 + 2]);
                FloatVector a3 = FloatVector.broadcast(SP, bias == null ? 0f : bias[co0 + 3]);
                FloatVector a4 = FloatVector.broadcast(SP, bias == null ? 0f : bias[co0 + 4]);
                FloatVector a5 = FloatVector.broadcast(SP, bias == null ? 0f : bias[co0 + 5]);
                FloatVector a6 = FloatVector.broadcast(SP, bias == null ? 0f : bias[co0 + 6]);
                FloatVector a7 = FloatVector.broadcast(SP, bias == null ? 0f : bias[co0 + 7]);
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
                // each branch consumes the accumulators itself: no vector phi, no boxing
                if (mode == LEAKY_RELU) {
                    a0.max(a0.mul(LEAKY_SLOPE)).intoArray(out, o + 0 * cs);
                    a1.max(a1.mul(LEAKY_SLOPE)).intoArray(out, o + 1 * cs);
                    a2.max(a2.mul(LEAKY_SLOPE)).intoArray(out, o + 2 * cs);
                    a3.max(a3.mul(LEAKY_SLOPE)).intoArray(out, o + 3 * cs);
                    a4.max(a4.mul(LEAKY_SLOPE)).intoArray(out, o + 4 * cs);
                    a5.max(a5.mul(LEAKY_SLOPE)).intoArray(out, o + 5 * cs);
                    a6.max(a6.mul(LEAKY_SLOPE)).intoArray(out, o + 6 * cs);
                    a7.max(a7.mul(LEAKY_SLOPE)).intoArray(out, o + 7 * cs);
                } else if (mode == TIMES_LEAKY_DERIVATIVE) {
                    FloatVector slope = FloatVector.broadcast(SP, LEAKY_SLOPE);
                    a0.mul(slope.blend(1f, FloatVector.fromArray(SP, act, o + 0 * cs).compare(VectorOperators.GT, 0f))).intoArray(out, o + 0 * cs);
                    a1.mul(slope.blend(1f, FloatVector.fromArray(SP, act, o + 1 * cs).compare(VectorOperators.GT, 0f))).intoArray(out, o + 1 * cs);
                    a2.mul(slope.blend(1f, FloatVector.fromArray(SP, act, o + 2 * cs).compare(VectorOperators.GT, 0f))).intoArray(out, o + 2 * cs);
                    a3.mul(slope.blend(1f, FloatVector.fromArray(SP, act, o + 3 * cs).compare(VectorOperators.GT, 0f))).intoArray(out, o + 3 * cs);
                    a4.mul(slope.blend(1f, FloatVector.fromArray(SP, act, o + 4 * cs).compare(VectorOperators.GT, 0f))).intoArray(out, o + 4 * cs);
                    a5.mul(slope.blend(1f, FloatVector.fromArray(SP, act, o + 5 * cs).compare(VectorOperators.GT, 0f))).intoArray(out, o + 5 * cs);
                    a6.mul(slope.blend(1f, FloatVector.fromArray(SP, act, o + 6 * cs).compare(VectorOperators.GT, 0f))).intoArray(out, o + 6 * cs);
                    a7.mul(slope.blend(1f, FloatVector.fromArray(SP, act, o + 7 * cs).compare(VectorOperators.GT, 0f))).intoArray(out, o + 7 * cs);
                } else {
                    a0.intoArray(out, o + 0 * cs);
                    a1.intoArray(out, o + 1 * cs);
                    a2.intoArray(out, o + 2 * cs);
                    a3.intoArray(out, o + 3 * cs);
                    a4.intoArray(out, o + 4 * cs);
                    a5.intoArray(out, o + 5 * cs);
                    a6.intoArray(out, o + 6 * cs);
                    a7.intoArray(out, o + 7 * cs);
                }
            }
            if (mode == TANH) finishTanh(out, co0, 8, cs, site * stride, stride);
            else if (mode == TIMES_TANH_DERIVATIVE) finishTimesTanhDerivative(out, act, co0, 8, cs, site * stride, stride);
        }
    }

    private static void conv4(float[] in, int cin, float[] wp, float[] bias, float[] out, int cout, int co0, int cs,
                              int[] nbr, int taps, int[] sites, int nSites, int stride, int mode, float[] act) {
        for (int si = 0; si < nSites; si++) {
            int site = sites[si];
            int nb = site * taps;
            for (int b = 0; b < stride; b += L) {
                FloatVector a0 = FloatVector.broadcast(SP, bias == null ? 0f : bias[co0 + 0]);
                FloatVector a1 = FloatVector.broadcast(SP, bias == null ? 0f : bias[co0 + 1]);
                FloatVector a2 = FloatVector.broadcast(SP, bias == null ? 0f : bias[co0 + 2]);
                FloatVector a3 = FloatVector.broadcast(SP, bias == null ? 0f : bias[co0 + 3]);
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
                // each branch consumes the accumulators itself: no vector phi, no boxing
                if (mode == LEAKY_RELU) {
                    a0.max(a0.mul(LEAKY_SLOPE)).intoArray(out, o + 0 * cs);
                    a1.max(a1.mul(LEAKY_SLOPE)).intoArray(out, o + 1 * cs);
                    a2.max(a2.mul(LEAKY_SLOPE)).intoArray(out, o + 2 * cs);
                    a3.max(a3.mul(LEAKY_SLOPE)).intoArray(out, o + 3 * cs);
                } else if (mode == TIMES_LEAKY_DERIVATIVE) {
                    FloatVector slope = FloatVector.broadcast(SP, LEAKY_SLOPE);
                    a0.mul(slope.blend(1f, FloatVector.fromArray(SP, act, o + 0 * cs).compare(VectorOperators.GT, 0f))).intoArray(out, o + 0 * cs);
                    a1.mul(slope.blend(1f, FloatVector.fromArray(SP, act, o + 1 * cs).compare(VectorOperators.GT, 0f))).intoArray(out, o + 1 * cs);
                    a2.mul(slope.blend(1f, FloatVector.fromArray(SP, act, o + 2 * cs).compare(VectorOperators.GT, 0f))).intoArray(out, o + 2 * cs);
                    a3.mul(slope.blend(1f, FloatVector.fromArray(SP, act, o + 3 * cs).compare(VectorOperators.GT, 0f))).intoArray(out, o + 3 * cs);
                } else {
                    a0.intoArray(out, o + 0 * cs);
                    a1.intoArray(out, o + 1 * cs);
                    a2.intoArray(out, o + 2 * cs);
                    a3.intoArray(out, o + 3 * cs);
                }
            }
            if (mode == TANH) finishTanh(out, co0, 4, cs, site * stride, stride);
            else if (mode == TIMES_TANH_DERIVATIVE) finishTimesTanhDerivative(out, act, co0, 4, cs, site * stride, stride);
        }
    }

    private static void conv2(float[] in, int cin, float[] wp, float[] bias, float[] out, int cout, int co0, int cs,
                              int[] nbr, int taps, int[] sites, int nSites, int stride, int mode, float[] act) {
        for (int si = 0; si < nSites; si++) {
            int site = sites[si];
            int nb = site * taps;
            for (int b = 0; b < stride; b += L) {
                FloatVector a0 = FloatVector.broadcast(SP, bias == null ? 0f : bias[co0 + 0]);
                FloatVector a1 = FloatVector.broadcast(SP, bias == null ? 0f : bias[co0 + 1]);
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
                // each branch consumes the accumulators itself: no vector phi, no boxing
                if (mode == LEAKY_RELU) {
                    a0.max(a0.mul(LEAKY_SLOPE)).intoArray(out, o + 0 * cs);
                    a1.max(a1.mul(LEAKY_SLOPE)).intoArray(out, o + 1 * cs);
                } else if (mode == TIMES_LEAKY_DERIVATIVE) {
                    FloatVector slope = FloatVector.broadcast(SP, LEAKY_SLOPE);
                    a0.mul(slope.blend(1f, FloatVector.fromArray(SP, act, o + 0 * cs).compare(VectorOperators.GT, 0f))).intoArray(out, o + 0 * cs);
                    a1.mul(slope.blend(1f, FloatVector.fromArray(SP, act, o + 1 * cs).compare(VectorOperators.GT, 0f))).intoArray(out, o + 1 * cs);
                } else {
                    a0.intoArray(out, o + 0 * cs);
                    a1.intoArray(out, o + 1 * cs);
                }
            }
            if (mode == TANH) finishTanh(out, co0, 2, cs, site * stride, stride);
            else if (mode == TIMES_TANH_DERIVATIVE) finishTimesTanhDerivative(out, act, co0, 2, cs, site * stride, stride);
        }
    }

    private static void conv1(float[] in, int cin, float[] wp, float[] bias, float[] out, int cout, int co0, int cs,
                              int[] nbr, int taps, int[] sites, int nSites, int stride, int mode, float[] act) {
        for (int si = 0; si < nSites; si++) {
            int site = sites[si];
            int nb = site * taps;
            for (int b = 0; b < stride; b += L) {
                FloatVector a0 = FloatVector.broadcast(SP, bias == null ? 0f : bias[co0 + 0]);
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
                // each branch consumes the accumulators itself: no vector phi, no boxing
                if (mode == LEAKY_RELU) {
                    a0.max(a0.mul(LEAKY_SLOPE)).intoArray(out, o + 0 * cs);
                } else if (mode == TIMES_LEAKY_DERIVATIVE) {
                    FloatVector slope = FloatVector.broadcast(SP, LEAKY_SLOPE);
                    a0.mul(slope.blend(1f, FloatVector.fromArray(SP, act, o + 0 * cs).compare(VectorOperators.GT, 0f))).intoArray(out, o + 0 * cs);
                } else {
                    a0.intoArray(out, o + 0 * cs);
                }
            }
            if (mode == TANH) finishTanh(out, co0, 1, cs, site * stride, stride);
            else if (mode == TIMES_TANH_DERIVATIVE) finishTimesTanhDerivative(out, act, co0, 1, cs, site * stride, stride);
        }
    }

    /**
     * Blocks of 4 output channels × 3 taps (12 accumulators; measured ~35 % faster than 2 × 9), the
     * remaining 1–3 output channels in pairs × 9 taps (18 accumulators); clamped indices pad the last blocks.
     */
    @Override
    public void weightGradient(float[] dOut, int cout, float[] in, int cin, int cs, int[] nbr, int taps,
                               int[] sites, int nSites, int stride, float[] grad, int wOff, int bOff, float[] scratch) {
        if (bOff >= 0) biasGradient(dOut, cout, cs, sites, nSites, stride, grad, bOff, scratch);
        int co4 = cout / 4 * 4;
        for (int co0 = 0; co0 < co4; co0 += 4) {
            for (int ci = 0; ci < cin; ci++) {
                for (int t0 = 0; t0 < taps; t0 += 3) {
                    weightBlock4x3(dOut, co0, cout, in, ci, cin, cs, nbr, taps, t0, sites, nSites, stride, grad, wOff, scratch);
                }
            }
        }
        for (int co0 = co4; co0 < cout; co0 += 2) {
            int c1 = Math.min(co0 + 1, cout - 1);
            for (int ci = 0; ci < cin; ci++) {
                for (int t0 = 0; t0 < taps; t0 += 9) {
                    weightBlock(dOut, co0, c1, in, ci, cin, cs, nbr, taps, t0, sites, nSites, stride, grad, wOff, scratch);
                }
            }
        }
    }

    /** 4 output channels × 3 taps of accumulators (clamped indices pad the last blocks; their sums are dropped). */
    private static void weightBlock4x3(float[] dOut, int co0, int cout, float[] in, int ci, int cin, int cs, int[] nbr,
                                       int taps, int t0, int[] sites, int nSites, int stride, float[] grad, int wOff,
                                       float[] scratch) {
        int k0 = Math.min(t0 + 0, taps - 1);
        int k1 = Math.min(t0 + 1, taps - 1);
        int k2 = Math.min(t0 + 2, taps - 1);
        int c0 = Math.min(co0 + 0, cout - 1);
        int c1 = Math.min(co0 + 1, cout - 1);
        int c2 = Math.min(co0 + 2, cout - 1);
        int c3 = Math.min(co0 + 3, cout - 1);
        FloatVector a00 = FloatVector.zero(SP);
        FloatVector a01 = FloatVector.zero(SP);
        FloatVector a02 = FloatVector.zero(SP);
        FloatVector a10 = FloatVector.zero(SP);
        FloatVector a11 = FloatVector.zero(SP);
        FloatVector a12 = FloatVector.zero(SP);
        FloatVector a20 = FloatVector.zero(SP);
        FloatVector a21 = FloatVector.zero(SP);
        FloatVector a22 = FloatVector.zero(SP);
        FloatVector a30 = FloatVector.zero(SP);
        FloatVector a31 = FloatVector.zero(SP);
        FloatVector a32 = FloatVector.zero(SP);
        for (int si = 0; si < nSites; si++) {
            int site = sites[si];
            int nb = site * taps;
            for (int b = 0; b < stride; b += L) {
                int o = site * stride + b;
                FloatVector d0 = FloatVector.fromArray(SP, dOut, c0 * cs + o);
                FloatVector d1 = FloatVector.fromArray(SP, dOut, c1 * cs + o);
                FloatVector d2 = FloatVector.fromArray(SP, dOut, c2 * cs + o);
                FloatVector d3 = FloatVector.fromArray(SP, dOut, c3 * cs + o);
                int ib = ci * cs + b;
                FloatVector x;
                x = FloatVector.fromArray(SP, in, ib + nbr[nb + k0]);
                a00 = x.fma(d0, a00); a10 = x.fma(d1, a10); a20 = x.fma(d2, a20); a30 = x.fma(d3, a30);
                x = FloatVector.fromArray(SP, in, ib + nbr[nb + k1]);
                a01 = x.fma(d0, a01); a11 = x.fma(d1, a11); a21 = x.fma(d2, a21); a31 = x.fma(d3, a31);
                x = FloatVector.fromArray(SP, in, ib + nbr[nb + k2]);
                a02 = x.fma(d0, a02); a12 = x.fma(d1, a12); a22 = x.fma(d2, a22); a32 = x.fma(d3, a32);
            }
        }
        a00.intoArray(scratch, (0 * 3 + 0) * L);
        a01.intoArray(scratch, (0 * 3 + 1) * L);
        a02.intoArray(scratch, (0 * 3 + 2) * L);
        a10.intoArray(scratch, (1 * 3 + 0) * L);
        a11.intoArray(scratch, (1 * 3 + 1) * L);
        a12.intoArray(scratch, (1 * 3 + 2) * L);
        a20.intoArray(scratch, (2 * 3 + 0) * L);
        a21.intoArray(scratch, (2 * 3 + 1) * L);
        a22.intoArray(scratch, (2 * 3 + 2) * L);
        a30.intoArray(scratch, (3 * 3 + 0) * L);
        a31.intoArray(scratch, (3 * 3 + 1) * L);
        a32.intoArray(scratch, (3 * 3 + 2) * L);
        int nt = Math.min(3, taps - t0);
        int nco = Math.min(4, cout - co0);
        for (int c = 0; c < nco; c++) {
            int g = wOff + ((co0 + c) * cin + ci) * taps + t0;
            for (int t = 0; t < nt; t++) grad[g + t] += laneSum(scratch, (c * 3 + t) * L);
        }
    }

    private static void weightBlock(float[] dOut, int co0, int c1, float[] in, int ci, int cin, int cs, int[] nbr, int taps,
                                    int t0, int[] sites, int nSites, int stride, float[] grad, int wOff, float[] scratch) {
        int k0 = Math.min(t0 + 0, taps - 1);
        int k1 = Math.min(t0 + 1, taps - 1);
        int k2 = Math.min(t0 + 2, taps - 1);
        int k3 = Math.min(t0 + 3, taps - 1);
        int k4 = Math.min(t0 + 4, taps - 1);
        int k5 = Math.min(t0 + 5, taps - 1);
        int k6 = Math.min(t0 + 6, taps - 1);
        int k7 = Math.min(t0 + 7, taps - 1);
        int k8 = Math.min(t0 + 8, taps - 1);
        FloatVector p0 = FloatVector.zero(SP), q0 = FloatVector.zero(SP);
        FloatVector p1 = FloatVector.zero(SP), q1 = FloatVector.zero(SP);
        FloatVector p2 = FloatVector.zero(SP), q2 = FloatVector.zero(SP);
        FloatVector p3 = FloatVector.zero(SP), q3 = FloatVector.zero(SP);
        FloatVector p4 = FloatVector.zero(SP), q4 = FloatVector.zero(SP);
        FloatVector p5 = FloatVector.zero(SP), q5 = FloatVector.zero(SP);
        FloatVector p6 = FloatVector.zero(SP), q6 = FloatVector.zero(SP);
        FloatVector p7 = FloatVector.zero(SP), q7 = FloatVector.zero(SP);
        FloatVector p8 = FloatVector.zero(SP), q8 = FloatVector.zero(SP);
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
        p0.intoArray(scratch, 0 * L);
        q0.intoArray(scratch, (0 + 9) * L);
        p1.intoArray(scratch, 1 * L);
        q1.intoArray(scratch, (1 + 9) * L);
        p2.intoArray(scratch, 2 * L);
        q2.intoArray(scratch, (2 + 9) * L);
        p3.intoArray(scratch, 3 * L);
        q3.intoArray(scratch, (3 + 9) * L);
        p4.intoArray(scratch, 4 * L);
        q4.intoArray(scratch, (4 + 9) * L);
        p5.intoArray(scratch, 5 * L);
        q5.intoArray(scratch, (5 + 9) * L);
        p6.intoArray(scratch, 6 * L);
        q6.intoArray(scratch, (6 + 9) * L);
        p7.intoArray(scratch, 7 * L);
        q7.intoArray(scratch, (7 + 9) * L);
        p8.intoArray(scratch, 8 * L);
        q8.intoArray(scratch, (8 + 9) * L);
        for (int k = 0; k < nt; k++) {
            grad[g0 + k] += laneSum(scratch, k * L);
            if (c1 != co0) grad[g1 + k] += laneSum(scratch, (k + 9) * L);
        }
    }

    private static void biasGradient(float[] dOut, int cout, int cs, int[] sites, int nSites, int stride, float[] grad, int bOff,
                                     float[] scratch) {
        for (int co = 0; co < cout; co++) {
            FloatVector acc = FloatVector.zero(SP);
            for (int si = 0; si < nSites; si++) {
                int o = co * cs + sites[si] * stride;
                for (int b = 0; b < stride; b += L) acc = acc.add(FloatVector.fromArray(SP, dOut, o + b));
            }
            acc.intoArray(scratch, 0);
            grad[bOff + co] += laneSum(scratch, 0);
        }
    }

    /** Sum of L lanes of {@code a[o…o+L)} in a fixed order (Vector API reductions may reorder, which would break reproducibility). */
    private static float laneSum(float[] a, int o) {
        // a fixed pairwise tree without stores: independent adds, no 16-long dependency chain
        if (L == 16) return sum8(a, o) + sum8(a, o + 8);
        if (L == 8) return sum8(a, o);
        float s = 0f;
        for (int i = o; i < o + L; i++) s += a[i];
        return s;
    }

    private static float sum8(float[] a, int o) {
        return ((a[o] + a[o + 1]) + (a[o + 2] + a[o + 3])) + ((a[o + 4] + a[o + 5]) + (a[o + 6] + a[o + 7]));
    }

    @Override
    public void couplingForward(float[] phi, float[] st, int cs, int[] sites, int nSites, int stride, float[] logDet) {
        for (int si = 0; si < nSites; si++) {
            int o = sites[si] * stride;
            for (int b = 0; b < stride; b += L) {
                FloatVector s = FloatVector.fromArray(SP, st, o + b);
                FloatVector t = FloatVector.fromArray(SP, st, cs + o + b);
                FloatVector xc = s.max(FloatMath.MIN_X).min(FloatMath.MAX_X);
                FloatVector xt = xc.mul(FloatMath.LOG2E).add(FloatMath.ROUND);
                FloatVector xn = xt.sub(FloatMath.ROUND);
                FloatVector xr = xn.fma(FloatVector.broadcast(SP, -FloatMath.LN2_HI), xc);
                xr = xn.fma(FloatVector.broadcast(SP, -FloatMath.LN2_LO), xr);
                FloatVector xp = xr.fma(FloatVector.broadcast(SP, FloatMath.P0), FloatVector.broadcast(SP, FloatMath.P1));
                xp = xp.fma(xr, FloatVector.broadcast(SP, FloatMath.P2));
                xp = xp.fma(xr, FloatVector.broadcast(SP, FloatMath.P3));
                xp = xp.fma(xr, FloatVector.broadcast(SP, FloatMath.P4));
                xp = xp.fma(xr, FloatVector.broadcast(SP, FloatMath.P5));
                xp = xp.fma(xr, FloatVector.broadcast(SP, FloatMath.P6));
                xp = xp.fma(xr, FloatVector.broadcast(SP, FloatMath.P7));
                FloatVector es = xp.mul(xt.reinterpretAsInts().sub(FloatMath.ROUND_BITS - 127)
                        .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
                FloatVector.fromArray(SP, phi, o + b).fma(es, t).intoArray(phi, o + b);
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
                FloatVector ms = s.neg();
                FloatVector xc = ms.max(FloatMath.MIN_X).min(FloatMath.MAX_X);
                FloatVector xt = xc.mul(FloatMath.LOG2E).add(FloatMath.ROUND);
                FloatVector xn = xt.sub(FloatMath.ROUND);
                FloatVector xr = xn.fma(FloatVector.broadcast(SP, -FloatMath.LN2_HI), xc);
                xr = xn.fma(FloatVector.broadcast(SP, -FloatMath.LN2_LO), xr);
                FloatVector xp = xr.fma(FloatVector.broadcast(SP, FloatMath.P0), FloatVector.broadcast(SP, FloatMath.P1));
                xp = xp.fma(xr, FloatVector.broadcast(SP, FloatMath.P2));
                xp = xp.fma(xr, FloatVector.broadcast(SP, FloatMath.P3));
                xp = xp.fma(xr, FloatVector.broadcast(SP, FloatMath.P4));
                xp = xp.fma(xr, FloatVector.broadcast(SP, FloatMath.P5));
                xp = xp.fma(xr, FloatVector.broadcast(SP, FloatMath.P6));
                xp = xp.fma(xr, FloatVector.broadcast(SP, FloatMath.P7));
                FloatVector es = xp.mul(xt.reinterpretAsInts().sub(FloatMath.ROUND_BITS - 127)
                        .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
                FloatVector.fromArray(SP, phi, o + b).sub(t).mul(es).intoArray(phi, o + b);
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
                if (tanh) backwardTanh(g, phiIn, st, dSt, cs, dLogDet, o, b);
                else backwardLeaky(g, phiIn, st, dSt, cs, dLogDet, o, b);
            }
        }
    }

    /** One vector of the coupling backward with a'(y) = 1 − y². */
    private static void backwardTanh(float[] g, float[] phiIn, float[] st, float[] dSt, int cs, float[] dLogDet, int o, int b) {
        FloatVector s = FloatVector.fromArray(SP, st, o + b);
        FloatVector t = FloatVector.fromArray(SP, st, cs + o + b);
        FloatVector gi = FloatVector.fromArray(SP, g, o + b);
        FloatVector xc = s.max(FloatMath.MIN_X).min(FloatMath.MAX_X);
        FloatVector xt = xc.mul(FloatMath.LOG2E).add(FloatMath.ROUND);
        FloatVector xn = xt.sub(FloatMath.ROUND);
        FloatVector xr = xn.fma(FloatVector.broadcast(SP, -FloatMath.LN2_HI), xc);
        xr = xn.fma(FloatVector.broadcast(SP, -FloatMath.LN2_LO), xr);
        FloatVector xp = xr.fma(FloatVector.broadcast(SP, FloatMath.P0), FloatVector.broadcast(SP, FloatMath.P1));
        xp = xp.fma(xr, FloatVector.broadcast(SP, FloatMath.P2));
        xp = xp.fma(xr, FloatVector.broadcast(SP, FloatMath.P3));
        xp = xp.fma(xr, FloatVector.broadcast(SP, FloatMath.P4));
        xp = xp.fma(xr, FloatVector.broadcast(SP, FloatMath.P5));
        xp = xp.fma(xr, FloatVector.broadcast(SP, FloatMath.P6));
        xp = xp.fma(xr, FloatVector.broadcast(SP, FloatMath.P7));
        FloatVector es = xp.mul(xt.reinterpretAsInts().sub(FloatMath.ROUND_BITS - 127)
                .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
        FloatVector ge = gi.mul(es);
        FloatVector ds = ge.fma(FloatVector.fromArray(SP, phiIn, o + b), FloatVector.fromArray(SP, dLogDet, b));
        FloatVector one = FloatVector.broadcast(SP, 1f);
        ds.mul(s.fma(s.neg(), one)).intoArray(dSt, o + b);
        gi.mul(t.fma(t.neg(), one)).intoArray(dSt, cs + o + b);
        ge.intoArray(g, o + b);
    }

    /** One vector of the coupling backward with leaky-ReLU a'. */
    private static void backwardLeaky(float[] g, float[] phiIn, float[] st, float[] dSt, int cs, float[] dLogDet, int o, int b) {
        FloatVector s = FloatVector.fromArray(SP, st, o + b);
        FloatVector t = FloatVector.fromArray(SP, st, cs + o + b);
        FloatVector gi = FloatVector.fromArray(SP, g, o + b);
        FloatVector xc = s.max(FloatMath.MIN_X).min(FloatMath.MAX_X);
        FloatVector xt = xc.mul(FloatMath.LOG2E).add(FloatMath.ROUND);
        FloatVector xn = xt.sub(FloatMath.ROUND);
        FloatVector xr = xn.fma(FloatVector.broadcast(SP, -FloatMath.LN2_HI), xc);
        xr = xn.fma(FloatVector.broadcast(SP, -FloatMath.LN2_LO), xr);
        FloatVector xp = xr.fma(FloatVector.broadcast(SP, FloatMath.P0), FloatVector.broadcast(SP, FloatMath.P1));
        xp = xp.fma(xr, FloatVector.broadcast(SP, FloatMath.P2));
        xp = xp.fma(xr, FloatVector.broadcast(SP, FloatMath.P3));
        xp = xp.fma(xr, FloatVector.broadcast(SP, FloatMath.P4));
        xp = xp.fma(xr, FloatVector.broadcast(SP, FloatMath.P5));
        xp = xp.fma(xr, FloatVector.broadcast(SP, FloatMath.P6));
        xp = xp.fma(xr, FloatVector.broadcast(SP, FloatMath.P7));
        FloatVector es = xp.mul(xt.reinterpretAsInts().sub(FloatMath.ROUND_BITS - 127)
                .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
        FloatVector ge = gi.mul(es);
        FloatVector ds = ge.fma(FloatVector.fromArray(SP, phiIn, o + b), FloatVector.fromArray(SP, dLogDet, b));
        FloatVector slope = FloatVector.broadcast(SP, LEAKY_SLOPE);
        ds.mul(slope.blend(1f, s.compare(VectorOperators.GT, 0f))).intoArray(dSt, o + b);
        gi.mul(slope.blend(1f, t.compare(VectorOperators.GT, 0f))).intoArray(dSt, cs + o + b);
        ge.intoArray(g, o + b);
    }

    @Override
    public void couplingInverseBackward(float[] g, float[] phiIn, float[] st, float[] dSt, int cs, float[] dLogDet,
                                        boolean tanh, int[] sites, int nSites, int stride) {
        FloatVector one = FloatVector.broadcast(SP, 1f);
        FloatVector slope = FloatVector.broadcast(SP, LEAKY_SLOPE);
        for (int si = 0; si < nSites; si++) {
            int o = sites[si] * stride;
            for (int b = 0; b < stride; b += L) {
                FloatVector s = FloatVector.fromArray(SP, st, o + b);
                FloatVector t = FloatVector.fromArray(SP, st, cs + o + b);
                FloatVector gi = FloatVector.fromArray(SP, g, o + b);
                FloatVector gy = gi.mul(exp(s.neg()));
                // dLogDet − g·x, as the scalar kernel rounds it
                FloatVector ds = FloatVector.fromArray(SP, dLogDet, b).sub(gi.mul(FloatVector.fromArray(SP, phiIn, o + b)));
                FloatVector as = tanh ? s.fma(s.neg(), one) : slope.blend(1f, s.compare(VectorOperators.GT, 0f));
                FloatVector at = tanh ? t.fma(t.neg(), one) : slope.blend(1f, t.compare(VectorOperators.GT, 0f));
                ds.mul(as).intoArray(dSt, o + b);
                gy.neg().mul(at).intoArray(dSt, cs + o + b);
                gy.intoArray(g, o + b);
            }
        }
    }

    /** e^x lane-wise, the polynomial of {@link FloatMath#exp} (same bits). */
    private static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(FloatMath.MIN_X).min(FloatMath.MAX_X);
        FloatVector xt = xc.mul(FloatMath.LOG2E).add(FloatMath.ROUND);
        FloatVector xn = xt.sub(FloatMath.ROUND);
        FloatVector xr = xn.fma(FloatVector.broadcast(SP, -FloatMath.LN2_HI), xc);
        xr = xn.fma(FloatVector.broadcast(SP, -FloatMath.LN2_LO), xr);
        FloatVector xp = xr.fma(FloatVector.broadcast(SP, FloatMath.P0), FloatVector.broadcast(SP, FloatMath.P1));
        xp = xp.fma(xr, FloatVector.broadcast(SP, FloatMath.P2));
        xp = xp.fma(xr, FloatVector.broadcast(SP, FloatMath.P3));
        xp = xp.fma(xr, FloatVector.broadcast(SP, FloatMath.P4));
        xp = xp.fma(xr, FloatVector.broadcast(SP, FloatMath.P5));
        xp = xp.fma(xr, FloatVector.broadcast(SP, FloatMath.P6));
        xp = xp.fma(xr, FloatVector.broadcast(SP, FloatMath.P7));
        return xp.mul(xt.reinterpretAsInts().sub(FloatMath.ROUND_BITS - 127)
                .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
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
