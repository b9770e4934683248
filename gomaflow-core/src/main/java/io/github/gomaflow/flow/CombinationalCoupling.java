package io.github.gomaflow.flow;

import io.github.gomaflow.nn.kernel.FloatMath;
import java.util.Arrays;

/**
 * The affine coupling of {@link AffineCoupling} (checkerboard mask, φ' = m⊙φ + (1−m)⊙(φ⊙e^s + t),
 * log|det| = Σ_x (1−m)⊙s) with a {@link CombinationalConditioner} giving (s, t)
 * (docs/ARCHITECTURE.md, "Combinational convolutions"). When the conditioner takes the mean after
 * the activations, (s, t) is not the activation of one linear output, so the reverse pass hands the
 * conditioner ∂L/∂(s, t) itself: ∂L/∂s = g·φ·e^s + ∂L/∂logDet, ∂L/∂t = g, ∂L/∂φ = g·e^s on the
 * active sites (g = ∂L/∂φ').
 */
final class CombinationalCoupling implements FlowLayer {
    private final int activeParity;
    private final CombinationalConditioner conditioner;

    CombinationalCoupling(int activeParity, CombinationalConditioner conditioner) {
        this.activeParity = activeParity;
        this.conditioner = conditioner;
    }

    private static final class Work implements Workspace {
        final float[] x0;
        final float[][] saved;
        final float[][] transientAct;
        /** ∂L/∂(s, t) (or of their pre-activation); zero on the frozen sites. */
        final float[] dSt;
        final CombinationalConditioner.Buffers buffers;
        int zeroedStride = -1;

        Work(WorkerScratch scratch, int[] channels, int unionTaps, int plane, int laneMultiple, int parity) {
            int nc = channels.length - 1;
            x0 = scratch.floats("coupling.maskedInput", plane);
            saved = new float[nc][];
            transientAct = new float[nc][];
            for (int j = 0; j < nc; j++) {
                saved[j] = new float[channels[j + 1] * plane];
                transientAct[j] = scratch.floats("coupling.activation." + j, channels[j + 1] * plane);
            }
            dSt = scratch.floats("combinational.dSt." + parity, 2 * plane);
            buffers = new CombinationalConditioner.Buffers(scratch, channels, unionTaps, plane, laneMultiple, parity);
        }
    }

    @Override
    public Workspace newWorkspace(ChunkGeometry g, WorkerScratch scratch, int maxStride) {
        return new Work(scratch, conditioner.channels(), conditioner.unionTaps(), g.volume() * maxStride,
                g.kernels().laneMultiple(), activeParity);
    }

    @Override
    public void prepare(float[] parameters, ChunkGeometry geometry) { conditioner.prepare(parameters, geometry); }

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
        conditioner.forward(g, w.buffers, w.x0, out, active);
        g.kernels().couplingForward(phi, out[out.length - 1], g.channelStride(), active, active.length, g.stride(),
                logDet);
    }

    @Override
    public void inverse(ChunkGeometry g, Workspace ws, float[] phi, float[] logDet) {
        Work w = (Work) ws;
        int[] active = g.sitesWithParity(activeParity);
        maskedInput(g, phi, w.x0);
        conditioner.forward(g, w.buffers, w.x0, w.transientAct, active);
        g.kernels().couplingInverse(phi, w.transientAct[w.transientAct.length - 1], g.channelStride(), active,
                active.length, g.stride(), logDet);
    }

    @Override
    public void backward(ChunkGeometry g, Workspace ws, float[] phiIn, float[] dPhi, float[] dLogDet, float[] grad) {
        Work w = (Work) ws;
        if (w.zeroedStride != g.stride()) {
            Arrays.fill(w.dSt, 0f);
            Arrays.fill(w.buffers.deltaLast, 0f);
            w.zeroedStride = g.stride();
        }
        int[] active = g.sitesWithParity(activeParity);
        int[] frozen = g.sitesWithParity(activeParity ^ 1);
        maskedInput(g, phiIn, w.x0);
        float[] st = w.saved[w.saved.length - 1];
        if (conditioner.activationLast()) {
            g.kernels().couplingBackward(dPhi, phiIn, st, w.dSt, g.channelStride(), dLogDet, conditioner.finalTanh(),
                    active, active.length, g.stride());
        } else {
            postActivationBackward(dPhi, phiIn, st, w.dSt, g.channelStride(), dLogDet, active, g.stride());
        }
        conditioner.backward(g, w.buffers, w.x0, w.saved, w.dSt, dPhi, grad, active, frozen);
    }

    /** dSt = (g·φ·e^s + dLogDet, g) and g ← g·e^s on the active sites (exp as in the coupling kernels). */
    private static void postActivationBackward(float[] g, float[] phiIn, float[] st, float[] dSt, int cs,
                                               float[] dLogDet, int[] active, int stride) {
        for (int site : active) {
            int o = site * stride;
            for (int b = 0; b < stride; b++) {
                float gi = g[o + b];
                float ge = gi * FloatMath.exp(st[o + b]);
                dSt[o + b] = ge * phiIn[o + b] + dLogDet[b];
                dSt[cs + o + b] = gi;
                g[o + b] = ge;
            }
        }
    }
}
