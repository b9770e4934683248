package io.github.gomaflow.flow;

import io.github.gomaflow.nn.kernel.FlowKernels;
import java.util.Arrays;

/**
 * Z2-equivariant affine coupling layer (docs/ARCHITECTURE.md, "Z2-equivariant coupling"): the
 * checkerboard coupling of {@link AffineCoupling},
 * <pre>φ' = m⊙φ + (1−m)⊙(φ⊙e^s + t),   log|det ∂φ'/∂φ| = Σ_x (1−m)⊙s,</pre>
 * with s = sNet(|m⊙φ|) even and t = tNet(m⊙φ) odd in φ (tNet: no biases, tanh after every
 * convolution, the last tanh or none), so that f(−φ) = −f(φ) and the log-det is even. Both networks
 * have one output channel; the s network writes plane 0 of the (s, t) buffer the coupling kernels
 * read, t is copied into plane 1.
 */
final class Z2AffineCoupling implements FlowLayer {
    private final int activeParity;
    private final ConvConditioner sNet;
    private final ConvConditioner tNet;

    /**
     * @param activeParity checkerboard parity of the sites this layer updates
     * @param sNet         the network giving s, reading |m⊙φ| ({@link ConvConditioner#absoluteInput()})
     * @param tNet         the odd network giving t, reading m⊙φ
     */
    Z2AffineCoupling(int activeParity, ConvConditioner sNet, ConvConditioner tNet) {
        if (!sNet.absoluteInput() || tNet.absoluteInput()) {
            throw new IllegalArgumentException("the s network must read |m⊙φ| and the t network m⊙φ");
        }
        this.activeParity = activeParity;
        this.sNet = sNet;
        this.tNet = tNet;
    }

    private static final class Work implements Workspace {
        /** m⊙φ and |m⊙φ| (shared scratch). */
        final float[] x0;
        final float[] x0Abs;
        /** Post-activation outputs of every conv of each network, kept for the reverse pass; sSaved's last holds (s, t). */
        final float[][] sSaved;
        final float[][] tSaved;
        /** Same shapes, shared scratch for passes that save nothing. */
        final float[][] sTransient;
        final float[][] tTransient;
        /** ∂L/∂(s, t) and ∂L/∂t before the last activation; zero on the frozen sites (shared by layers of one parity). */
        final float[] dSt;
        final float[] dT;
        final ConvConditioner.Buffers buffers;
        /** Lane stride for which {@link #dSt}, {@link #dT} are known to be zero on the frozen sites. */
        int zeroedStride = -1;

        Work(WorkerScratch scratch, int[] channels, int taps, int plane, int laneMultiple, int parity) {
            int nc = channels.length - 1;
            x0 = scratch.floats("coupling.maskedInput", plane);
            x0Abs = scratch.floats("coupling.absMaskedInput", plane);
            sSaved = new float[nc][];
            tSaved = new float[nc][];
            sTransient = new float[nc][];
            tTransient = new float[nc][];
            for (int j = 0; j < nc; j++) {
                // the s network's last output gets a second plane for t
                int sPlanes = j == nc - 1 ? 2 : channels[j + 1];
                sSaved[j] = new float[sPlanes * plane];
                tSaved[j] = new float[channels[j + 1] * plane];
                sTransient[j] = scratch.floats("z2coupling.sActivation." + j, sPlanes * plane);
                tTransient[j] = scratch.floats("z2coupling.tActivation." + j, channels[j + 1] * plane);
            }
            dSt = scratch.floats("coupling.dSt." + parity, 2 * plane);
            dT = scratch.floats("z2coupling.dT." + parity, plane);
            buffers = new ConvConditioner.Buffers(scratch, channels, taps, plane, laneMultiple);
        }
    }

    @Override
    public Workspace newWorkspace(ChunkGeometry g, WorkerScratch scratch, int maxStride) {
        return new Work(scratch, sNet.channels(), sNet.taps(), g.volume() * maxStride, g.kernels().laneMultiple(),
                activeParity);
    }

    @Override
    public void prepare(float[] parameters, ChunkGeometry geometry) {
        sNet.prepare(parameters, geometry);
        tNet.prepare(parameters, geometry);
    }

    /** x0 = m⊙φ (φ on the frozen sites, 0 on the active ones) and x0Abs = |x0|. */
    private void maskedInputs(ChunkGeometry g, float[] phi, float[] x0, float[] x0Abs) {
        int s = g.stride();
        int cs = g.channelStride();
        System.arraycopy(phi, 0, x0, 0, cs);
        for (int site : g.sitesWithParity(activeParity)) Arrays.fill(x0, site * s, site * s + s, 0f);
        for (int i = 0; i < cs; i++) x0Abs[i] = Math.abs(x0[i]);
    }

    /** dst[dstOffset + i] = src[i] for the lanes of the listed sites (one plane). */
    private static void copySites(float[] src, float[] dst, int dstOffset, int[] sites, int stride) {
        for (int site : sites) System.arraycopy(src, site * stride, dst, dstOffset + site * stride, stride);
    }

    /** Runs both networks; returns the (s, t) buffer (t copied into its plane 1 on the active sites). */
    private float[] conditioners(ChunkGeometry g, Work w, float[][] sOut, float[][] tOut, int[] active) {
        int[] frozen = g.sitesWithParity(activeParity ^ 1);
        sNet.forward(g, w.x0Abs, sOut, active, frozen);
        tNet.forward(g, w.x0, tOut, active, frozen);
        float[] st = sOut[sOut.length - 1];
        copySites(tOut[tOut.length - 1], st, g.channelStride(), active, g.stride());
        return st;
    }

    @Override
    public void forward(ChunkGeometry g, Workspace ws, float[] phi, float[] logDet, boolean save) {
        Work w = (Work) ws;
        int[] active = g.sitesWithParity(activeParity);
        maskedInputs(g, phi, w.x0, w.x0Abs);
        float[] st = save ? conditioners(g, w, w.sSaved, w.tSaved, active)
                : conditioners(g, w, w.sTransient, w.tTransient, active);
        g.kernels().couplingForward(phi, st, g.channelStride(), active, active.length, g.stride(), logDet);
    }

    @Override
    public void inverse(ChunkGeometry g, Workspace ws, float[] phi, float[] logDet) {
        Work w = (Work) ws;
        int[] active = g.sitesWithParity(activeParity);
        maskedInputs(g, phi, w.x0, w.x0Abs);
        float[] st = conditioners(g, w, w.sTransient, w.tTransient, active);
        g.kernels().couplingInverse(phi, st, g.channelStride(), active, active.length, g.stride(), logDet);
    }

    /**
     * With g = ∂L/∂φ': ∂L/∂s = (g·φ·e^s + ∂L/∂logDet)·a_s'(s), ∂L/∂t = g·a_t'(t) (the coupling kernel,
     * whose one activation flag fits t when its last activation is tanh; with none, ∂L/∂t = g is taken
     * before the kernel scales g), then the s network's reverse pass (through |m⊙φ|) and the t network's.
     */
    @Override
    public void backward(ChunkGeometry g, Workspace ws, float[] phiIn, float[] dPhi, float[] dLogDet, float[] grad) {
        Work w = (Work) ws;
        if (w.zeroedStride != g.stride()) {
            Arrays.fill(w.dSt, 0f);
            Arrays.fill(w.dT, 0f);
            w.zeroedStride = g.stride();
        }
        int[] active = g.sitesWithParity(activeParity);
        int[] frozen = g.sitesWithParity(activeParity ^ 1);
        int st = g.stride();
        int cs = g.channelStride();
        maskedInputs(g, phiIn, w.x0, w.x0Abs);
        boolean linearT = tNet.lastMode() == FlowKernels.LINEAR;
        if (linearT) copySites(dPhi, w.dT, 0, active, st);
        float[] sAndT = w.sSaved[w.sSaved.length - 1];
        g.kernels().couplingBackward(dPhi, phiIn, sAndT, w.dSt, cs, dLogDet, sNet.finalTanh(), active, active.length, st);
        if (!linearT) {
            for (int site : active) System.arraycopy(w.dSt, cs + site * st, w.dT, site * st, st);
        }
        sNet.backward(g, w.buffers, w.x0Abs, phiIn, w.sSaved, w.dSt, dPhi, grad, active, frozen);
        tNet.backward(g, w.buffers, w.x0, phiIn, w.tSaved, w.dT, dPhi, grad, active, frozen);
    }
}
