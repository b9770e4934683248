package io.github.gomaflow.reference;

import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.config.ModelParams;
import io.github.gomaflow.flow.ParameterLayout;
import io.github.gomaflow.lattice.Lattice;
import io.github.gomaflow.prior.Prior;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Double-precision reference of the RealNVP flow defined in {@link io.github.gomaflow.flow.FlowModel}:
 * layer l = 0…n−1 with mask m_l(x) = 1 (frozen) where parity(x) ≠ l mod 2, and with (s, t) the two
 * output channels of the layer's CNN ({@link ReferenceCnn}) applied to m⊙φ,
 * <pre>φ' = m⊙φ + (1−m)⊙(φ⊙e^s + t),   log|det ∂φ'/∂φ| = Σ_x (1−m)(x) s(x).</pre>
 * The flow maps z to φ = f(z); the reverse-KL loss of a batch is
 * <pre>L = (1/B) Σ_b [ −log|det ∂f/∂z|(z_b) + S(f(z_b)) ]</pre>
 * (log r(z) does not depend on the parameters and is left out). Its gradient is back-propagated by
 * hand through couplings, convolutions, batch norm and activations. With {@code z2Equivariant},
 * s = sNet(|m⊙φ|) and t = tNet(m⊙φ), the two stacks of {@link ParameterLayout#conditionerStacks}.
 *
 * <p>Written for obviousness, not speed: it allocates freely. Fields use {@code plane[site * B + b]}.
 * Parameters: the flat layout of {@link ParameterLayout}, followed — only with {@code useBn} — by the
 * batch-norm γ, β described in {@link ReferenceBatchNorm}. Not thread-safe (batch-norm mode and
 * running statistics are state).
 */
public final class ReferenceFlow {
    private final Lattice lattice;
    private final ModelParams spec;
    private final ParameterLayout layout;
    private final double[] params;
    private final byte[] parity;
    private final ReferenceBatchNorm batchNorm;
    private final ReferenceCnn cnn;
    /** The s network on |m⊙φ| and the odd t network (null without Z2 equivariance). */
    private final ReferenceCnn sCnn;
    private final ReferenceCnn tCnn;

    /**
     * @param params the {@link ParameterLayout} parameters (length {@code layout.parameterCount()}; with
     *               {@code useBn} the γ = 1, β = 0 are appended) or all {@link #parameterCount()} of them (copied)
     * @throws IllegalArgumentException on a wrong length or a lattice without checkerboard
     */
    public ReferenceFlow(Lattice lattice, ModelParams spec, double[] params) {
        this.lattice = lattice;
        this.spec = spec;
        this.layout = new ParameterLayout(lattice, spec);
        this.parity = lattice.checkerboardParity();
        this.batchNorm = spec.useBn() ? new ReferenceBatchNorm(layout) : null;
        this.cnn = spec.combinationalConv().enabled() ? new ReferenceCombinationalCnn(lattice, layout, spec.useFinalTanh())
                : new ReferenceCnn(lattice, layout, spec.useFinalTanh(), batchNorm);
        this.sCnn = spec.z2Equivariant() ? new ReferenceCnn(lattice, layout, 0) : null;
        this.tCnn = spec.z2Equivariant() ? new ReferenceCnn(lattice, layout, 1) : null;
        this.params = new double[parameterCount()];
        if (params.length == this.params.length) {
            System.arraycopy(params, 0, this.params, 0, params.length);
        } else if (params.length == layout.parameterCount()) {
            System.arraycopy(params, 0, this.params, 0, params.length);
            batchNorm.initialize(this.params);
        } else {
            throw new IllegalArgumentException("expected " + layout.parameterCount() + " or " + parameterCount()
                    + " parameters, got " + params.length);
        }
    }

    /** A reference with the parameters of the float engine (converted exactly to double). */
    public static ReferenceFlow fromFloat(Lattice lattice, ModelParams spec, float[] params) {
        return new ReferenceFlow(lattice, spec, toDouble(params));
    }

    /** A reference initialised by {@link ParameterLayout#initialize} from {@code spec.seed()}. */
    public static ReferenceFlow initialized(Lattice lattice, ModelParams spec) {
        ParameterLayout l = new ParameterLayout(lattice, spec);
        float[] p = new float[l.totalParameterCount()];
        l.initialize(spec.seed(), p);
        return fromFloat(lattice, spec, p);
    }

    /** Exact widening copy. */
    public static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i];
        return d;
    }

    /** Rounding (to nearest) copy. */
    public static float[] toFloat(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) f[i] = (float) a[i];
        return f;
    }

    public Lattice lattice() { return lattice; }
    public ModelParams spec() { return spec; }
    public ParameterLayout layout() { return layout; }

    /** Convolution parameters plus, with {@code useBn}, the batch-norm γ and β (and the Z2 or sub-convolution segment). */
    public int parameterCount() {
        return layout.parameterCount() + (spec.useBn() ? ReferenceBatchNorm.parameterCount(layout) : 0)
                + layout.z2ParameterCount() + layout.subsetParameterCount();
    }

    /** The live parameter array (tests perturb it in place). */
    public double[] params() { return params; }

    /** Batch norm: true = batch statistics (default), false = running statistics. No-op without BN. */
    public void setTraining(boolean training) { if (batchNorm != null) batchNorm.setTraining(training); }

    /** Mask m_l(x): 1 where the site is frozen in layer l (parity ≠ l mod 2). */
    public double mask(int layer, int site) { return parity[site] != (layer & 1) ? 1.0 : 0.0; }

    /**
     * φ = f(z) and log|det ∂f/∂z|.
     *
     * @param z      [V·B] prior sample (read)
     * @param phi    [V·B] (overwritten; may not alias z)
     * @param logDet [B] (overwritten)
     */
    public void forward(double[] z, int batch, double[] phi, double[] logDet) {
        double[] x = z.clone();
        Arrays.fill(logDet, 0, batch, 0.0);
        for (int l = 0; l < layout.layers(); l++) {
            x = coupling(l, x, batch, logDet, null);
        }
        System.arraycopy(x, 0, phi, 0, x.length);
    }

    /**
     * z = f⁻¹(φ) and the log|det ∂f/∂z| of the forward map at that z, so log q(φ) = log r(z) − logDet.
     *
     * @param phi    [V·B] (read)
     * @param z      [V·B] (overwritten)
     * @param logDet [B] (overwritten)
     */
    public void inverse(double[] phi, int batch, double[] z, double[] logDet) {
        double[] y = phi.clone();
        Arrays.fill(logDet, 0, batch, 0.0);
        int v = lattice.volume();
        for (int l = layout.layers() - 1; l >= 0; l--) {
            // the CNN sees only frozen sites, which the coupling leaves unchanged: same s, t as forward
            Conditioned c = conditioner(l, y, batch);
            double[] s = c.s();
            double[] t = c.t();
            for (int x = 0; x < v; x++) {
                if (mask(l, x) == 1.0) continue;
                for (int b = 0; b < batch; b++) {
                    int i = x * batch + b;
                    y[i] = (y[i] - t[i]) * Math.exp(-s[i]);
                    logDet[b] += s[i];
                }
            }
        }
        System.arraycopy(y, 0, z, 0, y.length);
    }

    private double[] masked(int layer, double[] x, int batch) {
        double[] in = new double[x.length];
        for (int site = 0; site < lattice.volume(); site++) {
            for (int b = 0; b < batch; b++) in[site * batch + b] = mask(layer, site) * x[site * batch + b];
        }
        return in;
    }

    /**
     * The conditioner's caches and (s, t) of one layer: GomalizingFlow's net on u = m⊙φ (caches: net,
     * null), or with Z2 equivariance sNet on |u| and tNet on u (caches: sNet, tNet).
     */
    private record Conditioned(double[] u, ReferenceCnn.Cache main, ReferenceCnn.Cache tCache, double[] s, double[] t) {}

    private Conditioned conditioner(int layer, double[] x, int batch) {
        double[] u = masked(layer, x, batch);
        if (sCnn == null) {
            ReferenceCnn.Cache c = cnn.forward(params, layer, u, batch);
            return new Conditioned(u, c, null, c.output(0), c.output(1));
        }
        double[] abs = new double[u.length];
        for (int i = 0; i < u.length; i++) abs[i] = Math.abs(u[i]);
        ReferenceCnn.Cache cs = sCnn.forward(params, layer, abs, batch);
        ReferenceCnn.Cache ct = tCnn.forward(params, layer, u, batch);
        return new Conditioned(u, cs, ct, cs.output(0), ct.output(0));
    }

    /** One coupling forward: returns φ' (new array), adds Σ(1−m)s to logDet; stores the CNN cache if asked. */
    private double[] coupling(int layer, double[] x, int batch, double[] logDet, Conditioned[] keep) {
        Conditioned c = conditioner(layer, x, batch);
        if (keep != null) keep[layer] = c;
        double[] s = c.s();
        double[] t = c.t();
        double[] y = new double[x.length];
        for (int site = 0; site < lattice.volume(); site++) {
            double m = mask(layer, site);
            for (int b = 0; b < batch; b++) {
                int i = site * batch + b;
                y[i] = m * x[i] + (1 - m) * (x[i] * Math.exp(s[i]) + t[i]);
                logDet[b] += (1 - m) * s[i];
            }
        }
        return y;
    }

    /**
     * The CNN outputs of one coupling layer, (s, t) = network(m_l⊙φ), for layer-by-layer tests.
     *
     * @param phi [V·B] layer input (read; the mask is applied here)
     * @param s   [V·B] channel 0 at every site, frozen ones included (overwritten)
     * @param t   [V·B] channel 1 (overwritten)
     */
    public void couplingNetwork(int layer, double[] phi, int batch, double[] s, double[] t) {
        Conditioned c = conditioner(layer, phi, batch);
        System.arraycopy(c.s(), 0, s, 0, s.length);
        System.arraycopy(c.t(), 0, t, 0, t.length);
    }

    /**
     * One coupling layer alone: φ' = m⊙φ + (1−m)⊙(φ⊙e^s + t).
     *
     * @param phi    [V·B] (read)
     * @param out    [V·B] (overwritten)
     * @param logDet [B] Σ_x (1−m)s is ADDED
     */
    public void couplingForward(int layer, double[] phi, int batch, double[] out, double[] logDet) {
        double[] y = coupling(layer, phi, batch, logDet, null);
        System.arraycopy(y, 0, out, 0, y.length);
    }

    /**
     * Samples' densities: φ = f(z) and log q(φ) = log r(z) − log|det ∂f/∂z|.
     *
     * @param z    [V·B] (read)
     * @param phi  [V·B] (overwritten)
     * @param logQ [B] (overwritten)
     */
    public void forwardLogQ(double[] z, int batch, Prior prior, double[] phi, double[] logQ) {
        double[] logDet = new double[batch];
        forward(z, batch, phi, logDet);
        for (int b = 0; b < batch; b++) logQ[b] = logPrior(prior, z, batch, b) - logDet[b];
    }

    /**
     * Density of given configurations: z = f⁻¹(φ) and log q(φ) = log r(z) − log|det ∂f/∂z|(z).
     *
     * @param phi  [V·B] (read)
     * @param logQ [B] (overwritten)
     */
    public void logQ(double[] phi, int batch, Prior prior, double[] logQ) {
        double[] z = new double[phi.length];
        double[] logDet = new double[batch];
        inverse(phi, batch, z, logDet);
        for (int b = 0; b < batch; b++) logQ[b] = logPrior(prior, z, batch, b) - logDet[b];
    }

    private double logPrior(Prior prior, double[] z, int batch, int b) {
        double sum = 0;
        for (int site = 0; site < lattice.volume(); site++) sum += prior.logDensity(z[site * batch + b]);
        return sum;
    }

    /** L = (1/B) Σ_b [−logDet_b + S(f(z_b))]. */
    public double loss(double[] z, int batch, ScalarPhi4Action action) {
        return loss(z, batch, action, null);
    }

    /**
     * The loss, recording the sign of every leaky-ReLU input into {@code signs} (if non-null), so that a
     * finite-difference test can detect a step across a kink.
     */
    public double loss(double[] z, int batch, ScalarPhi4Action action, BitSet signs) {
        double[] x = z.clone();
        double[] logDet = new double[batch];
        Conditioned[] caches = new Conditioned[layout.layers()];
        for (int l = 0; l < layout.layers(); l++) x = coupling(l, x, batch, logDet, caches);
        if (signs != null) {
            signs.clear();
            int[] cursor = {0};
            for (Conditioned c : caches) {
                if (sCnn == null) {
                    cnn.leakySigns(c.main(), signs, cursor);
                } else {
                    sCnn.leakySigns(c.main(), signs, cursor);
                    tCnn.leakySigns(c.tCache(), signs, cursor);
                    for (double u : c.u()) signs.set(cursor[0]++, u > 0); // the kink of |u| at 0
                }
            }
        }
        return batchLoss(x, batch, logDet, action);
    }

    private static double batchLoss(double[] phi, int batch, double[] logDet, ScalarPhi4Action action) {
        double[] s = new double[batch];
        action.action(phi, batch, s);
        double sum = 0;
        for (int b = 0; b < batch; b++) sum += s[b] - logDet[b];
        return sum / batch;
    }

    /** {@link #lossAndGradient(double[], int, ScalarPhi4Action, double[], double[])} without dL/dz. */
    public double lossAndGradient(double[] z, int batch, ScalarPhi4Action action, double[] grad) {
        return lossAndGradient(z, batch, action, grad, null);
    }

    /**
     * The loss and its gradient with respect to every parameter (and optionally z).
     *
     * @param z     [V·B] (read)
     * @param grad  [parameterCount()] dL/dθ (overwritten)
     * @param gradZ [V·B] dL/dz (overwritten), or null
     * @return L
     */
    public double lossAndGradient(double[] z, int batch, ScalarPhi4Action action, double[] grad, double[] gradZ) {
        int n = layout.layers();
        double[][] inputs = new double[n + 1][];
        Conditioned[] caches = new Conditioned[n];
        double[] logDet = new double[batch];
        inputs[0] = z.clone();
        for (int l = 0; l < n; l++) inputs[l + 1] = coupling(l, inputs[l], batch, logDet, caches);
        double loss = batchLoss(inputs[n], batch, logDet, action);

        Arrays.fill(grad, 0, parameterCount(), 0.0);
        double[] g = new double[z.length];
        action.gradient(inputs[n], batch, 1.0 / batch, g);
        double gLogDet = -1.0 / batch;
        for (int l = n - 1; l >= 0; l--) g = couplingBackward(l, inputs[l], caches[l], g, gLogDet, grad);
        if (gradZ != null) System.arraycopy(g, 0, gradZ, 0, g.length);
        return loss;
    }

    /**
     * Given dL/dφ' and dL/dlogDet_b (the same for every b), returns dL/dφ and accumulates the CNN's
     * parameter gradient. With u = m⊙φ the CNN input:
     * dL/ds = (1−m)(g φ e^s + gLogDet), dL/dt = (1−m) g, dL/dφ = m g + (1−m) g e^s + m⊙dL/du.
     */
    private double[] couplingBackward(int layer, double[] x, Conditioned c, double[] gOut, double gLogDet,
                                      double[] grad) {
        int batch = c.main().batch;
        double[] s = c.s();
        double[][] gST = new double[2][x.length];
        double[] gIn = new double[x.length];
        for (int site = 0; site < lattice.volume(); site++) {
            double m = mask(layer, site);
            for (int b = 0; b < batch; b++) {
                int i = site * batch + b;
                double e = Math.exp(s[i]);
                gST[0][i] = (1 - m) * (gOut[i] * x[i] * e + gLogDet);
                gST[1][i] = (1 - m) * gOut[i];
                gIn[i] = m * gOut[i] + (1 - m) * gOut[i] * e;
            }
        }
        double[] gU;
        if (sCnn == null) {
            gU = cnn.backward(params, layer, c.main(), gST, grad);
        } else {
            // u → |u| for s (d|u|/du = sign u), u → t directly
            double[] gAbs = sCnn.backward(params, layer, c.main(), new double[][] {gST[0]}, grad);
            double[] gT = tCnn.backward(params, layer, c.tCache(), new double[][] {gST[1]}, grad);
            gU = new double[gAbs.length];
            for (int i = 0; i < gU.length; i++) gU[i] = Math.signum(c.u()[i]) * gAbs[i] + gT[i];
        }
        for (int site = 0; site < lattice.volume(); site++) {
            double m = mask(layer, site);
            for (int b = 0; b < batch; b++) gIn[site * batch + b] += m * gU[site * batch + b];
        }
        return gIn;
    }

    /**
     * Batch norm in training mode: runs the flow on z with batch statistics and moves every running
     * mean/variance towards that batch's statistics (momentum 0.1), as one training forward in
     * Flux or PyTorch does. No-op without BN.
     */
    public void updateRunningStatistics(double[] z, int batch) {
        if (batchNorm == null) return;
        boolean was = batchNorm.training();
        batchNorm.setTraining(true);
        double[] x = z.clone();
        double[] logDet = new double[batch];
        Conditioned[] caches = new Conditioned[layout.layers()];
        for (int l = 0; l < layout.layers(); l++) {
            x = coupling(l, x, batch, logDet, caches);
            for (int j = 0; j < layout.convolutions(); j++) batchNorm.updateRunning(l, j, caches[l].main().pre[j]);
        }
        batchNorm.setTraining(was);
    }

    /** Running mean of the batch norm after conv j of layer l (live; null without BN). */
    public double[] runningMean(int layer, int conv) { return batchNorm == null ? null : batchNorm.runningMean(layer, conv); }

    /** Running variance of the batch norm after conv j of layer l (live; null without BN). */
    public double[] runningVar(int layer, int conv) { return batchNorm == null ? null : batchNorm.runningVar(layer, conv); }
}
