package io.github.gomaflow.analysis;

/**
 * Autocorrelation times of derived quantities F(Ā) by Wolff's linearisation (Comput. Phys. Commun.
 * 156 (2004) 143, sect. 3.2): the Γ-method applied to the projected series
 * <pre>y_i = Σ_α f_α a_{α,i},   f_α = ∂F/∂Ā_α  (central differences at the means).</pre>
 * Used only for τ_int of the jackknifed quantities (their values and errors come from the jackknife).
 */
final class ProjectedTau {
    private ProjectedTau() {}

    /**
     * @param inputs   [K][≥n] primary series (read)
     * @param f        the derived function
     * @param outputs  its number of outputs
     * @param selected outputs to estimate
     * @return one Γ-method estimate of the projected series per selected output (its value is meaningless; τ and
     *         window are the point), NaN estimates where the gradient is not finite
     */
    static GammaEstimate[] estimate(double[][] inputs, int n, Jackknife.Derived f, int outputs, int[] selected, double s) {
        int k = inputs.length;
        double[] mean = new double[k];
        double[] step = new double[k];
        for (int a = 0; a < k; a++) {
            double m = GammaMethod.mean(inputs[a], n), ss = 0;
            for (int i = 0; i < n; i++) ss += (inputs[a][i] - m) * (inputs[a][i] - m);
            mean[a] = m;
            double sd = Math.sqrt(ss / Math.max(1, n - 1));
            step[a] = 1e-5 * Math.max(sd, Math.abs(m)) + 1e-300;
        }
        double[][] grad = new double[outputs][k];
        double[] plus = new double[outputs], minus = new double[outputs];
        double[] x = mean.clone();
        for (int a = 0; a < k; a++) {
            x[a] = mean[a] + step[a];
            f.evaluate(x, plus);
            x[a] = mean[a] - step[a];
            f.evaluate(x, minus);
            x[a] = mean[a];
            for (int o = 0; o < outputs; o++) grad[o][a] = (plus[o] - minus[o]) / (2 * step[a]);
        }
        GammaEstimate[] out = new GammaEstimate[selected.length];
        double[][] projected = new double[selected.length][];
        for (int j = 0; j < selected.length; j++) {
            double[] g = grad[selected[j]];
            boolean finite = true;
            for (double v : g) finite &= Double.isFinite(v);
            if (!finite) {
                out[j] = new GammaEstimate(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN, n);
                continue;
            }
            double[] y = new double[n];
            for (int a = 0; a < k; a++) {
                double ga = g[a];
                if (ga == 0) continue;
                double[] in = inputs[a];
                for (int i = 0; i < n; i++) y[i] += ga * in[i];
            }
            projected[j] = y;
        }
        int pending = -1;
        for (int j = 0; j < selected.length; j++) {
            if (projected[j] == null) continue;
            if (pending < 0) { pending = j; continue; }
            GammaEstimate[] e = GammaMethod.estimatePair(projected[pending], projected[j], n, s);
            out[pending] = e[0];
            out[j] = e[1];
            pending = -1;
        }
        if (pending >= 0) out[pending] = GammaMethod.estimate(projected[pending], n, s);
        return out;
    }
}
