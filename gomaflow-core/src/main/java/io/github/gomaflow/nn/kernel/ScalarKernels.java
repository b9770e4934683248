package io.github.gomaflow.nn.kernel;

/**
 * Plain-Java kernels: the fallback when the Vector API is absent, and the baseline the vector
 * kernels are tested against. Inner loops run over the S batch lanes of one site.
 */
public final class ScalarKernels implements FlowKernels {
    @Override public String name() { return "scalar"; }

    @Override public int laneMultiple() { return 1; }

    @Override
    public void convolve(float[] in, int cin, float[] wp, float[] bias, float[] out, int cout, int cs,
                         int[] nbr, int taps, int[] sites, int nSites, int stride, int mode, float[] act) {
        for (int si = 0; si < nSites; si++) {
            int site = sites[si];
            int nb = site * taps;
            int o0 = site * stride;
            for (int co = 0; co < cout; co++) {
                int o = co * cs + o0;
                float b0 = bias == null ? 0f : bias[co];
                for (int b = 0; b < stride; b++) out[o + b] = b0;
                for (int ci = 0; ci < cin; ci++) {
                    int ib = ci * cs;
                    int wb = ci * taps * cout + co;
                    for (int tap = 0; tap < taps; tap++) {
                        float w = wp[wb + tap * cout];
                        int i = ib + nbr[nb + tap];
                        for (int b = 0; b < stride; b++) out[o + b] += w * in[i + b];
                    }
                }
                finish(out, o, stride, mode, act);
            }
        }
    }

    private static void finish(float[] out, int o, int n, int mode, float[] act) {
        switch (mode) {
            case LEAKY_RELU -> {
                for (int b = o; b < o + n; b++) out[b] = Math.max(out[b], LEAKY_SLOPE * out[b]);
            }
            case TANH -> {
                for (int b = o; b < o + n; b++) out[b] = FloatMath.tanh(out[b]);
            }
            case TIMES_LEAKY_DERIVATIVE -> {
                for (int b = o; b < o + n; b++) out[b] *= leakyDerivative(act[b]);
            }
            case TIMES_TANH_DERIVATIVE -> {
                for (int b = o; b < o + n; b++) out[b] *= Math.fma(act[b], -act[b], 1f);
            }
            default -> { }
        }
    }

    /** Leaky ReLU' from the post-activation value y (same sign as the input). */
    static float leakyDerivative(float y) {
        return y > 0f ? 1f : LEAKY_SLOPE;
    }

    @Override
    public void weightGradient(float[] dOut, int cout, float[] in, int cin, int cs, int[] nbr, int taps,
                               int[] sites, int nSites, int stride, float[] grad, int wOff, int bOff, float[] scratch) {
        for (int co = 0; co < cout; co++) {
            float bsum = 0f;
            for (int si = 0; si < nSites; si++) {
                int o = co * cs + sites[si] * stride;
                for (int b = 0; b < stride; b++) bsum += dOut[o + b];
            }
            if (bOff >= 0) grad[bOff + co] += bsum;
            for (int ci = 0; ci < cin; ci++) {
                for (int tap = 0; tap < taps; tap++) {
                    float sum = 0f;
                    for (int si = 0; si < nSites; si++) {
                        int site = sites[si];
                        int o = co * cs + site * stride;
                        int i = ci * cs + nbr[site * taps + tap];
                        for (int b = 0; b < stride; b++) sum += dOut[o + b] * in[i + b];
                    }
                    grad[wOff + (co * cin + ci) * taps + tap] += sum;
                }
            }
        }
    }

    @Override
    public void couplingForward(float[] phi, float[] st, int cs, int[] sites, int nSites, int stride, float[] logDet) {
        for (int si = 0; si < nSites; si++) {
            int o = sites[si] * stride;
            for (int b = 0; b < stride; b++) {
                float s = st[o + b];
                phi[o + b] = phi[o + b] * FloatMath.exp(s) + st[cs + o + b];
                logDet[b] += s;
            }
        }
    }

    @Override
    public void couplingInverse(float[] phi, float[] st, int cs, int[] sites, int nSites, int stride, float[] logDet) {
        for (int si = 0; si < nSites; si++) {
            int o = sites[si] * stride;
            for (int b = 0; b < stride; b++) {
                float s = st[o + b];
                phi[o + b] = (phi[o + b] - st[cs + o + b]) * FloatMath.exp(-s);
                logDet[b] += s;
            }
        }
    }

    @Override
    public void couplingBackward(float[] g, float[] phiIn, float[] st, float[] dSt, int cs, float[] dLogDet,
                                 boolean tanh, int[] sites, int nSites, int stride) {
        for (int si = 0; si < nSites; si++) {
            int o = sites[si] * stride;
            for (int b = 0; b < stride; b++) {
                float s = st[o + b];
                float t = st[cs + o + b];
                float gi = g[o + b];
                float ge = gi * FloatMath.exp(s);
                float ds = ge * phiIn[o + b] + dLogDet[b];
                dSt[o + b] = ds * (tanh ? 1f - s * s : leakyDerivative(s));
                dSt[cs + o + b] = gi * (tanh ? 1f - t * t : leakyDerivative(t));
                g[o + b] = ge;
            }
        }
    }

    @Override
    public void couplingInverseBackward(float[] g, float[] phiIn, float[] st, float[] dSt, int cs, float[] dLogDet,
                                        boolean tanh, int[] sites, int nSites, int stride) {
        for (int si = 0; si < nSites; si++) {
            int o = sites[si] * stride;
            for (int b = 0; b < stride; b++) {
                float s = st[o + b];
                float t = st[cs + o + b];
                float gi = g[o + b];
                float gy = gi * FloatMath.exp(-s);
                float ds = dLogDet[b] - gi * phiIn[o + b];
                dSt[o + b] = ds * (tanh ? 1f - s * s : leakyDerivative(s));
                dSt[cs + o + b] = -gy * (tanh ? 1f - t * t : leakyDerivative(t));
                g[o + b] = gy;
            }
        }
    }

    @Override
    public void addSites(float[] dst, float[] src, int[] sites, int nSites, int stride) {
        for (int si = 0; si < nSites; si++) {
            int o = sites[si] * stride;
            for (int b = 0; b < stride; b++) dst[o + b] += src[o + b];
        }
    }
}
