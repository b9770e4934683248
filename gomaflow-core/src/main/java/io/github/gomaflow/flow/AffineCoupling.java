package io.github.gomaflow.flow;

import io.github.gomaflow.nn.kernel.FlowKernels;
import java.util.Arrays;

/**
 * Affine coupling layer with a checkerboard mask (docs/ARCHITECTURE.md, "Layers"): with m = 1 on
 * the frozen sites (parity ≠ {@code activeParity}) and (s, t) = conditioner(m⊙φ),
 * <pre>φ' = m⊙φ + (1−m)⊙(φ⊙e^s + t),   log|det ∂φ'/∂φ| = Σ_x (1−m)⊙s,</pre>
 * the inverse φ = (φ' − t)⊙e^{−s} on the active sites (the conditioner sees frozen sites only,
 * which f and f⁻¹ share).
 */
final class AffineCoupling implements FlowLayer {
    private final int activeParity;
    private final ConvConditioner conditioner;

    /**
     * @param activeParity checkerboard parity of the sites this layer updates
     * @param conditioner  the network giving (s, t)
     */
    AffineCoupling(int activeParity, ConvConditioner conditioner) {
        this.activeParity = activeParity;
        this.conditioner = conditioner;
    }

    private static final class Work implements Workspace {
        /** Masked input m⊙φ (shared scratch). */
        final float[] x0;
        /** Post-activation outputs of every conv, kept for the reverse pass. */
        final float[][] saved;
        /** Same shape as {@link #saved}, shared scratch for passes that save nothing. */
        final float[][] transientAct;
        /** ∂L/∂(s,t) pre-activation; zero on the frozen sites (shared by layers of one parity). */
        final float[] dSt;
        final ConvConditioner.Buffers buffers;
        /** Lane stride for which {@link #dSt} is known to be zero on the frozen sites. */
        int zeroedStride = -1;

        Work(WorkerScratch scratch, int[] channels, int taps, int plane, int laneMultiple, int parity) {
            int nc = channels.length - 1;
            x0 = scratch.floats("coupling.maskedInput", plane);
            saved = new float[nc][];
            transientAct = new float[nc][];
            for (int j = 0; j < nc; j++) {
                saved[j] = new float[channels[j + 1] * plane];
                transientAct[j] = scratch.floats("coupling.activation." + j, channels[j + 1] * plane);
            }
            dSt = scratch.floats("coupling.dSt." + parity, 2 * plane);
            buffers = new ConvConditioner.Buffers(scratch, channels, taps, plane, laneMultiple);
        }
    }

    @Override
    public Workspace newWorkspace(ChunkGeometry g, WorkerScratch scratch, int maxStride) {
        return new Work(scratch, conditioner.channels(), conditioner.taps(), g.volume() * maxStride,
                g.kernels().laneMultiple(), activeParity);
    }

    @Override
    public void prepare(float[] parameters, ChunkGeometry geometry) { conditioner.prepare(parameters, geometry); }

    /** x0 = m⊙φ: φ on the frozen sites, 0 on the active ones. */
    private void maskedInput(ChunkGeometry g, float[] phi, float[] x0) {
        int s = g.stride();
        System.arraycopy(phi, 0, x0, 0, g.channelStride());
        for (int site : g.sitesWithParity(activeParity)) Arrays.fill(x0, site * s, site * s + s, 0f);
    }

    @Override
    public void forward(ChunkGeometry g, Workspace ws, float[] phi, float[] logDet, boolean save) {
        Work w = (Work) ws;
        int[] active = g.sitesWithParity(activeParity);
        maskedInput(g, phi, w.x0);
        float[][] out = save ? w.saved : w.transientAct;
        conditioner.forward(g, w.x0, out, active, g.sitesWithParity(activeParity ^ 1));
        g.kernels().couplingForward(phi, out[out.length - 1], g.channelStride(), active, active.length, g.stride(),
                logDet);
    }

    @Override
    public void inverse(ChunkGeometry g, Workspace ws, float[] phi, float[] logDet) {
        Work w = (Work) ws;
        int[] active = g.sitesWithParity(activeParity);
        maskedInput(g, phi, w.x0);
        conditioner.forward(g, w.x0, w.transientAct, active, g.sitesWithParity(activeParity ^ 1));
        g.kernels().couplingInverse(phi, w.transientAct[w.transientAct.length - 1], g.channelStride(), active,
                active.length, g.stride(), logDet);
    }

    @Override
    public void backward(ChunkGeometry g, Workspace ws, float[] phiIn, float[] dPhi, float[] dLogDet, float[] grad) {
        Work w = (Work) ws;
        if (w.zeroedStride != g.stride()) {
            Arrays.fill(w.dSt, 0f);
            w.zeroedStride = g.stride();
        }
        int[] active = g.sitesWithParity(activeParity);
        int[] frozen = g.sitesWithParity(activeParity ^ 1);
        maskedInput(g, phiIn, w.x0);
        float[][] a = w.saved;
        g.kernels().couplingBackward(dPhi, phiIn, a[a.length - 1], w.dSt, g.channelStride(), dLogDet,
                conditioner.finalTanh(), active, active.length, g.stride());
        conditioner.backward(g, w.buffers, w.x0, phiIn, a, w.dSt, dPhi, grad, active, frozen);
    }

    /**
     * With x = φ_in, y = φ_out: x = y on the frozen sites, x = (y − t)·e^{−s} on the active ones,
     * (s, t) = conditioner(m⊙y) and log-det Σ s. Active sites: ∂F/∂y = e^{−s}·∂F/∂x; frozen sites:
     * ∂F/∂x plus the conditioner's input gradient of ∂F/∂s = dLogDet − x·∂F/∂x, ∂F/∂t = −e^{−s}·∂F/∂x
     * (its parameter gradients are not formed).
     */
    @Override
    public void inverseBackward(ChunkGeometry g, Workspace ws, float[] phiIn, float[] dPhi, float[] dLogDet) {
        Work w = (Work) ws;
        if (w.zeroedStride != g.stride()) {
            Arrays.fill(w.dSt, 0f);
            w.zeroedStride = g.stride();
        }
        int[] active = g.sitesWithParity(activeParity);
        int[] frozen = g.sitesWithParity(activeParity ^ 1);
        float[][] a = w.saved;
        g.kernels().couplingInverseBackward(dPhi, phiIn, a[a.length - 1], w.dSt, g.channelStride(), dLogDet,
                conditioner.finalTanh(), active, active.length, g.stride());
        conditioner.backward(g, w.buffers, null, phiIn, a, w.dSt, dPhi, null, active, frozen);
    }
}
