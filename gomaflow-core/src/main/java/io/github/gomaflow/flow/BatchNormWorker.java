package io.github.gomaflow.flow;

import io.github.gomaflow.action.Target;
import io.github.gomaflow.nn.kernel.FloatMath;
import io.github.gomaflow.nn.kernel.FlowKernels;
import java.util.Arrays;

/**
 * The passes of a flow with batch norm ({@code use_bn = true}) over a WHOLE batch at once: the
 * batch statistics couple all configurations, so the batch is never split. After every convolution
 * (the last one included, as GomalizingFlow's {@code create_model}), per channel c,
 * <pre>y = γ_c (u − μ_c)/√(σ²_c + ε) + β_c,   ε = {@value #EPSILON},</pre>
 * with μ, σ² the biased batch statistics over all sites and the B configurations (training mode,
 * the default, as GomalizingFlow while training). The inverse is well defined because the CNN of a
 * layer sees only frozen sites, which forward and inverse share, hence the same statistics. In
 * evaluation mode μ, σ² are the model's running statistics ({@link FlowModel#runningStatistics()}),
 * which {@link #updateRunning} moves with momentum {@value #MOMENTUM} (unbiased variance N/(N−1)·σ²).
 *
 * <p>Convolutions use the shared kernels with the full stencil (no half-site shortcuts: the
 * statistics need every site); batch norm and activations are plain Java, statistics summed in
 * double in site/lane order, so results do not depend on the thread count. Padding lanes (B up to
 * the lane stride S) are kept at zero in every activation and gradient.
 */
final class BatchNormWorker {
    /** ε of Flux's and PyTorch's BatchNorm. */
    static final double EPSILON = 1e-5;
    /** Weight of a new batch in the running statistics (Flux, PyTorch). */
    static final double MOMENTUM = 0.1;

    private final FlowEngine.Shared sh;
    private final FlowKernels k;
    private final int nc;
    private int capacity;
    private int savedCapacity;
    private float[][] phis;
    /** pre[l][j], act[l][j]: convolution output and post-activation (slot 0 only for forward-only passes). */
    private float[][][] pre;
    private float[][][] act;
    /** mean[l][j][c], invStd[l][j][c] = 1/√(σ²+ε) of the last pass. */
    private final double[][][] mean;
    private final double[][][] invStd;
    private float[][] dBuf;
    private float[] dSt;
    private float[] x0;
    private float[] dx0;
    private float[] g;
    private float[] layerLogDet;
    private double[] logDet;
    private float[] dLogDet;
    private double[] action;
    private final float[] scratch;
    /** Live running statistics of the model, see {@link FlowModel#runningStatistics()}. */
    private final float[] running;
    private boolean training = true;
    private boolean updating;

    BatchNormWorker(FlowEngine.Shared sh, float[] running) {
        this.sh = sh;
        this.running = running;
        this.k = sh.kernels;
        this.nc = sh.channels.length - 1;
        mean = new double[sh.nLayers][nc][];
        invStd = new double[sh.nLayers][nc][];
        for (int l = 0; l < sh.nLayers; l++) {
            for (int j = 0; j < nc; j++) {
                mean[l][j] = new double[sh.channels[j + 1]];
                invStd[l][j] = new double[sh.channels[j + 1]];
            }
        }
        scratch = new float[FlowKernels.SCRATCH_LANES * k.laneMultiple()];
    }

    boolean training() { return training; }

    void setTraining(boolean training) { this.training = training; }

    /** (Re)allocates buffers for the current lane stride; forward-only passes keep one layer, gradients all. */
    private void ensure(boolean save) {
        int s = sh.stride;
        int plane = sh.volume * s;
        if (capacity < s) {
            capacity = s;
            savedCapacity = 0;
            phis = new float[sh.nLayers + 1][];
            phis[0] = new float[plane];
            pre = new float[sh.nLayers][nc][];
            act = new float[sh.nLayers][nc][];
            allocateLayer(0, plane);
            dBuf = new float[nc][];
            for (int j = 0; j < nc; j++) dBuf[j] = new float[sh.channels[j + 1] * plane];
            dSt = new float[2 * plane];
            x0 = new float[plane];
            dx0 = new float[plane];
            g = new float[plane];
            layerLogDet = new float[s];
            logDet = new double[s];
            dLogDet = new float[s];
            action = new double[s];
        }
        if (save && savedCapacity < s) {
            int cap = capacity * sh.volume;
            for (int l = 1; l < sh.nLayers; l++) allocateLayer(l, cap);
            for (int l = 1; l <= sh.nLayers; l++) phis[l] = new float[cap];
            savedCapacity = capacity;
        }
    }

    private void allocateLayer(int l, int plane) {
        for (int j = 0; j < nc; j++) {
            pre[l][j] = new float[sh.channels[j + 1] * plane];
            act[l][j] = new float[sh.channels[j + 1] * plane];
        }
    }

    private void gather(float[] src, int batch, float[] dst) {
        int s = sh.stride;
        for (int site = 0; site < sh.volume; site++) {
            System.arraycopy(src, site * batch, dst, site * s, batch);
            Arrays.fill(dst, site * s + batch, site * s + s, 0f);
        }
    }

    private void scatter(float[] src, float[] dst, int batch) {
        int s = sh.stride;
        for (int site = 0; site < sh.volume; site++) System.arraycopy(src, site * s, dst, site * batch, batch);
    }

    private void maskedInput(float[] phi, int layer) {
        int s = sh.stride;
        System.arraycopy(phi, 0, x0, 0, sh.volume * s);
        for (int site : sh.active[layer & 1]) Arrays.fill(x0, site * s, site * s + s, 0f);
    }

    /** CNN of layer l on x0 into pre[slot], act[slot], with batch norm after every convolution. */
    private void network(float[] params, int layer, int slot, int n) {
        int cs = sh.volume * sh.stride;
        float[] in = x0;
        for (int j = 0; j < nc; j++) {
            int ix = layer * nc + j;
            k.convolve(in, sh.channels[j], sh.wp[ix], sh.bias[ix], pre[slot][j], sh.channels[j + 1], cs,
                    sh.stencil.forward(), sh.taps, sh.all, sh.all.length, sh.stride, FlowKernels.LINEAR, null);
            normalise(params, layer, j, pre[slot][j], act[slot][j], n, j == nc - 1 && sh.finalTanh);
            in = act[slot][j];
        }
    }

    /** Batch statistics of u (lanes &lt; n), then act = activation(γ(u − μ)/√(σ²+ε) + β); padding lanes 0. */
    private void normalise(float[] params, int layer, int conv, float[] u, float[] out, int n, boolean tanh) {
        int s = sh.stride;
        int v = sh.volume;
        int cs = v * s;
        int cout = sh.channels[conv + 1];
        int g0 = sh.layout.gammaOffset(layer, conv);
        int r0 = g0 - sh.layout.parameterCount();
        double count = (double) v * n;
        for (int c = 0; c < cout; c++) {
            int base = c * cs;
            double mu;
            double var;
            if (training) {
                mu = mean(u, base, n);
                var = variance(u, base, n, mu);
                if (updating) {
                    running[r0 + c] = (float) ((1 - MOMENTUM) * running[r0 + c] + MOMENTUM * mu);
                    running[r0 + cout + c] = (float) ((1 - MOMENTUM) * running[r0 + cout + c]
                            + MOMENTUM * var * count / (count - 1));
                }
            } else {
                mu = running[r0 + c];
                var = running[r0 + cout + c];
            }
            double inv = 1.0 / Math.sqrt(var + EPSILON);
            mean[layer][conv][c] = mu;
            invStd[layer][conv][c] = inv;
            double gamma = params[g0 + c];
            double beta = params[g0 + cout + c];
            for (int site = 0; site < v; site++) {
                int o = base + site * s;
                for (int b = 0; b < n; b++) {
                    float y = (float) (gamma * (u[o + b] - mu) * inv + beta);
                    out[o + b] = tanh ? FloatMath.tanh(y) : Math.max(y, FlowKernels.LEAKY_SLOPE * y);
                }
                Arrays.fill(out, o + n, o + s, 0f);
            }
        }
    }

    private double mean(float[] u, int base, int n) {
        int s = sh.stride;
        double sum = 0;
        for (int site = 0; site < sh.volume; site++) {
            for (int b = 0; b < n; b++) sum += u[base + site * s + b];
        }
        return sum / ((double) sh.volume * n);
    }

    /** Biased variance (1/N) about mu. */
    private double variance(float[] u, int base, int n, double mu) {
        int s = sh.stride;
        double q = 0;
        for (int site = 0; site < sh.volume; site++) {
            for (int b = 0; b < n; b++) {
                double d = u[base + site * s + b] - mu;
                q += d * d;
            }
        }
        return q / ((double) sh.volume * n);
    }

    /**
     * In place dL/dy → dL/du for the batch norm after conv j of layer l, adding dL/dγ = Σ dL/dy·x̂ and
     * dL/dβ = Σ dL/dy to grad: dL/du = γ/√(σ²+ε) · (dL/dy − mean(dL/dy) − x̂·mean(dL/dy·x̂)) with
     * batch statistics, γ/√(σ²+ε) · dL/dy with running statistics.
     */
    private void normaliseBackward(float[] params, int layer, int conv, float[] u, float[] d, int n, float[] grad) {
        int s = sh.stride;
        int v = sh.volume;
        int cs = v * s;
        int cout = sh.channels[conv + 1];
        int g0 = sh.layout.gammaOffset(layer, conv);
        double count = (double) v * n;
        for (int c = 0; c < cout; c++) {
            int base = c * cs;
            double mu = mean[layer][conv][c];
            double inv = invStd[layer][conv][c];
            double sumG = 0;
            double sumGx = 0;
            for (int site = 0; site < v; site++) {
                int o = base + site * s;
                for (int b = 0; b < n; b++) {
                    sumG += d[o + b];
                    sumGx += d[o + b] * ((u[o + b] - mu) * inv);
                }
            }
            grad[g0 + c] += (float) sumGx;
            grad[g0 + cout + c] += (float) sumG;
            double scale = params[g0 + c] * inv;
            double mG = training ? sumG / count : 0.0;
            double mGx = training ? sumGx / count : 0.0;
            for (int site = 0; site < v; site++) {
                int o = base + site * s;
                for (int b = 0; b < n; b++) {
                    double xh = (u[o + b] - mu) * inv;
                    d[o + b] = (float) (scale * (d[o + b] - mG - xh * mGx));
                }
                Arrays.fill(d, o + n, o + s, 0f);
            }
        }
    }

    private void addLayerLogDet() {
        for (int b = 0; b < sh.stride; b++) {
            logDet[b] += layerLogDet[b];
            layerLogDet[b] = 0f;
        }
    }

    private float[] forwardLayers(float[] params, int n, boolean save) {
        ensure(save);
        int cs = sh.volume * sh.stride;
        Arrays.fill(logDet, 0.0);
        Arrays.fill(layerLogDet, 0f);
        float[] phi = phis[0];
        for (int l = 0; l < sh.nLayers; l++) {
            maskedInput(phi, l);
            int slot = save ? l : 0;
            network(params, l, slot, n);
            if (save) {
                System.arraycopy(phis[l], 0, phis[l + 1], 0, cs);
                phi = phis[l + 1];
            }
            int[] active = sh.active[l & 1];
            k.couplingForward(phi, act[slot][nc - 1], cs, active, active.length, sh.stride, layerLogDet);
            addLayerLogDet();
        }
        return phi;
    }

    /** φ = f(z) for the whole batch. */
    void forward(float[] params, float[] z, int batch, float[] phiOut, double[] logDetOut) {
        ensure(false);
        gather(z, batch, phis[0]);
        float[] phi = forwardLayers(params, batch, false);
        scatter(phi, phiOut, batch);
        System.arraycopy(logDet, 0, logDetOut, 0, batch);
    }

    /** A training-mode forward of z whose batch statistics move the running statistics; no output. */
    void updateRunning(float[] params, float[] z, int batch) {
        boolean was = training;
        training = true;
        updating = true;
        try {
            ensure(false);
            gather(z, batch, phis[0]);
            forwardLayers(params, batch, false);
        } finally {
            training = was;
            updating = false;
        }
    }

    /** z = f⁻¹(φ) for the whole batch; logDet of the forward map. */
    void inverse(float[] params, float[] phiIn, int batch, float[] zOut, double[] logDetOut) {
        ensure(false);
        int cs = sh.volume * sh.stride;
        gather(phiIn, batch, phis[0]);
        Arrays.fill(logDet, 0.0);
        Arrays.fill(layerLogDet, 0f);
        float[] phi = phis[0];
        for (int l = sh.nLayers - 1; l >= 0; l--) {
            maskedInput(phi, l);
            network(params, l, 0, batch);
            int[] active = sh.active[l & 1];
            k.couplingInverse(phi, act[0][nc - 1], cs, active, active.length, sh.stride, layerLogDet);
            addLayerLogDet();
        }
        scatter(phi, zOut, batch);
        System.arraycopy(logDet, 0, logDetOut, 0, batch);
    }

    /** Forward and backward of L = (1/B) Σ_b [−logDet_b + S(φ_b)]; grad is overwritten with ∂L/∂θ. */
    void lossGradient(float[] params, float[] z, int batch, Target s, float[] phiOut, double[] logDetOut,
                      double[] sOut, float[] grad) {
        ensure(true);
        Arrays.fill(grad, 0f);
        gather(z, batch, phis[0]);
        float[] phi = forwardLayers(params, batch, true);
        scatter(phi, phiOut, batch);
        System.arraycopy(logDet, 0, logDetOut, 0, batch);
        int st = sh.stride;
        s.action(phi, st, action);
        System.arraycopy(action, 0, sOut, 0, batch);
        float scale = 1f / batch;
        s.gradient(phi, st, scale, g);
        for (int site = 0; site < sh.volume; site++) Arrays.fill(g, site * st + batch, site * st + st, 0f);
        Arrays.fill(dLogDet, 0, batch, -scale);
        Arrays.fill(dLogDet, batch, st, 0f);
        for (int l = sh.nLayers - 1; l >= 0; l--) backwardLayer(params, l, batch, grad);
    }

    /** g: ∂L/∂φ_{l+1} on entry, ∂L/∂φ_l on exit. */
    private void backwardLayer(float[] params, int l, int n, float[] grad) {
        int cs = sh.volume * sh.stride;
        int st = sh.stride;
        int[] active = sh.active[l & 1];
        int[] frozen = sh.active[(l + 1) & 1];
        float[][] a = act[l];
        maskedInput(phis[l], l);
        // s, t on frozen sites are unused (zero gradient) but enter the batch statistics
        Arrays.fill(dSt, 0f);
        k.couplingBackward(g, phis[l], a[nc - 1], dSt, cs, dLogDet, sh.finalTanh, active, active.length, st);
        float[] dOut = dSt;
        for (int j = nc - 1; j >= 0; j--) {
            int ix = l * nc + j;
            int cin = sh.channels[j];
            int cout = sh.channels[j + 1];
            normaliseBackward(params, l, j, pre[l][j], dOut, n, grad);
            float[] in = j == 0 ? x0 : a[j - 1];
            k.weightGradient(dOut, cout, in, cin, cs, sh.stencil.forward(), sh.taps, sh.all, sh.all.length, st, grad,
                    sh.layout.weightOffset(l, j), sh.layout.biasOffset(l, j), scratch);
            if (j > 0) {
                k.convolve(dOut, cout, sh.wpT[ix], null, dBuf[j - 1], cin, cs, sh.stencil.transposed(), sh.taps,
                        sh.all, sh.all.length, st, FlowKernels.TIMES_LEAKY_DERIVATIVE, a[j - 1]);
                dOut = dBuf[j - 1];
            } else {
                k.convolve(dOut, cout, sh.wpT[ix], null, dx0, 1, cs, sh.stencil.transposed(), sh.taps,
                        frozen, frozen.length, st, FlowKernels.LINEAR, null);
                k.addSites(g, dx0, frozen, frozen.length, st);
            }
        }
    }
}
