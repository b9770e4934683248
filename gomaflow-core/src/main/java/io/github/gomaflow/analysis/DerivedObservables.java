package io.github.gomaflow.analysis;

/**
 * Derived quantities as functions of primary means, for the {@link Jackknife}.
 *
 * <p>Inputs ({@code means}, by index): 0 ⟨φ̄⟩ = ⟨M⟩/V, 1 ⟨M²⟩/V, 2 ⟨M⁴⟩/V², 3…3+T ⟨C(t)⟩ for
 * t = 0…T = ⌊L₀/2⌋ (see {@link ConfigurationObservables}), then ⟨F_μ⟩ for μ = 0…d−1, then
 * ⟨E⟩ = ⟨Σ_x Σ_μ φ(x)φ(x+μ̂)⟩/(V·d) (the Ising energy, unsubtracted).
 *
 * <p>Outputs:
 * <pre>
 *   BINDER            U = 1 − ⟨M⁴⟩ / (3⟨M²⟩²)
 *   CHI_CONNECTED     χ_c = ⟨M²⟩/V − V⟨φ̄⟩²
 *   XI2               ξ₂ = mean_μ sqrt(χ_c/⟨F_μ⟩ − 1) / (2 sin(π/L_μ))   (second-moment correlation length)
 *   CORRELATOR + t    G(t) = ⟨C(t)⟩ − (V/L₀)⟨φ̄⟩²,  t = 0…L₀−1  (connected; C(t) = C(L₀−t))
 *   MASS + t − 1      m_eff(t) = arccosh[(G(t−1) + G(t+1)) / (2G(t))],  t = 1…T  (NaN where the argument &lt; 1)
 *   ISING_CONNECTED   E_c = (1/d) Σ_μ G_c(μ̂) = ⟨E⟩ − ⟨φ̄⟩²   (GomalizingFlow's connected Ising energy)
 *   MFGC + t          mfGc(t) = G(t) / L^{d−1} = (1/L^{d−1}) Σ_{x⃗} G_c(x⃗, t),  t = 0…L₀−1, L^{d−1} = V/L₀
 * </pre>
 * with G_c(x) = (1/V) Σ_y ⟨φ(y)φ(y+x)⟩ − ⟨φ̄⟩² (docs/OUTPUTS.md). GomalizingFlow's connected
 * χ₂ = Σ_x G_c(x) equals CHI_CONNECTED exactly.
 * The connected subtraction uses the ensemble mean ⟨φ̄⟩ (as GomalizingFlow's {@code green} does
 * with site means); with Z₂ symmetry ⟨φ̄⟩ = 0 and the subtraction is O(1/N) noise, while an ensemble
 * stuck in one vacuum still gets the physical (connected) decay.
 */
final class DerivedObservables implements Jackknife.Derived {
    static final int BINDER = 0;
    static final int CHI_CONNECTED = 1;
    static final int XI2 = 2;
    static final int CORRELATOR = 3;

    private final int volume;
    private final int timeExtent;
    private final int maxLag;
    private final int[] extents;

    DerivedObservables(int[] extents) {
        this.extents = extents.clone();
        int v = 1;
        for (int e : extents) v *= e;
        this.volume = v;
        this.timeExtent = extents[0];
        this.maxLag = timeExtent / 2;
    }

    /** Index of the first input F_μ. */
    int momentumInput() { return 3 + maxLag + 1; }

    /** Index of the input ⟨E⟩. */
    int isingInput() { return momentumInput() + extents.length; }

    /** Number of inputs. */
    int inputs() { return isingInput() + 1; }

    /** Index of m_eff(1). */
    int massOutput() { return CORRELATOR + timeExtent; }

    /** Index of E_c. */
    int isingConnectedOutput() { return massOutput() + maxLag; }

    /** Index of mfGc(0). */
    int mfGcOutput() { return isingConnectedOutput() + 1; }

    /** Number of outputs. */
    int outputs() { return mfGcOutput() + timeExtent; }

    @Override public void evaluate(double[] means, double[] out) {
        double phiBar = means[0];
        double m2 = means[1];
        double m4 = means[2];
        out[BINDER] = 1 - m4 / (3 * m2 * m2);
        double chi = m2 - volume * phiBar * phiBar;
        out[CHI_CONNECTED] = chi;
        double xi = 0;
        for (int mu = 0; mu < extents.length; mu++) {
            double f = means[momentumInput() + mu];
            xi += Math.sqrt(chi / f - 1) / (2 * Math.sin(Math.PI / extents[mu]));
        }
        out[XI2] = xi / extents.length;
        double disconnected = (double) volume / timeExtent * phiBar * phiBar;
        for (int t = 0; t < timeExtent; t++) {
            int lag = Math.min(t, timeExtent - t);
            out[CORRELATOR + t] = means[3 + lag] - disconnected;
        }
        for (int t = 1; t <= maxLag; t++) {
            double g = out[CORRELATOR + t];
            double gm = out[CORRELATOR + t - 1];
            double gp = out[CORRELATOR + (t + 1) % timeExtent];
            double arg = (gm + gp) / (2 * g);
            out[massOutput() + t - 1] = arg >= 1 ? acosh(arg) : Double.NaN;
        }
        out[isingConnectedOutput()] = means[isingInput()] - phiBar * phiBar;
        double spatialVolume = (double) volume / timeExtent;
        for (int t = 0; t < timeExtent; t++) out[mfGcOutput() + t] = out[CORRELATOR + t] / spatialVolume;
    }

    static double acosh(double x) { return Math.log(x + Math.sqrt(x * x - 1)); }

    static double asinh(double x) { return Math.log(x + Math.sqrt(x * x + 1)); }

    /**
     * Pole mass: inverse-variance weighted mean of m_eff(t) over the plateau window
     * t ∈ [max(1, ⌈L₀/4⌉), ⌊L₀/2⌋], keeping only t where m_eff and all its jackknife replicas are finite;
     * weights 1/σ²(m_eff(t)) are fixed from the full sample, the error is the jackknife of the average.
     *
     * @param value    m_eff(t) central values, index t − 1 (read)
     * @param error    their jackknife errors (read)
     * @param replicas [bins][outputs] jackknife replicas of all outputs (read)
     * @return {mass, error, first t used, last t used}; NaN mass and t = 0 if no t qualifies
     */
    double[] poleMass(double[] value, double[] error, double[][] replicas) {
        double[] weights = poleWeights(value, error, replicas);
        int used0 = 0, used1 = 0;
        for (int t = 1; t <= maxLag; t++) {
            if (weights[t] == 0) continue;
            if (used0 == 0) used0 = t;
            used1 = t;
        }
        if (used0 == 0) return new double[] {Double.NaN, Double.NaN, 0, 0};
        double[] rep = new double[replicas.length];
        for (int j = 0; j < replicas.length; j++) rep[j] = weightedMass(weights, replicas[j]);
        double[] all = new double[outputs()];
        for (int t = 1; t <= maxLag; t++) all[massOutput() + t - 1] = value[t - 1];
        return new double[] {weightedMass(weights, all), Jackknife.error(rep), used0, used1};
    }

    /** Plateau weights 1/σ²(m_eff(t)) indexed by t (0 outside the window or where unusable). */
    double[] poleWeights(double[] value, double[] error, double[][] replicas) {
        int first = Math.max(1, (timeExtent + 3) / 4);
        double[] weights = new double[maxLag + 1];
        for (int t = first; t <= maxLag; t++) {
            if (usable(value[t - 1], error[t - 1], replicas, massOutput() + t - 1)) weights[t] = 1 / (error[t - 1] * error[t - 1]);
        }
        return weights;
    }

    /** Σ_t w_t m_eff(t) / Σ_t w_t, m_eff taken from a full output vector. */
    double weightedMass(double[] weights, double[] outputs) {
        double s = 0, w = 0;
        for (int t = 1; t < weights.length; t++) {
            if (weights[t] == 0) continue;
            s += weights[t] * outputs[massOutput() + t - 1];
            w += weights[t];
        }
        return w == 0 ? Double.NaN : s / w;
    }

    private static boolean usable(double value, double error, double[][] replicas, int column) {
        if (!Double.isFinite(value) || !(error > 0) || !Double.isFinite(error)) return false;
        for (double[] r : replicas) if (!Double.isFinite(r[column])) return false;
        return true;
    }
}
