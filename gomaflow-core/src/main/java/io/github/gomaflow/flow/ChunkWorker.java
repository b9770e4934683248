package io.github.gomaflow.flow;

import io.github.gomaflow.action.Target;
import io.github.gomaflow.nn.kernel.FlowKernels;
import java.util.Arrays;

/**
 * One worker's buffers and the per-chunk passes of the flow: forward (optionally saving every
 * layer's activations), inverse, and forward + backward for the reverse-KL gradient. Every buffer
 * is overwritten before it is read, so a chunk's result does not depend on which worker ran it.
 *
 * <p>Buffers are planes {@code [site·S + b]} with S = lane stride; a tensor of C channels is one
 * array of C planes with channel stride cs = V·S.
 */
final class ChunkWorker {
    private final FlowEngine.Shared sh;
    private final FlowKernels k;
    /** phis[l]: input of layer l; phis[n]: the output. Forward-only passes use phis[0] in place. */
    private final float[][] phis;
    /** act[l][j]: post-activation output of conv j of layer l (slot 0 for forward-only passes). */
    private final float[][][] act;
    /** dBuf[j]: gradient w.r.t. the pre-activation of conv j, for j below the last. */
    private final float[][] dBuf;
    /** dSt[p]: gradient w.r.t. pre-activation s, t for layers of parity p; zero on frozen sites. */
    private final float[][] dSt;
    private final float[] x0;
    private final float[] dx0;
    private final float[] g;
    private final float[] layerLogDet;
    private final double[] logDet;
    private final float[] dLogDet;
    private final double[] action;
    private final float[] scratch;
    /** Weight and bias gradient of conv 0 for one tap subset, [co·n + j] then [cout·n + co]. */
    private final float[] subGrad;
    /** Lane stride for which dSt is known to be zero on frozen sites. */
    private int zeroedStride = -1;

    ChunkWorker(FlowEngine.Shared sh, int maxStride) {
        this.sh = sh;
        this.k = sh.kernels;
        int plane = sh.volume * maxStride;
        int n = sh.nLayers;
        int nc = sh.channels.length - 1;
        phis = new float[n + 1][plane];
        act = new float[n][nc][];
        for (int l = 0; l < n; l++) {
            for (int j = 0; j < nc; j++) act[l][j] = new float[sh.channels[j + 1] * plane];
        }
        dBuf = new float[nc][];
        for (int j = 0; j < nc - 1; j++) dBuf[j] = new float[sh.channels[j + 1] * plane];
        dSt = new float[][] {new float[2 * plane], new float[2 * plane]};
        x0 = new float[plane];
        dx0 = new float[plane];
        g = new float[plane];
        layerLogDet = new float[maxStride];
        logDet = new double[maxStride];
        dLogDet = new float[maxStride];
        action = new double[maxStride];
        scratch = new float[FlowKernels.SCRATCH_LANES * k.laneMultiple()];
        subGrad = new float[sh.channels[1] * (sh.taps + 1)];
    }

    /** Copies lanes [b0, b0+n) of a [V·B] batch into a chunk plane, zero-padding to S lanes. */
    private void gather(float[] src, int batch, int b0, int n, float[] dst) {
        int s = sh.stride;
        for (int site = 0; site < sh.volume; site++) {
            System.arraycopy(src, site * batch + b0, dst, site * s, n);
            Arrays.fill(dst, site * s + n, site * s + s, 0f);
        }
    }

    private void scatter(float[] src, float[] dst, int batch, int b0, int n) {
        int s = sh.stride;
        for (int site = 0; site < sh.volume; site++) System.arraycopy(src, site * s, dst, site * batch + b0, n);
    }

    /** m⊙φ: φ on the frozen sites, 0 on the sites layer l updates. */
    private void maskedInput(float[] phi, int layer) {
        int s = sh.stride;
        System.arraycopy(phi, 0, x0, 0, sh.volume * s);
        int[] active = sh.active[layer & 1];
        for (int site : active) Arrays.fill(x0, site * s, site * s + s, 0f);
    }

    /** The CNN of layer l on {@link #x0}; fills out[j] for every conv j; s, t only on active sites. */
    private void network(int layer, float[][] out) {
        int nc = sh.channels.length - 1;
        int cs = sh.volume * sh.stride;
        float[] in = x0;
        for (int j = 0; j < nc; j++) {
            boolean last = j == nc - 1;
            int[] sites = last ? sh.active[layer & 1] : sh.all;
            int mode = last && sh.finalTanh ? FlowKernels.TANH : FlowKernels.LEAKY_RELU;
            int ix = layer * nc + j;
            if (j == 0) {
                firstConvolution(layer, out[0], last, mode);
            } else {
                k.convolve(in, sh.channels[j], sh.wp[ix], sh.bias[ix], out[j], sh.channels[j + 1], cs,
                        sh.stencil.forward(), sh.taps, sites, sites.length, sh.stride, mode, null);
            }
            in = out[j];
        }
    }

    /**
     * Conv 0 on m⊙φ, which vanishes on the active sites: an active output sees frozen inputs only
     * through taps with odd |offset|₁, a frozen output through even ones; half the work.
     */
    private void firstConvolution(int layer, float[] out, boolean last, int mode) {
        int cs = sh.volume * sh.stride;
        int[] active = sh.active[layer & 1];
        int[] frozen = sh.active[(layer + 1) & 1];
        float[] bias = sh.bias[layer * (sh.channels.length - 1)];
        int cout = sh.channels[1];
        k.convolve(x0, 1, sh.wp0Sub[layer][1], bias, out, cout, cs, sh.sub[1].forward(), sh.sub[1].taps(),
                active, active.length, sh.stride, mode, null);
        if (!last) {
            k.convolve(x0, 1, sh.wp0Sub[layer][0], bias, out, cout, cs, sh.sub[0].forward(), sh.sub[0].taps(),
                    frozen, frozen.length, sh.stride, mode, null);
        }
    }

    private void addLayerLogDet() {
        for (int b = 0; b < sh.stride; b++) {
            logDet[b] += layerLogDet[b];
            layerLogDet[b] = 0f;
        }
    }

    /** Runs layers 0…n−1 on phis[0]; when {@code save}, layer l reads phis[l], writes phis[l+1]. */
    private float[] forwardLayers(boolean save) {
        int cs = sh.volume * sh.stride;
        Arrays.fill(logDet, 0.0);
        Arrays.fill(layerLogDet, 0f);
        float[] phi = phis[0];
        for (int l = 0; l < sh.nLayers; l++) {
            maskedInput(phi, l);
            float[][] out = act[save ? l : 0];
            network(l, out);
            if (save) {
                System.arraycopy(phis[l], 0, phis[l + 1], 0, cs);
                phi = phis[l + 1];
            }
            int[] active = sh.active[l & 1];
            k.couplingForward(phi, out[out.length - 1], cs, active, active.length, sh.stride, layerLogDet);
            addLayerLogDet();
        }
        return phi;
    }

    /** φ = f(z) for lanes [b0, b0+n) of the batch. */
    void forward(float[] z, int batch, int b0, int n, float[] phiOut, double[] logDetOut) {
        gather(z, batch, b0, n, phis[0]);
        float[] phi = forwardLayers(false);
        scatter(phi, phiOut, batch, b0, n);
        System.arraycopy(logDet, 0, logDetOut, b0, n);
    }

    /** z = f⁻¹(φ) for lanes [b0, b0+n); logDet of the forward map. */
    void inverse(float[] phiIn, int batch, int b0, int n, float[] zOut, double[] logDetOut) {
        int cs = sh.volume * sh.stride;
        gather(phiIn, batch, b0, n, phis[0]);
        Arrays.fill(logDet, 0.0);
        Arrays.fill(layerLogDet, 0f);
        float[] phi = phis[0];
        float[][] out = act[0];
        for (int l = sh.nLayers - 1; l >= 0; l--) {
            maskedInput(phi, l);
            network(l, out);
            int[] active = sh.active[l & 1];
            k.couplingInverse(phi, out[out.length - 1], cs, active, active.length, sh.stride, layerLogDet);
            addLayerLogDet();
        }
        scatter(phi, zOut, batch, b0, n);
        System.arraycopy(logDet, 0, logDetOut, b0, n);
    }

    /**
     * Forward and backward of L = (1/B) Σ_b [−logDet_b + S(φ_b)] for lanes [b0, b0+n); accumulates
     * this chunk's ∂L/∂θ into {@code grad} (which the caller zeroed).
     */
    void lossGradient(float[] z, int batch, int b0, int n, Target s, float[] phiOut, double[] logDetOut,
                      double[] sOut, float[] grad) {
        if (zeroedStride != sh.stride) {
            Arrays.fill(dSt[0], 0f);
            Arrays.fill(dSt[1], 0f);
            zeroedStride = sh.stride;
        }
        gather(z, batch, b0, n, phis[0]);
        float[] phi = forwardLayers(true);
        scatter(phi, phiOut, batch, b0, n);
        System.arraycopy(logDet, 0, logDetOut, b0, n);
        int st = sh.stride;
        s.action(phi, st, action);
        System.arraycopy(action, 0, sOut, b0, n);
        float scale = 1f / batch;
        s.gradient(phi, st, scale, g);
        for (int site = 0; site < sh.volume; site++) Arrays.fill(g, site * st + n, site * st + st, 0f);
        Arrays.fill(dLogDet, 0, n, -scale);
        Arrays.fill(dLogDet, n, st, 0f);
        for (int l = sh.nLayers - 1; l >= 0; l--) backwardLayer(l, grad);
    }

    /**
     * Input gradient of the last conv: ∂L/∂(s,t) vanishes off the active sites, so y − offset is
     * active for an active y through even taps only and for a frozen y through odd taps only.
     */
    private void lastTransposed(int l, float[] dOut, float[] dIn, float[] act) {
        int nc = sh.channels.length - 1;
        int cs = sh.volume * sh.stride;
        int[] active = sh.active[l & 1];
        int[] frozen = sh.active[(l + 1) & 1];
        for (int q = 0; q < 2; q++) {
            int[] sites = q == 0 ? active : frozen;
            k.convolve(dOut, sh.channels[nc], sh.wpTLastSub[l][q], null, dIn, sh.channels[nc - 1], cs,
                    sh.sub[q].transposed(), sh.sub[q].taps(), sites, sites.length, sh.stride,
                    FlowKernels.TIMES_LEAKY_DERIVATIVE, act);
        }
    }

    /**
     * Weight and bias gradient of conv 0: its input m⊙φ(x + o) is non-zero only for frozen x + o,
     * i.e. active x with odd taps and frozen x with even taps (only the first when dOut vanishes
     * off the active sites, i.e. conv 0 is the last conv).
     */
    private void firstWeightGradient(int l, float[] dOut, float[] grad, boolean onlyActive) {
        subsetWeightGradient(l, dOut, grad, 1, sh.active[l & 1]);
        if (!onlyActive) subsetWeightGradient(l, dOut, grad, 0, sh.active[(l + 1) & 1]);
    }

    private void subsetWeightGradient(int l, float[] dOut, float[] grad, int q, int[] sites) {
        int cout = sh.channels[1];
        int[] list = sh.tapSub[q];
        int n = list.length;
        Arrays.fill(subGrad, 0, cout * n + cout, 0f);
        k.weightGradient(dOut, cout, x0, 1, sh.volume * sh.stride, sh.sub[q].forward(), n, sites, sites.length,
                sh.stride, subGrad, 0, cout * n, scratch);
        for (int co = 0; co < cout; co++) {
            for (int j = 0; j < n; j++) grad[sh.layout.weightIndex(l, 0, co, 0, list[j])] += subGrad[co * n + j];
            grad[sh.layout.biasOffset(l, 0) + co] += subGrad[cout * n + co];
        }
    }

    /** g: ∂L/∂φ_{l+1} on entry, ∂L/∂φ_l on exit. */
    private void backwardLayer(int l, float[] grad) {
        int nc = sh.channels.length - 1;
        int cs = sh.volume * sh.stride;
        int st = sh.stride;
        int taps = sh.taps;
        int[] active = sh.active[l & 1];
        int[] frozen = sh.active[(l + 1) & 1];
        float[][] a = act[l];
        float[] dOut = dSt[l & 1];
        maskedInput(phis[l], l);
        k.couplingBackward(g, phis[l], a[nc - 1], dOut, cs, dLogDet, sh.finalTanh, active, active.length, st);
        for (int j = nc - 1; j >= 0; j--) {
            int[] sites = j == nc - 1 ? active : sh.all;
            int ix = l * nc + j;
            float[] in = j == 0 ? x0 : a[j - 1];
            int cin = sh.channels[j];
            int cout = sh.channels[j + 1];
            if (j == 0) {
                firstWeightGradient(l, dOut, grad, nc == 1);
            } else {
                k.weightGradient(dOut, cout, in, cin, cs, sh.stencil.forward(), taps, sites, sites.length, st, grad,
                        sh.layout.weightOffset(l, j), sh.layout.biasOffset(l, j), scratch);
            }
            if (j > 0) {
                if (j == nc - 1) {
                    lastTransposed(l, dOut, dBuf[j - 1], a[j - 1]);
                } else {
                    k.convolve(dOut, cout, sh.wpT[ix], null, dBuf[j - 1], cin, cs, sh.stencil.transposed(), taps,
                            sh.all, sh.all.length, st, FlowKernels.TIMES_LEAKY_DERIVATIVE, a[j - 1]);
                }
                dOut = dBuf[j - 1];
            } else {
                if (nc == 1) {
                    // dOut = ∂L/∂(s,t) vanishes off the active sites: a frozen y sees it through odd taps
                    k.convolve(dOut, cout, sh.wpTLastSub[l][1], null, dx0, 1, cs, sh.sub[1].transposed(),
                            sh.sub[1].taps(), frozen, frozen.length, st, FlowKernels.LINEAR, null);
                } else {
                    k.convolve(dOut, cout, sh.wpT[ix], null, dx0, 1, cs, sh.stencil.transposed(), taps,
                            frozen, frozen.length, st, FlowKernels.LINEAR, null);
                }
                k.addSites(g, dx0, frozen, frozen.length, st);
            }
        }
    }
}
