package io.github.gomaflow.flow;

import io.github.gomaflow.nn.Stencil;
import io.github.gomaflow.nn.kernel.FlowKernels;
import java.util.Arrays;

/**
 * The conditioner of a coupling layer built from GomalizingFlow's combinational convolutions
 * (docs/ARCHITECTURE.md, "Combinational convolutions"): channels [1, hidden…, 2]; convolution j is
 * replaced by the n = C(d, k) sub-convolutions conv_{j,i} whose kernels span the k directions of
 * subset i ({@link CombinationalSubsets}), each with its own weights and bias, combined as
 * <pre>
 *   out_j = (1/n) Σ_i a_j(conv_{j,i}(out_{j−1}))      (dCk: activation per subset, then the mean)
 *   out_j = a_j((1/n) Σ_i conv_{j,i}(out_{j−1}))      (dCk_activation_last)
 * </pre>
 * with a_j the leaky ReLU (0.01), the last one tanh when {@code finalTanh}; out_{−1} = m⊙φ, and
 * (s, t) = out_{nc−1} on the active sites.
 *
 * <p>With the mean before the activation the sub-convolutions add up to one convolution over the
 * union of their taps with weights (1/n) Σ_i W_i (each W_i placed at its taps), which is what runs;
 * the gradient of each W_i is 1/n times the union weight gradient at its taps. With the mean after
 * the activation every sub-convolution runs on its own k_s^k taps; the reverse pass recomputes
 * a_j(conv_{j,i}) rather than keeping n copies of every activation.
 */
final class CombinationalConditioner {
    private final ParameterLayout layout;
    private final CombinationalSubsets subsets;
    private final int layer;
    private final int[] channels;
    private final int nc;
    private final int count;
    private final int taps;
    private final int unionTaps;
    private final boolean finalTanh;
    /** Per-subset packed weights [j][i]: wp[(ci·T+tap')·cout+co], wpT[(co·T+tap')·cin+ci]; bias[j][i][co]. */
    private final float[][][] wp;
    private final float[][][] wpT;
    private final float[][][] bias;
    /** Mean-before-activation: union weights (1/n) Σ_i W_i packed as wp/wpT over the union taps; mean bias. */
    private final float[][] unionWp;
    private final float[][] unionWpT;
    private final float[][] unionBias;
    /** Stencils of the current stride (set in {@link #prepare}). */
    private final Stencil[] subsetStencil;
    private Stencil unionStencil;

    CombinationalConditioner(ParameterLayout layout, int layer, boolean finalTanh) {
        this.layout = layout;
        this.subsets = layout.subsets();
        this.layer = layer;
        this.channels = layout.channels();
        this.nc = channels.length - 1;
        this.count = subsets.count();
        this.taps = subsets.taps();
        this.unionTaps = subsets.unionTaps().length;
        this.finalTanh = finalTanh;
        boolean last = subsets.activationLast();
        wp = new float[nc][last ? 0 : count][];
        wpT = new float[nc][last ? 0 : count][];
        bias = new float[nc][last ? 0 : count][];
        unionWp = new float[nc][];
        unionWpT = new float[nc][];
        unionBias = new float[nc][];
        for (int j = 0; j < nc; j++) {
            int cin = channels[j];
            int cout = channels[j + 1];
            if (last) {
                unionWp[j] = new float[cin * cout * unionTaps];
                unionWpT[j] = new float[cin * cout * unionTaps];
                unionBias[j] = new float[cout];
            } else {
                for (int i = 0; i < count; i++) {
                    wp[j][i] = new float[cin * cout * taps];
                    wpT[j][i] = new float[cin * cout * taps];
                    bias[j][i] = new float[cout];
                }
            }
        }
        subsetStencil = new Stencil[count];
    }

    int[] channels() { return channels; }
    /** Taps of the union of the subsets' stencils. */
    int unionTaps() { return unionTaps; }
    boolean finalTanh() { return finalTanh; }
    /** Whether (s, t) = a(u) of one linear output u (the mean is taken before the activation). */
    boolean activationLast() { return subsets.activationLast(); }

    /** Reads this layer's sub-convolution weights and the stencils of the current stride. */
    void prepare(float[] params, ChunkGeometry g) {
        for (int i = 0; i < count; i++) subsetStencil[i] = g.restrictedStencil(subsets.tapList(i));
        unionStencil = g.restrictedStencil(subsets.unionTaps());
        for (int j = 0; j < nc; j++) {
            if (activationLast()) packUnion(params, j);
            else for (int i = 0; i < count; i++) packSubset(params, j, i);
        }
    }

    private void packSubset(float[] params, int j, int i) {
        int cin = channels[j];
        int cout = channels[j + 1];
        int w0 = layout.subsetWeightOffset(layer, j, i);
        for (int co = 0; co < cout; co++) {
            for (int ci = 0; ci < cin; ci++) {
                for (int tap = 0; tap < taps; tap++) {
                    float w = params[w0 + (co * cin + ci) * taps + tap];
                    wp[j][i][(ci * taps + tap) * cout + co] = w;
                    wpT[j][i][(co * taps + tap) * cin + ci] = w;
                }
            }
        }
        System.arraycopy(params, layout.subsetBiasOffset(layer, j, i), bias[j][i], 0, cout);
    }

    /** W_union[co][ci][u] = (Σ_{i: u ∈ taps of i} W_i[co][ci][tap']) / n, b_union = (Σ_i b_i) / n. */
    private void packUnion(float[] params, int j) {
        int cin = channels[j];
        int cout = channels[j + 1];
        float[] p = unionWp[j];
        float[] q = unionWpT[j];
        Arrays.fill(p, 0f);
        Arrays.fill(unionBias[j], 0f);
        for (int i = 0; i < count; i++) {
            int w0 = layout.subsetWeightOffset(layer, j, i);
            int[] pos = subsets.unionPosition(i);
            for (int co = 0; co < cout; co++) {
                for (int ci = 0; ci < cin; ci++) {
                    for (int tap = 0; tap < taps; tap++) {
                        p[(ci * unionTaps + pos[tap]) * cout + co] += params[w0 + (co * cin + ci) * taps + tap];
                    }
                }
            }
            int b0 = layout.subsetBiasOffset(layer, j, i);
            for (int co = 0; co < cout; co++) unionBias[j][co] += params[b0 + co];
        }
        for (int x = 0; x < p.length; x++) p[x] /= count;
        for (int co = 0; co < cout; co++) unionBias[j][co] /= count;
        for (int co = 0; co < cout; co++) {
            for (int ci = 0; ci < cin; ci++) {
                for (int u = 0; u < unionTaps; u++) q[(co * unionTaps + u) * cin + ci] = p[(ci * unionTaps + u) * cout + co];
            }
        }
    }

    private int mode(int conv) {
        return conv == nc - 1 && finalTanh ? FlowKernels.TANH : FlowKernels.LEAKY_RELU;
    }

    /**
     * out[j] for j = 0…nc−1 from x0 = m⊙φ (hidden convolutions at every site, the last one at the
     * active sites only).
     */
    void forward(ChunkGeometry g, Buffers b, float[] x0, float[][] out, int[] active) {
        FlowKernels k = g.kernels();
        int cs = g.channelStride();
        int st = g.stride();
        float[] in = x0;
        for (int j = 0; j < nc; j++) {
            int[] sites = j == nc - 1 ? active : g.allSites();
            int cin = channels[j];
            int cout = channels[j + 1];
            if (activationLast()) {
                k.convolve(in, cin, unionWp[j], unionBias[j], out[j], cout, cs, unionStencil.forward(), unionTaps,
                        sites, sites.length, st, mode(j), null);
            } else {
                for (int i = 0; i < count; i++) {
                    float[] target = i == 0 ? out[j] : b.branch;
                    k.convolve(in, cin, wp[j][i], bias[j][i], target, cout, cs, subsetStencil[i].forward(), taps,
                            sites, sites.length, st, mode(j), null);
                    if (i > 0) addAt(out[j], b.branch, cout, cs, sites, st);
                }
                divideAt(out[j], count, cout, cs, sites, st);
            }
            in = out[j];
        }
    }

    /**
     * Reverse mode of {@link #forward}: accumulates ∂L/∂W_i, ∂L/∂b_i into grad and adds ∂L/∂x0 on
     * the frozen sites to dPhi.
     *
     * @param act  the saved out[] of the forward pass
     * @param dOut on entry, zero off the active sites: with {@link #activationLast()} ∂L/∂u of the
     *             last convolution's linear output u, (s, t) = a(u); otherwise ∂L/∂(s, t)
     */
    void backward(ChunkGeometry g, Buffers b, float[] x0, float[][] act, float[] dOut, float[] dPhi, float[] grad,
                  int[] active, int[] frozen) {
        for (int j = nc - 1; j >= 0; j--) {
            float[] in = j == 0 ? x0 : act[j - 1];
            int[] sites = j == nc - 1 ? active : g.allSites();
            float[] dIn = j == 0 ? b.dx0 : b.dHidden[j - 1];
            if (activationLast()) unionBackward(g, b, j, in, sites, dOut, dIn, act, grad, frozen);
            else subsetBackward(g, b, j, in, sites, dOut, dIn, grad, frozen);
            if (j == 0) g.kernels().addSites(dPhi, b.dx0, frozen, frozen.length, g.stride());
            else dOut = dIn;
        }
    }

    /** Mean before activation: dOut = ∂L/∂(pre-activation); dIn (j &gt; 0) = ∂L/∂(pre-activation of conv j−1). */
    private void unionBackward(ChunkGeometry g, Buffers b, int j, float[] in, int[] sites, float[] dOut, float[] dIn,
                               float[][] act, float[] grad, int[] frozen) {
        FlowKernels k = g.kernels();
        int cs = g.channelStride();
        int st = g.stride();
        int cin = channels[j];
        int cout = channels[j + 1];
        int nw = cout * cin * unionTaps;
        float[] unionGrad = b.unionGrad;
        Arrays.fill(unionGrad, 0, nw + cout, 0f);
        k.weightGradient(dOut, cout, in, cin, cs, unionStencil.forward(), unionTaps, sites, sites.length, st,
                unionGrad, 0, nw, b.kernelScratch);
        for (int i = 0; i < count; i++) {
            int w0 = layout.subsetWeightOffset(layer, j, i);
            int b0 = layout.subsetBiasOffset(layer, j, i);
            int[] pos = subsets.unionPosition(i);
            for (int co = 0; co < cout; co++) {
                for (int ci = 0; ci < cin; ci++) {
                    int row = (co * cin + ci) * unionTaps;
                    for (int tap = 0; tap < taps; tap++) grad[w0 + (co * cin + ci) * taps + tap] += unionGrad[row + pos[tap]] / count;
                }
                grad[b0 + co] += unionGrad[nw + co] / count;
            }
        }
        int[] to = j == 0 ? frozen : g.allSites();
        k.convolve(dOut, cout, unionWpT[j], null, dIn, cin, cs, unionStencil.transposed(), unionTaps, to, to.length, st,
                j == 0 ? FlowKernels.LINEAR : FlowKernels.TIMES_LEAKY_DERIVATIVE, j == 0 ? null : act[j - 1]);
    }

    /**
     * Mean after activation: dOut = ∂L/∂out_j (post-activation mean); writes dIn = ∂L/∂out_{j−1}
     * (j &gt; 0, every site) or ∂L/∂x0 (j = 0, frozen sites). δ_i = dOut ⊙ a_j'(conv_{j,i}) / n with
     * the sub-convolution recomputed.
     */
    private void subsetBackward(ChunkGeometry g, Buffers b, int j, float[] in, int[] sites, float[] dOut,
                                float[] dIn, float[] grad, int[] frozen) {
        FlowKernels k = g.kernels();
        int cs = g.channelStride();
        int st = g.stride();
        int cin = channels[j];
        int cout = channels[j + 1];
        boolean last = j == nc - 1;
        // the last convolution's δ must vanish off the active sites for the transposed convolution
        float[] delta = last ? b.deltaLast : b.delta;
        int[] to = j == 0 ? frozen : g.allSites();
        for (int i = 0; i < count; i++) {
            Stencil s = subsetStencil[i];
            k.convolve(in, cin, wp[j][i], bias[j][i], b.branch, cout, cs, s.forward(), taps, sites, sites.length, st,
                    mode(j), null);
            branchDelta(dOut, b.branch, delta, cout, cs, sites, st, last && finalTanh, count);
            k.weightGradient(delta, cout, in, cin, cs, s.forward(), taps, sites, sites.length, st, grad,
                    layout.subsetWeightOffset(layer, j, i), layout.subsetBiasOffset(layer, j, i), b.kernelScratch);
            float[] target = i == 0 ? dIn : b.branchIn;
            k.convolve(delta, cout, wpT[j][i], null, target, cin, cs, s.transposed(), taps, to, to.length, st,
                    FlowKernels.LINEAR, null);
            if (i > 0) addAt(dIn, b.branchIn, cin, cs, to, st);
        }
    }

    /**
     * δ = dPost ⊙ a'(y) / n on c planes at the sites, y = a(·) post-activation: tanh' = 1 − y²,
     * leaky' = max(signum(y), slope) (1 for y &gt; 0, the slope otherwise), branch-free so the JIT
     * vectorises it.
     */
    private static void branchDelta(float[] dPost, float[] y, float[] delta, int c, int cs, int[] sites, int stride,
                                    boolean tanh, int n) {
        float inv = 1f / n;
        if (sites.length * stride == cs) {
            deltaRange(dPost, y, delta, 0, c * cs, tanh, inv);
            return;
        }
        for (int ch = 0; ch < c; ch++) {
            for (int site : sites) {
                int o = ch * cs + site * stride;
                deltaRange(dPost, y, delta, o, o + stride, tanh, inv);
            }
        }
    }

    private static void deltaRange(float[] dPost, float[] y, float[] delta, int from, int to, boolean tanh, float inv) {
        if (tanh) {
            for (int x = from; x < to; x++) delta[x] = dPost[x] * (1f - y[x] * y[x]) * inv;
        } else {
            for (int x = from; x < to; x++) delta[x] = dPost[x] * Math.max(Math.signum(y[x]), FlowKernels.LEAKY_SLOPE) * inv;
        }
    }

    /** dst += src on c planes at the sites. */
    private static void addAt(float[] dst, float[] src, int c, int cs, int[] sites, int stride) {
        if (sites.length * stride == cs) {
            for (int x = 0; x < c * cs; x++) dst[x] += src[x];
            return;
        }
        for (int ch = 0; ch < c; ch++) {
            for (int site : sites) {
                int o = ch * cs + site * stride;
                for (int x = o; x < o + stride; x++) dst[x] += src[x];
            }
        }
    }

    /** dst ← dst / n on c planes at the sites (the mean of the n sub-convolutions). */
    private static void divideAt(float[] dst, int n, int c, int cs, int[] sites, int stride) {
        float inv = 1f / n;
        if (sites.length * stride == cs) {
            for (int x = 0; x < c * cs; x++) dst[x] *= inv;
            return;
        }
        for (int ch = 0; ch < c; ch++) {
            for (int site : sites) {
                int o = ch * cs + site * stride;
                for (int x = o; x < o + stride; x++) dst[x] *= inv;
            }
        }
    }

    /** A worker's temporary buffers (shared between layers via {@link WorkerScratch}). */
    static final class Buffers {
        final float[][] dHidden;
        final float[] dx0;
        final float[] kernelScratch;
        /** One sub-convolution's output (c_out planes). */
        final float[] branch;
        /** One sub-convolution's input gradient (c_in planes). */
        final float[] branchIn;
        final float[] delta;
        /** δ of the last convolution: zero off the active sites of this parity (like dSt). */
        final float[] deltaLast;
        final float[] unionGrad;

        Buffers(WorkerScratch scratch, int[] channels, int unionTaps, int plane, int laneMultiple, int parity) {
            int nc = channels.length - 1;
            dHidden = new float[Math.max(nc - 1, 0)][];
            for (int j = 0; j < nc - 1; j++) dHidden[j] = scratch.floats("combinational.dHidden." + j, channels[j + 1] * plane);
            dx0 = scratch.floats("combinational.dInput", plane);
            kernelScratch = scratch.floats("kernel.scratch", FlowKernels.SCRATCH_LANES * laneMultiple);
            int maxC = 0;
            int maxW = 0;
            for (int j = 0; j < nc; j++) {
                maxC = Math.max(maxC, Math.max(channels[j], channels[j + 1]));
                maxW = Math.max(maxW, channels[j + 1] * (channels[j] * unionTaps + 1));
            }
            branch = scratch.floats("combinational.branch", maxC * plane);
            branchIn = scratch.floats("combinational.branchInput", maxC * plane);
            delta = scratch.floats("combinational.delta", maxC * plane);
            deltaLast = scratch.floats("combinational.deltaLast." + parity, channels[nc] * plane);
            unionGrad = scratch.floats("combinational.unionGradient", maxW);
        }
    }
}
