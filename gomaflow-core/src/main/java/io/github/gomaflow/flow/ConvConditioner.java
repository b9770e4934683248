package io.github.gomaflow.flow;

import io.github.gomaflow.nn.kernel.FlowKernels;

/**
 * One network of an affine coupling layer's conditioner (docs/ARCHITECTURE.md, "Conditioners"): a
 * stack of periodic convolutions described by a {@link ParameterLayout.ConvStack} (where its
 * weights and biases live, channels, the activation after the hidden convolutions and after the
 * last one, bias on or off), applied to the masked field m⊙φ or to |m⊙φ|. GomalizingFlow's
 * conditioner is one stack, channels [1, hidden…, 2], leaky ReLU 0.01 and a final tanh or leaky
 * ReLU, whose output channels are (s, t); a Z2-equivariant coupling has two stacks of one output
 * channel each. {@link #prepare} repacks the weights for the kernels.
 *
 * <p>Because the input (m⊙φ, and so |m⊙φ|) vanishes on the active sites and only the outputs on
 * active sites are used, the first convolution and the input gradient of the last one run over
 * half the taps ({@link ChunkGeometry#tapsWithOffsetParity}).
 */
final class ConvConditioner {
    private final ParameterLayout.ConvStack stack;
    private final int[] channels;
    private final int nc;
    private final int taps;
    private final int hiddenMode;
    private final int lastMode;
    /** Mode of the transposed convolutions: the incoming gradient times the hidden activation's derivative. */
    private final int hiddenDerivativeMode;
    private final float[][] wp;
    private final float[][] wpT;
    /** bias[j], or null for a convolution without bias. */
    private final float[][] bias;
    /** wp0Sub[q]: conv 0 weights of the taps of offset parity q, packed [j·cout + co] (cin = 1). */
    private final float[][] wp0Sub = new float[2][];
    /** wpTLastSub[q]: last conv, transposed, taps of offset parity q, packed [(co·n + j)·cin + ci]. */
    private final float[][] wpTLastSub = new float[2][];
    private int[][] tapSub;

    /**
     * @param stack where the stack's parameters live and its activations
     * @param taps  k^d
     */
    ConvConditioner(ParameterLayout.ConvStack stack, int taps) {
        this.stack = stack;
        this.channels = stack.channels();
        this.nc = channels.length - 1;
        this.taps = taps;
        this.hiddenMode = stack.hidden();
        this.lastMode = stack.last();
        this.hiddenDerivativeMode = switch (hiddenMode) {
            case FlowKernels.LEAKY_RELU -> FlowKernels.TIMES_LEAKY_DERIVATIVE;
            case FlowKernels.TANH -> FlowKernels.TIMES_TANH_DERIVATIVE;
            case FlowKernels.LINEAR -> FlowKernels.LINEAR;
            default -> throw new IllegalArgumentException("hidden activation mode " + hiddenMode);
        };
        wp = new float[nc][];
        wpT = new float[nc][];
        bias = new float[nc][];
        for (int j = 0; j < nc; j++) {
            int n = channels[j] * channels[j + 1] * taps;
            wp[j] = new float[n];
            wpT[j] = new float[n];
            bias[j] = stack.hasBias(j) ? new float[channels[j + 1]] : null;
        }
    }

    /** Index of W[co][ci][tap] of conv j in the flat parameters. */
    private int weightIndex(int conv, int co, int ci, int tap) {
        return stack.weightOffset()[conv] + (co * channels[conv] + ci) * taps + tap;
    }

    int[] channels() { return channels; }
    int convolutions() { return nc; }
    int taps() { return taps; }
    /** Whether the last activation is tanh. */
    boolean finalTanh() { return lastMode == FlowKernels.TANH; }
    /** Activation mode after the last convolution. */
    int lastMode() { return lastMode; }
    /** Whether the stack reads |m⊙φ|. */
    boolean absoluteInput() { return stack.absoluteInput(); }

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
            int w0 = stack.weightOffset()[j];
            for (int co = 0; co < cout; co++) {
                for (int ci = 0; ci < cin; ci++) {
                    for (int tap = 0; tap < taps; tap++) {
                        float w = params[w0 + (co * cin + ci) * taps + tap];
                        p[(ci * taps + tap) * cout + co] = w;
                        q[(co * taps + tap) * cin + ci] = w;
                    }
                }
            }
            if (bias[j] != null) System.arraycopy(params, stack.biasOffset()[j], bias[j], 0, cout);
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
                    wp0Sub[q][j * channels[1] + co] = params[weightIndex(0, co, 0, list[j])];
                }
                for (int co = 0; co < cout; co++) {
                    for (int ci = 0; ci < cin; ci++) {
                        wpTLastSub[q][(co * n + j) * cin + ci] = params[weightIndex(nc - 1, co, ci, list[j])];
                    }
                }
            }
        }
    }

    /**
     * out[j] = activation_j(conv_j(out[j−1])), out[−1] = x0 (m⊙φ, or |m⊙φ| for a stack on the absolute
     * value); the result out[nc−1] is computed on the active sites only.
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
            int mode = last ? lastMode : hiddenMode;
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
     * Reverse mode of {@link #forward}: dOut = ∂L/∂(output) before the last activation (zero off the
     * active sites) on entry; accumulates ∂L/∂W, ∂L/∂b into grad and adds ∂L/∂φ on the frozen sites
     * to dPhi: ∂L/∂x0, times sign(φ) for a stack on |m⊙φ|. With {@code grad} null only the input
     * gradient is formed (x0 is then not read and may be null).
     *
     * @param x0     the stack's input (m⊙φ or |m⊙φ|)
     * @param phiIn  the coupling's input φ, whose sign the gradient of |m⊙φ| needs (read only then)
     * @param act    the saved out[] of the forward pass
     */
    void backward(ChunkGeometry g, Buffers b, float[] x0, float[] phiIn, float[][] act, float[] dOut, float[] dPhi,
                  float[] grad, int[] active, int[] frozen) {
        FlowKernels k = g.kernels();
        int cs = g.channelStride();
        int st = g.stride();
        int[] all = g.allSites();
        for (int j = nc - 1; j >= 0; j--) {
            int[] sites = j == nc - 1 ? active : all;
            int cin = channels[j];
            int cout = channels[j + 1];
            if (grad != null) {
                if (j == 0) {
                    subsetWeightGradient(g, b, x0, dOut, grad, 1, active);
                    if (nc != 1) subsetWeightGradient(g, b, x0, dOut, grad, 0, frozen);
                } else {
                    k.weightGradient(dOut, cout, act[j - 1], cin, cs, g.stencil().forward(), taps, sites, sites.length, st,
                            grad, stack.weightOffset()[j], stack.biasOffset()[j], b.kernelScratch);
                }
            }
            if (j > 0) {
                if (j == nc - 1) {
                    lastTransposed(g, dOut, b.dBuf[j - 1], act[j - 1], active, frozen);
                } else {
                    k.convolve(dOut, cout, wpT[j], null, b.dBuf[j - 1], cin, cs, g.stencil().transposed(), taps,
                            all, all.length, st, hiddenDerivativeMode, act[j - 1]);
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
                if (stack.absoluteInput()) addTimesSign(dPhi, b.dx0, phiIn, frozen, st);
                else k.addSites(dPhi, b.dx0, frozen, frozen.length, st);
            }
        }
    }

    /** dPhi += sign(φ)·d|φ| at the listed sites: the gradient through x0 = |m⊙φ| (sign(0) = 0). */
    private static void addTimesSign(float[] dPhi, float[] dAbs, float[] phi, int[] sites, int stride) {
        for (int site : sites) {
            int o = site * stride;
            for (int i = o; i < o + stride; i++) {
                float x = phi[i];
                float d = dAbs[i];
                dPhi[i] += x > 0f ? d : x < 0f ? -d : 0f;
            }
        }
    }

    /** Input gradient of the last conv: an active y sees active outputs through even taps, a frozen y through odd ones. */
    private void lastTransposed(ChunkGeometry g, float[] dOut, float[] dIn, float[] act, int[] active, int[] frozen) {
        int cs = g.channelStride();
        for (int q = 0; q < 2; q++) {
            int[] sites = q == 0 ? active : frozen;
            g.kernels().convolve(dOut, channels[nc], wpTLastSub[q], null, dIn, channels[nc - 1], cs,
                    g.subStencil(q).transposed(), g.subStencil(q).taps(), sites, sites.length, g.stride(),
                    hiddenDerivativeMode, act);
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
            for (int j = 0; j < n; j++) grad[weightIndex(0, co, 0, list[j])] += subGrad[co * n + j];
            if (stack.hasBias(0)) grad[stack.biasOffset()[0] + co] += subGrad[cout * n + co];
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
