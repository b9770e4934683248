package io.github.gomaflow.reference;

import io.github.gomaflow.flow.ParameterLayout;

/**
 * Batch normalisation after a convolution, per channel over all sites and the batch (Flux's
 * {@code BatchNorm} and PyTorch's {@code BatchNorm*d}):
 * <pre>y = γ (u − μ)/√(σ² + ε) + β,   ε = {@value #EPSILON}</pre>
 * In training mode μ and σ² are the batch statistics (σ² biased, 1/N with N = V·B); in evaluation
 * mode the running statistics, which {@link #updateRunning} moves with momentum {@value #MOMENTUM}:
 * μ_run ← (1−0.1)μ_run + 0.1 μ, σ²_run ← (1−0.1)σ²_run + 0.1 σ²·N/(N−1) (unbiased, as Flux and
 * PyTorch). Initially μ_run = 0, σ²_run = 1.
 *
 * <h2>Where, and the parameters</h2>
 * As in GomalizingFlow's {@code create_model}: after EVERY convolution of the CNN (also the last,
 * before its tanh / leaky ReLU), before the activation. γ, β are learnable, initialised to 1 and 0
 * (Flux's defaults). They live after the convolution parameters of {@link ParameterLayout}, which
 * is therefore unchanged ({@link ParameterLayout#gammaOffset}, shared with the float engine): at {@code layout.parameterCount() + Σ_{l'<l} P + Σ_{j'<j} 2c_{j'+1}} come
 * γ[0..c) then β[0..c) of layer l, conv j, with c = outChannels(j) and P = 2·Σ_j outChannels(j).
 */
final class ReferenceBatchNorm {
    static final double EPSILON = 1e-5;
    static final double MOMENTUM = 0.1;

    private final ParameterLayout layout;
    private final double[][][] runningMean;
    private final double[][][] runningVar;
    private boolean training = true;

    /** Statistics used by one normalisation. */
    record Stats(double[] mean, double[] var, boolean fromBatch) {}

    ReferenceBatchNorm(ParameterLayout layout) {
        this.layout = layout;
        int convs = layout.convolutions();
        runningMean = new double[layout.layers()][convs][];
        runningVar = new double[layout.layers()][convs][];
        for (int l = 0; l < layout.layers(); l++) {
            for (int j = 0; j < convs; j++) {
                runningMean[l][j] = new double[layout.outChannels(j)];
                runningVar[l][j] = new double[layout.outChannels(j)];
                java.util.Arrays.fill(runningVar[l][j], 1.0);
            }
        }
    }

    /** Number of batch-norm parameters (γ and β) of the whole flow. */
    static int parameterCount(ParameterLayout layout) {
        return layout.batchNormParameterCount();
    }

    /** Index of γ[0] of (layer, conv); β[0] follows at + outChannels(conv). */
    int gammaOffset(int layer, int conv) { return layout.gammaOffset(layer, conv); }

    /** Writes γ = 1, β = 0 for every batch norm into params. */
    void initialize(double[] params) {
        for (int l = 0; l < layout.layers(); l++) {
            for (int j = 0; j < layout.convolutions(); j++) {
                int g = gammaOffset(l, j);
                int c = layout.outChannels(j);
                for (int k = 0; k < c; k++) { params[g + k] = 1.0; params[g + c + k] = 0.0; }
            }
        }
    }

    boolean training() { return training; }
    void setTraining(boolean training) { this.training = training; }

    /** Batch statistics in training mode, running statistics (copied) in evaluation mode. */
    Stats statistics(int layer, int conv, double[][] u) {
        if (!training) return new Stats(runningMean[layer][conv].clone(), runningVar[layer][conv].clone(), false);
        double[] mean = new double[u.length];
        double[] var = new double[u.length];
        for (int c = 0; c < u.length; c++) {
            double s = 0;
            for (double v : u[c]) s += v;
            mean[c] = s / u[c].length;
            double q = 0;
            for (double v : u[c]) q += (v - mean[c]) * (v - mean[c]);
            var[c] = q / u[c].length;
        }
        return new Stats(mean, var, true);
    }

    /** y = γ(u − μ)/√(σ²+ε) + β, new planes. */
    double[][] apply(double[] params, int layer, int conv, Stats st, double[][] u) {
        int g = gammaOffset(layer, conv);
        int cn = u.length;
        double[][] y = new double[cn][];
        for (int c = 0; c < cn; c++) {
            double inv = 1.0 / Math.sqrt(st.var()[c] + EPSILON);
            y[c] = new double[u[c].length];
            for (int i = 0; i < u[c].length; i++) y[c][i] = params[g + c] * (u[c][i] - st.mean()[c]) * inv + params[g + cn + c];
        }
        return y;
    }

    /**
     * Back-propagates dL/dy to dL/du (new planes) and adds dL/dγ, dL/dβ to grad. With batch
     * statistics: dL/du = (γ/√(σ²+ε)) (g − mean(g) − x̂·mean(g·x̂)), x̂ = (u−μ)/√(σ²+ε).
     */
    double[][] backward(double[] params, int layer, int conv, Stats st, double[][] u, double[][] gy, double[] grad) {
        int g0 = gammaOffset(layer, conv);
        int cn = u.length;
        double[][] gu = new double[cn][];
        for (int c = 0; c < cn; c++) {
            int n = u[c].length;
            double inv = 1.0 / Math.sqrt(st.var()[c] + EPSILON);
            double gamma = params[g0 + c];
            double sumG = 0, sumGx = 0;
            for (int i = 0; i < n; i++) {
                double xh = (u[c][i] - st.mean()[c]) * inv;
                sumG += gy[c][i];
                sumGx += gy[c][i] * xh;
            }
            grad[g0 + c] += sumGx;
            grad[g0 + cn + c] += sumG;
            gu[c] = new double[n];
            for (int i = 0; i < n; i++) {
                if (st.fromBatch()) {
                    double xh = (u[c][i] - st.mean()[c]) * inv;
                    gu[c][i] = gamma * inv * (gy[c][i] - sumG / n - xh * sumGx / n);
                } else {
                    gu[c][i] = gamma * inv * gy[c][i];
                }
            }
        }
        return gu;
    }

    /** Moves the running statistics of (layer, conv) towards the batch statistics of u (N = V·B values per channel). */
    void updateRunning(int layer, int conv, double[][] u) {
        Stats st = statisticsOfBatch(u);
        for (int c = 0; c < u.length; c++) {
            int n = u[c].length;
            runningMean[layer][conv][c] = (1 - MOMENTUM) * runningMean[layer][conv][c] + MOMENTUM * st.mean()[c];
            runningVar[layer][conv][c] = (1 - MOMENTUM) * runningVar[layer][conv][c]
                    + MOMENTUM * st.var()[c] * n / (n - 1.0);
        }
    }

    private Stats statisticsOfBatch(double[][] u) {
        boolean t = training;
        training = true;
        try {
            return statistics(0, 0, u);
        } finally {
            training = t;
        }
    }

    /** Running mean of (layer, conv) (live array). */
    double[] runningMean(int layer, int conv) { return runningMean[layer][conv]; }

    /** Running variance of (layer, conv) (live array). */
    double[] runningVar(int layer, int conv) { return runningVar[layer][conv]; }
}
