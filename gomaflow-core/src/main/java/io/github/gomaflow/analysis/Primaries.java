package io.github.gomaflow.analysis;

import static io.github.gomaflow.analysis.ConfigurationObservables.ACTION;
import static io.github.gomaflow.analysis.ConfigurationObservables.CORRELATOR;
import static io.github.gomaflow.analysis.ConfigurationObservables.LINK_SUM;
import static io.github.gomaflow.analysis.ConfigurationObservables.MAGNETISATION;
import static io.github.gomaflow.analysis.ConfigurationObservables.PHI2_SUM;

/**
 * The per-sample primary series of an ensemble, normalised as reported, and their Γ-method
 * estimates. Normalises the raw columns of {@link ConfigurationObservables} in place
 * (M → φ̄ = M/V, Σφ² → Σφ²/V, links → links/(V·d), S → S/V).
 */
final class Primaries {
    static final int CHI2 = 0;
    static final int ABS_M = 1;
    static final int PHI2 = 2;
    static final int ACTION = 3;
    static final int ISING = 4;
    static final int MAGNETIZATION = 5;
    static final int M4 = 6;
    static final int CORRELATOR = 7;

    private final double[][] series;
    private final int n;
    private final int[] lengths;
    private final int maxLag;
    private final int dimension;
    private GammaEstimate[] estimates;
    private double sFactor = Double.NaN;

    /**
     * @param raw     [columns][n] raw columns (modified: normalised in place), the replicas one after another
     * @param lengths N_r of each replica (one entry for a single chain), Σ N_r = n
     */
    Primaries(double[][] raw, ConfigurationObservables obs, int[] lengths) {
        int total = 0;
        for (int l : lengths) total += l;
        this.n = total;
        this.lengths = lengths.clone();
        this.maxLag = obs.maxLag();
        this.dimension = obs.lattice().dimension();
        int v = obs.lattice().volume();
        double[] m = raw[MAGNETISATION];
        double[] chi2 = new double[n];
        double[] absM = new double[n];
        double[] m4 = new double[n];
        for (int i = 0; i < n; i++) {
            double mi = m[i];
            chi2[i] = mi * mi / v;
            absM[i] = Math.abs(mi) / v;
            m4[i] = (mi * mi / v) * (mi * mi / v);
            m[i] = mi / v;
        }
        scale(raw[PHI2_SUM], 1.0 / v);
        scale(raw[LINK_SUM], 1.0 / ((double) v * dimension));
        boolean hasAction = !Double.isNaN(raw[ConfigurationObservables.ACTION][0]);
        if (hasAction) scale(raw[ConfigurationObservables.ACTION], 1.0 / v);
        series = new double[CORRELATOR + maxLag + 1 + dimension][];
        series[CHI2] = chi2;
        series[ABS_M] = absM;
        series[PHI2] = raw[PHI2_SUM];
        series[Primaries.ACTION] = hasAction ? raw[ConfigurationObservables.ACTION] : null;
        series[ISING] = raw[LINK_SUM];
        series[MAGNETIZATION] = m;
        series[M4] = m4;
        for (int t = 0; t <= maxLag; t++) series[CORRELATOR + t] = raw[ConfigurationObservables.CORRELATOR + t];
        for (int mu = 0; mu < dimension; mu++) series[momentum(mu)] = raw[obs.momentumColumn(mu)];
    }

    private int momentum(int mu) { return CORRELATOR + maxLag + 1 + mu; }

    private static void scale(double[] a, double f) {
        for (int i = 0; i < a.length; i++) a[i] *= f;
    }

    /**
     * Γ-method estimates of every series (null series → NaN estimate), computed once. Series are
     * paired (one complex FFT serves two) and the pairs run on the common fork-join pool; each pair
     * is independent, so the result does not depend on the number of threads.
     */
    GammaEstimate[] estimates(double s) {
        if (estimates != null && s == sFactor) return estimates;
        GammaEstimate[] out = new GammaEstimate[series.length];
        java.util.List<int[]> pairs = new java.util.ArrayList<>();
        int pending = -1;
        for (int k = 0; k < series.length; k++) {
            if (series[k] == null) {
                out[k] = new GammaEstimate(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN, n);
            } else if (pending < 0) {
                pending = k;
            } else {
                pairs.add(new int[] {pending, k});
                pending = -1;
            }
        }
        if (pending >= 0) pairs.add(new int[] {pending, -1});
        java.util.List<java.util.concurrent.ForkJoinTask<?>> tasks = new java.util.ArrayList<>();
        for (int[] pair : pairs) {
            tasks.add(java.util.concurrent.ForkJoinPool.commonPool().submit(() -> {
                if (lengths.length > 1) {
                    out[pair[0]] = replicaEstimate(pair[0], s).combined();
                    if (pair[1] >= 0) out[pair[1]] = replicaEstimate(pair[1], s).combined();
                } else if (pair[1] < 0) {
                    out[pair[0]] = GammaMethod.estimate(series[pair[0]], n, s);
                } else {
                    GammaEstimate[] e = GammaMethod.estimatePair(series[pair[0]], series[pair[1]], n, s);
                    out[pair[0]] = e[0];
                    out[pair[1]] = e[1];
                }
            }));
        }
        for (java.util.concurrent.ForkJoinTask<?> t : tasks) t.join();
        estimates = out;
        sFactor = s;
        return estimates;
    }

    GammaEstimate[] estimates() { return estimates; }

    /** Whether series k exists (the action density needs m² and λ). */
    boolean hasSeries(int k) { return series[k] != null; }

    /** The Γ-method with replicas for one series (see {@link ReplicaGammaMethod}). */
    ReplicaGammaMethod.Result replicaEstimate(int k, double s) {
        double[][] parts = new double[lengths.length][];
        int offset = 0;
        for (int r = 0; r < lengths.length; r++) {
            parts[r] = java.util.Arrays.copyOfRange(series[k], offset, offset + lengths[r]);
            offset += lengths[r];
        }
        return ReplicaGammaMethod.estimate(parts, lengths, s);
    }

    /** Largest finite τ_int over all primaries (NaN if none). */
    double tauMax(double s) {
        double max = Double.NaN;
        for (GammaEstimate e : estimates(s)) {
            if (Double.isFinite(e.tauInt()) && !(e.tauInt() <= max)) max = e.tauInt();
        }
        return max;
    }

    /** Inputs of {@link DerivedObservables}: φ̄, M²/V, M⁴/V², C(t), F_μ (shared arrays, do not modify). */
    double[][] jackknifeInputs(DerivedObservables derived) {
        double[][] in = new double[derived.inputs()][];
        in[0] = series[MAGNETIZATION];
        in[1] = series[CHI2];
        in[2] = series[M4];
        for (int t = 0; t <= maxLag; t++) in[3 + t] = series[CORRELATOR + t];
        for (int mu = 0; mu < dimension; mu++) in[derived.momentumInput() + mu] = series[momentum(mu)];
        in[derived.isingInput()] = series[ISING];
        return in;
    }
}
