package io.github.gomaflow.flow;

import io.github.gomaflow.action.Target;
import java.util.Arrays;

/**
 * One worker's buffers and the per-chunk passes of a flow given as a list of {@link FlowLayer}s
 * (docs/ARCHITECTURE.md, "Engine"): forward (optionally saving every layer's input), inverse, and
 * forward + reverse mode for the reverse-KL gradient (standard or path, the latter with the forward
 * recursion of ∇_φ log q between the two). Every buffer is overwritten before it is
 * read, so a chunk's result does not depend on which worker ran it.
 *
 * <p>Buffers are planes {@code [site·S + b]} with S = lane stride.
 */
final class ChunkWorker {
    private final ChunkGeometry geo;
    private final FlowLayer[] layers;
    private final FlowLayer.Workspace[] workspaces;
    /** phis[l]: input of layer l; phis[n]: the output. Forward-only passes use phis[0] in place. */
    private final float[][] phis;
    /** ∂L/∂φ of the current layer boundary. */
    private final float[] dPhi;
    private final float[] layerLogDet;
    private final double[] logDet;
    private final float[] dLogDet;
    private final double[] action;
    /** scale·∂S/∂φ of the target, before ∇ log q is added (path gradient). */
    private final float[] dAction;

    ChunkWorker(ChunkGeometry geo, FlowLayer[] layers, int maxStride) {
        this.geo = geo;
        this.layers = layers;
        int plane = geo.volume() * maxStride;
        WorkerScratch scratch = new WorkerScratch();
        workspaces = new FlowLayer.Workspace[layers.length];
        for (int l = 0; l < layers.length; l++) workspaces[l] = layers[l].newWorkspace(geo, scratch, maxStride);
        phis = new float[layers.length + 1][plane];
        dPhi = new float[plane];
        layerLogDet = new float[maxStride];
        logDet = new double[maxStride];
        dLogDet = new float[maxStride];
        action = new double[maxStride];
        dAction = new float[plane];
    }

    /** Copies lanes [b0, b0+n) of a [V·B] batch into a chunk plane, zero-padding to S lanes. */
    private void gather(float[] src, int batch, int b0, int n, float[] dst) {
        int s = geo.stride();
        for (int site = 0; site < geo.volume(); site++) {
            System.arraycopy(src, site * batch + b0, dst, site * s, n);
            Arrays.fill(dst, site * s + n, site * s + s, 0f);
        }
    }

    private void scatter(float[] src, float[] dst, int batch, int b0, int n) {
        int s = geo.stride();
        for (int site = 0; site < geo.volume(); site++) System.arraycopy(src, site * s, dst, site * batch + b0, n);
    }

    /** logDet (double) += layerLogDet (float), which is reset: per-layer sums in float, the total in double. */
    private void addLayerLogDet() {
        for (int b = 0; b < geo.stride(); b++) {
            logDet[b] += layerLogDet[b];
            layerLogDet[b] = 0f;
        }
    }

    /** Runs layers 0…n−1 on phis[0]; when {@code save}, layer l reads phis[l], writes phis[l+1]. */
    private float[] forwardLayers(boolean save) {
        int cs = geo.channelStride();
        Arrays.fill(logDet, 0.0);
        Arrays.fill(layerLogDet, 0f);
        float[] phi = phis[0];
        for (int l = 0; l < layers.length; l++) {
            if (save) {
                System.arraycopy(phis[l], 0, phis[l + 1], 0, cs);
                phi = phis[l + 1];
            }
            layers[l].forward(geo, workspaces[l], phi, layerLogDet, save);
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
        gather(phiIn, batch, b0, n, phis[0]);
        Arrays.fill(logDet, 0.0);
        Arrays.fill(layerLogDet, 0f);
        float[] phi = phis[0];
        for (int l = layers.length - 1; l >= 0; l--) {
            layers[l].inverse(geo, workspaces[l], phi, layerLogDet);
            addLayerLogDet();
        }
        scatter(phi, zOut, batch, b0, n);
        System.arraycopy(logDet, 0, logDetOut, b0, n);
    }

    /**
     * Forward and reverse mode of L = (1/B) Σ_b [−logDet_b + S(φ_b)] for lanes [b0, b0+n);
     * accumulates this chunk's ∂L/∂θ into {@code grad} (which the caller zeroed).
     */
    void lossGradient(float[] z, int batch, int b0, int n, Target target, float[] phiOut, double[] logDetOut,
                      double[] sOut, float[] grad) {
        gather(z, batch, b0, n, phis[0]);
        float[] phi = forwardLayers(true);
        scatter(phi, phiOut, batch, b0, n);
        System.arraycopy(logDet, 0, logDetOut, b0, n);
        int st = geo.stride();
        target.action(phi, st, action);
        System.arraycopy(action, 0, sOut, b0, n);
        float scale = 1f / batch;
        target.gradient(phi, st, scale, dPhi);
        for (int site = 0; site < geo.volume(); site++) Arrays.fill(dPhi, site * st + n, site * st + st, 0f);
        Arrays.fill(dLogDet, 0, n, -scale);
        Arrays.fill(dLogDet, n, st, 0f);
        for (int l = layers.length - 1; l >= 0; l--) layers[l].backward(geo, workspaces[l], phis[l], dPhi, dLogDet, grad);
    }

    /** Zeroes the padding lanes [n, S) of every site of one plane. */
    private void zeroPadding(float[] plane, int n) {
        int st = geo.stride();
        for (int site = 0; site < geo.volume(); site++) Arrays.fill(plane, site * st + n, site * st + st, 0f);
    }

    /**
     * After {@link #forwardLayers}(true) from z = phis[0]: dPhi ← ∇_φ log q(φ) at φ = phis[n] by the
     * forward recursion g_0 = ∇ log r(z), g_{l+1} = J_l^{−T}(g_l − ∇ log|det J_l|)
     * (docs/ARCHITECTURE.md, "Path gradients"); padding lanes stay zero.
     */
    private void logQGradient(int n, Target base) {
        int st = geo.stride();
        base.gradient(phis[0], st, -1f, dPhi);
        zeroPadding(dPhi, n);
        Arrays.fill(dLogDet, 0, n, -1f);
        Arrays.fill(dLogDet, n, st, 0f);
        for (int l = 0; l < layers.length; l++) layers[l].inverseBackward(geo, workspaces[l], phis[l], dPhi, dLogDet);
    }

    /**
     * Path gradient of the reverse KL for lanes [b0, b0+n) (docs/ARCHITECTURE.md, "Path gradients"):
     * accumulates (1/B) Σ_b v_b·∂f_θ(z_b)/∂θ into {@code grad} (zeroed by the caller), with
     * v = ∇_φ[log q_θ(φ) + S(φ)] at φ = f_θ(z), θ in log q held fixed; outputs as {@link #lossGradient}.
     *
     * @param base the prior as a target, S_r = −log r
     */
    void pathGradient(float[] z, int batch, int b0, int n, Target base, Target target, float[] phiOut,
                      double[] logDetOut, double[] sOut, float[] grad) {
        gather(z, batch, b0, n, phis[0]);
        float[] phi = forwardLayers(true);
        scatter(phi, phiOut, batch, b0, n);
        System.arraycopy(logDet, 0, logDetOut, b0, n);
        int st = geo.stride();
        target.action(phi, st, action);
        System.arraycopy(action, 0, sOut, b0, n);
        logQGradient(n, base);
        float scale = 1f / batch;
        target.gradient(phi, st, scale, dAction);
        int cs = geo.channelStride();
        for (int i = 0; i < cs; i++) dPhi[i] = Math.fma(scale, dPhi[i], dAction[i]);
        zeroPadding(dPhi, n);
        Arrays.fill(dLogDet, 0f);
        for (int l = layers.length - 1; l >= 0; l--) layers[l].backward(geo, workspaces[l], phis[l], dPhi, dLogDet, grad);
    }

    /**
     * ∇_φ log q(φ) and log q(φ) = log r(z) − log|det ∂φ/∂z| at given configurations, lanes [b0, b0+n):
     * z = f⁻¹(φ), then a saved forward from z and the forward recursion of {@link #logQGradient}.
     *
     * @param base the prior as a target, S_r = −log r
     */
    void logDensityGradient(float[] phiIn, int batch, int b0, int n, Target base, float[] gradOut, double[] logQOut) {
        gather(phiIn, batch, b0, n, phis[0]);
        Arrays.fill(layerLogDet, 0f);
        for (int l = layers.length - 1; l >= 0; l--) layers[l].inverse(geo, workspaces[l], phis[0], layerLogDet);
        int st = geo.stride();
        base.action(phis[0], st, action);
        forwardLayers(true);
        for (int b = 0; b < n; b++) logQOut[b0 + b] = -action[b] - logDet[b];
        logQGradient(n, base);
        scatter(dPhi, gradOut, batch, b0, n);
    }
}
