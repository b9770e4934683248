package io.github.gomaflow.flow;

import io.github.gomaflow.nn.kernel.FlowKernels;

/**
 * The conditioner of one affine coupling layer (docs/ARCHITECTURE.md, "Conditioners"): a stack of
 * periodic convolutions, channels [1, hidden…, 2], each followed by its activation (leaky ReLU
 * 0.01, the last one tanh or leaky ReLU), applied to the masked field m⊙φ. Its output channels are
 * (s, t). Weights live in the flat parameter array at {@link ParameterLayout#weightOffset(int, int)}
 * of coupling layer {@code layer}; {@link #prepare} repacks them for the kernels.
 *
 * <p>Because m⊙φ vanishes on the active sites and only (s, t) on active sites are used, the first
 * convolution and the input gradient of the last one run over half the taps
 * ({@link ChunkGeometry#tapsWithOffsetParity}).
 */
final class ConvConditioner {
    private final ParameterLayout layout;
    private final int layer;
    private final int[] channels;
    private final int nc;
    private final int taps;
    private final boolean finalTanh;
    private final float[][] wp;
    private final float[][] wpT;
    private final float[][] bias;
    /** wp0Sub[q]: conv 0 weights of the taps of offset parity q, packed [j·cout + co] (cin = 1). */
    private final float[][] wp0Sub = new float[2][];
    /** wpTLastSub[q]: last conv, transposed, taps of offset parity q, packed [(co·n + j)·cin + ci]. */
    private final float[][] wpTLastSub = new float[2][];
    private int[][] tapSub;

    ConvConditioner(ParameterLayout layout, int layer, boolean finalTanh) {
        this.layout = layout;
        this.layer = layer;
        this.channels = layout.channels();
        this.nc = channels.length - 1;
        this.taps = layout.taps();
        this.finalTanh = finalTanh;
        wp = new float[nc][];
        wpT = new float[nc][];
        bias = new float[nc][];
        for (int j = 0; j < nc; j++) {
            int n = channels[j] * channels[j + 1] * taps;
            wp[j] = new float[n];
            wpT[j] = new float[n];
            bias[j] = new float[channels[j + 1]];
        }
    }

    int[] channels() { return channels; }
    int convolutions() { return nc; }
    int taps() { return taps; }
    boolean finalTanh() { return finalTanh; }

    /** Repacks W[co][ci][tap] into wp[(ci·T+tap)·cout+co] and wpT[(co·T+tap)·cin+ci]. */
    void prepare(float[] params, ChunkGeometry g) {
        if (tapSub == null) {
            tapSub = new int[][] {g.tapsWithOffsetParity(0), g.tapsWithOffsetParity(1)};
            for (int q = 0; q < 2; q++) {
                wp0Sub[q] = new float[tapSub[q].length * channels[1]];
                wpTLastSub[q] = new float[tapSub[q].length * channels[nc] * channels[nc - 1]];
            }
        }
        for (int j = 0; j < nc; j++) {
            int cin = channels[j];
            int cout = channels[j + 1];
            float[] p = wp[j];
            float[] q = wpT[j];
            int w0 = layout.weightOffset(layer, j);
            for (int co = 0; co < cout; co++) {
                for (int ci = 0; ci < cin; ci++) {
                    for (int tap = 0; tap < taps; tap++) {
                        float w = params[w0 + (co * cin + ci) * taps + tap];
                        p[(ci * taps + tap) * cout + co] = w;
                        q[(co * taps + tap) * cin + ci] = w;
                    }
                }
            }
            System.arraycopy(params, layout.biasOffset(layer, j), bias[j], 0, cout);
        }
        packSubsets(params);
    }

    private void packSubsets(float[] params) {
        int cin = channels[nc - 1];
        int cout = channels[nc];
        for (int q = 0; q < 2; q++) {
            int[] list = tapSub[q];
            int n = list.length;
            for (int j = 0; j < n; j++) {
                for (int co = 0; co < channels[1]; co++) {
                    wp0Sub[q][j * channels[1] + co] = params[layout.weightIndex(layer, 0, co, 0, list[j])];
                }
                for (int co = 0; co < cout; co++) {
                    for (int ci = 0; ci < cin; ci++) {
                        wpTLastSub[q][(co * n + j) * cin + ci] = params[layout.weightIndex(layer, nc - 1, co, ci, list[j])];
                    }
                }
            }
        }
    }

    /**
     * out[j] = activation_j(conv_j(out[j−1])), out[−1] = x0 = m⊙φ; (s, t) = out[nc−1] only on the
     * active sites.
     *
     * @param active sites the coupling updates (x0 vanishes there)
     * @param frozen the other sites
     */
    void forward(ChunkGeometry g, float[] x0, float[][] out, int[] active, int[] frozen) {
        FlowKernels k = g.kernels();
        int cs = g.channelStride();
        int[] all = g.allSites();
        float[] in = x0;
        for (int j = 0; j < nc; j++) {
            boolean last = j == nc - 1;
            int[] sites = last ? active : all;
            int mode = last && finalTanh ? FlowKernels.TANH : FlowKernels.LEAKY_RELU;
            if (j == 0) {
                firstConvolution(g, x0, out[0], last, mode, active, frozen);
            } else {
                k.convolve(in, channels[j], wp[j], bias[j], out[j], channels[j + 1], cs, g.stencil().forward(), taps,
                        sites, sites.length, g.stride(), mode, null);
            }
            in = out[j];
        }
    }

    /**
     * Conv 0 on m⊙φ: an active output sees frozen inputs only through taps with odd |offset|₁, a
     * frozen output through even ones.
     */
    private void firstConvolution(ChunkGeometry g, float[] x0, float[] out, boolean last, int mode, int[] active,
                                  int[] frozen) {
        FlowKernels k = g.kernels();
        int cs = g.channelStride();
        int cout = channels[1];
        k.convolve(x0, 1, wp0Sub[1], bias[0], out, cout, cs, g.subStencil(1).forward(), g.subStencil(1).taps(),
                active, active.length, g.stride(), mode, null);
        if (!last) {
            k.convolve(x0, 1, wp0Sub[0], bias[0], out, cout, cs, g.subStencil(0).forward(), g.subStencil(0).taps(),
                    frozen, frozen.length, g.stride(), mode, null);
        }
    }

    /**
     * Reverse mode of {@link #forward}: dOut = ∂L/∂(s,t) pre-activation (zero off the active sites)
     * on entry; accumulates ∂L/∂W, ∂L/∂b into grad and adds ∂L/∂x0 on the frozen sites to dPhi.
     * With {@code grad} null only the input gradient is formed (x0 is then not read and may be null).
     *
     * @param act  the saved out[] of the forward pass
     * @param dBuf [nc−1] buffers for the hidden gradients
     */
    void backward(ChunkGeometry g, Buffers b, float[] x0, float[][] act, float[] dOut, float[] dPhi,
                  float[] grad, int[] active, int[] frozen) {
        FlowKernels k = g.kernels();
        int cs = g.channelStride();
        int st = g.stride();
        int[] all = g.allSites();
        for (int j = nc - 1; j >= 0; j--) {
            int cin = channels[j];
            int cout = channels[j + 1];
            if (grad != null) weightGradient(g, b, x0, act, dOut, grad, j, active, frozen);
            if (j > 0) {
                if (j == nc - 1) {
                    lastTransposed(g, dOut, b.dBuf[j - 1], act[j - 1], active, frozen);
                } else {
                    k.convolve(dOut, cout, wpT[j], null, b.dBuf[j - 1], cin, cs, g.stencil().transposed(), taps,
                            all, all.length, st, FlowKernels.TIMES_LEAKY_DERIVATIVE, act[j - 1]);
                }
                dOut = b.dBuf[j - 1];
            } else {
                if (nc == 1) {
                    // dOut = ∂L/∂(s,t) vanishes off the active sites: a frozen y sees it through odd taps
                    k.convolve(dOut, cout, wpTLastSub[1], null, b.dx0, 1, cs, g.subStencil(1).transposed(),
                            g.subStencil(1).taps(), frozen, frozen.length, st, FlowKernels.LINEAR, null);
                } else {
                    k.convolve(dOut, cout, wpT[j], null, b.dx0, 1, cs, g.stencil().transposed(), taps,
                            frozen, frozen.length, st, FlowKernels.LINEAR, null);
                }
                k.addSites(dPhi, b.dx0, frozen, frozen.length, st);
            }
        }
    }

    /** Accumulates ∂L/∂W, ∂L/∂b of conv j from its pre-activation output gradient dOut. */
    private void weightGradient(ChunkGeometry g, Buffers b, float[] x0, float[][] act, float[] dOut, float[] grad, int j,
                                int[] active, int[] frozen) {
        if (j == 0) {
            subsetWeightGradient(g, b, x0, dOut, grad, 1, active);
            if (nc != 1) subsetWeightGradient(g, b, x0, dOut, grad, 0, frozen);
            return;
        }
        int[] sites = j == nc - 1 ? active : g.allSites();
        g.kernels().weightGradient(dOut, channels[j + 1], act[j - 1], channels[j], g.channelStride(),
                g.stencil().forward(), taps, sites, sites.length, g.stride(), grad, layout.weightOffset(layer, j),
                layout.biasOffset(layer, j), b.kernelScratch);
    }

    /** Input gradient of the last conv: an active y sees active outputs through even taps, a frozen y through odd ones. */
    private void lastTransposed(ChunkGeometry g, float[] dOut, float[] dIn, float[] act, int[] active, int[] frozen) {
        int cs = g.channelStride();
        for (int q = 0; q < 2; q++) {
            int[] sites = q == 0 ? active : frozen;
            g.kernels().convolve(dOut, channels[nc], wpTLastSub[q], null, dIn, channels[nc - 1], cs,
                    g.subStencil(q).transposed(), g.subStencil(q).taps(), sites, sites.length, g.stride(),
                    FlowKernels.TIMES_LEAKY_DERIVATIVE, act);
        }
    }

    /** Weight and bias gradient of conv 0 over the taps of offset parity q, output sites {@code sites}. */
    private void subsetWeightGradient(ChunkGeometry g, Buffers b, float[] x0, float[] dOut, float[] grad, int q,
                                      int[] sites) {
        int cout = channels[1];
        int[] list = tapSub[q];
        int n = list.length;
        float[] subGrad = b.subGrad;
        java.util.Arrays.fill(subGrad, 0, cout * n + cout, 0f);
        g.kernels().weightGradient(dOut, cout, x0, 1, g.channelStride(), g.subStencil(q).forward(), n, sites,
                sites.length, g.stride(), subGrad, 0, cout * n, b.kernelScratch);
        for (int co = 0; co < cout; co++) {
            for (int j = 0; j < n; j++) grad[layout.weightIndex(layer, 0, co, 0, list[j])] += subGrad[co * n + j];
            grad[layout.biasOffset(layer, 0) + co] += subGrad[cout * n + co];
        }
    }

    /** A worker's temporary buffers for {@link #backward} (shared between layers via {@link WorkerScratch}). */
    static final class Buffers {
        final float[][] dBuf;
        final float[] dx0;
        final float[] kernelScratch;
        final float[] subGrad;

        Buffers(WorkerScratch scratch, int[] channels, int taps, int plane, int laneMultiple) {
            int nc = channels.length - 1;
            dBuf = new float[Math.max(nc - 1, 0)][];
            for (int j = 0; j < nc - 1; j++) dBuf[j] = scratch.floats("conditioner.dHidden." + j, channels[j + 1] * plane);
            dx0 = scratch.floats("conditioner.dInput", plane);
            kernelScratch = scratch.floats("kernel.scratch", FlowKernels.SCRATCH_LANES * laneMultiple);
            subGrad = scratch.floats("conditioner.subGrad", channels[1] * (taps + 1));
        }
    }
}
