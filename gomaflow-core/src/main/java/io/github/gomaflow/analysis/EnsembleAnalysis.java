package io.github.gomaflow.analysis;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.io.EnsembleReader;
import io.github.gomaflow.io.ProgressListener;
import io.github.gomaflow.lattice.Lattice;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Analysis of one ensemble (DESIGN §8): streams the configurations once, keeps the primary
 * observables of {@link ConfigurationObservables} per sample (8 bytes × (5 + ⌊L₀/2⌋ + d) per sample),
 * and estimates
 * <ul>
 *   <li>primary means (chi2 = ⟨M²⟩/V, abs_m = ⟨|M|⟩/V, phi2, action_density = ⟨S⟩/V,
 *       ising_energy = ⟨Σ_x Σ_μ φ(x)φ(x+μ̂)⟩/(V·d), magnetization = ⟨M⟩/V) with the
 *       {@link GammaMethod} (error, τ_int, δτ_int, GomalizingFlow's τ_int);</li>
 *   <li>derived quantities (binder, chi_connected, xi2, G(t), m_eff(t), pole_mass; see
 *       {@link DerivedObservables}) with the {@link Jackknife} over bins;</li>
 *   <li>G_c(x) on the full lattice from block-summed power spectra (when cheap or requested).</li>
 * </ul>
 * Automatic bin size: B = ⌈10·τ_max⌉, τ_max the largest Γ-method τ_int of the primaries, so that the
 * variance lost to correlations between neighbouring bins (≈ τ/B for exponential decay) stays ≲ 10 %;
 * capped at N/20 so that at least 20 bins remain.
 */
public final class EnsembleAnalysis {
    /**
     * Work budget n·V·Σ_μ L_μ up to which G_c(x) on the full lattice is computed automatically (its
     * per-configuration DFT costs ~2.5 µs on 8×8, i.e. ~2.5 s CPU for 10⁶ samples; 2.5·10⁸ keeps it
     * below ~0.6 s). Larger analyses compute it only when asked ({@code --full-correlator}).
     */
    static final double FULL_CORRELATOR_BUDGET = 2.5e8;
    /** Most blocks of power spectra kept for G_c(x), times V doubles each, is at most this. */
    static final int FULL_CORRELATOR_DOUBLES = 1 << 22;

    private EnsembleAnalysis() {}

    /**
     * Opens and analyses an ensemble file.
     *
     * @throws BadInputException if the file is missing, corrupt, or the options do not fit it
     */
    public static AnalysisResult analyze(Path file, AnalysisOptions options, ProgressListener progress) {
        try (EnsembleReader reader = EnsembleReader.open(file)) {
            return analyze(reader, options, progress);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read ensemble (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Analyses the configurations of an open reader positioned at the start. Reports reading progress
     * to {@code progress} (which the caller closes).
     */
    public static AnalysisResult analyze(EnsembleReader reader, AnalysisOptions options, ProgressListener progress)
            throws IOException {
        long start = System.nanoTime();
        String file = reader.path().toString();
        int total = reader.size();
        int therm = options.thermalization();
        if (therm >= total) {
            throw new BadInputException(file + ": --therm " + therm + " leaves no configurations (the file has " + total + ")");
        }
        int n = total - therm;
        requireFiniteDensities(reader);
        Lattice lattice = reader.lattice();
        ScalarPhi4Action action = action(reader, options);
        ConfigurationObservables obs = new ConfigurationObservables(lattice, action);
        FullCorrelator full = useFullCorrelator(options, lattice, n) ? new FullCorrelator(lattice, n, FULL_CORRELATOR_DOUBLES) : null;
        double[][] series = readSeries(reader, therm, n, obs, full, progress);
        Map<String, Double> stages = new LinkedHashMap<>();
        long mark = System.nanoTime();
        stages.put("read_and_measure", (mark - start) * 1e-9);

        Primaries p = new Primaries(series, obs, n);
        GammaEstimate[] est = p.estimates(options.sFactor());
        mark = lap(stages, "gamma_method", mark);
        int binSize = options.binSize() > 0 ? Math.min(options.binSize(), n) : automaticBinSize(p.tauMax(options.sFactor()), n);
        DerivedObservables derived = new DerivedObservables(lattice.extents());
        double[][] inputs = p.jackknifeInputs(derived);
        Jackknife.Result jk = Jackknife.of(inputs, n, binSize, derived.outputs(), derived);
        mark = lap(stages, "jackknife", mark);

        Map<String, GammaEstimate> observables = new LinkedHashMap<>();
        observables.put("chi2", est[Primaries.CHI2]);
        observables.put("abs_m", est[Primaries.ABS_M]);
        observables.put("phi2", est[Primaries.PHI2]);
        int lt = lattice.extent(0);
        double[] mv = new double[lt / 2];
        double[] me = new double[lt / 2];
        for (int t = 1; t <= lt / 2; t++) {
            mv[t - 1] = jk.value()[derived.massOutput() + t - 1];
            me[t - 1] = jk.error()[derived.massOutput() + t - 1];
        }
        double[] pole = derived.poleMass(mv, me, jk.replicas());
        double[] poleWeights = derived.poleWeights(mv, me, jk.replicas());
        int outputs = derived.outputs();
        // τ_int of the jackknifed scalars from Wolff's projection; pole mass as an extra output
        Jackknife.Derived withPole = (means, out) -> {
            derived.evaluate(means, out);
            out[outputs] = derived.weightedMass(poleWeights, out);
        };
        GammaEstimate[] tau = ProjectedTau.estimate(inputs, n, withPole, outputs + 1,
                new int[] {DerivedObservables.BINDER, DerivedObservables.CHI_CONNECTED, DerivedObservables.XI2, outputs},
                options.sFactor());
        mark = lap(stages, "derived_tau", mark);
        observables.put("binder", withTau(jk, DerivedObservables.BINDER, tau[0]));
        if (action != null) observables.put("action_density", est[Primaries.ACTION]);
        observables.put("ising_energy", est[Primaries.ISING]);
        observables.put("magnetization", est[Primaries.MAGNETIZATION]);
        observables.put("chi_connected", withTau(jk, DerivedObservables.CHI_CONNECTED, tau[1]));
        observables.put("xi2", withTau(jk, DerivedObservables.XI2, tau[2]));
        observables.put("pole_mass", new GammaEstimate(pole[0], pole[1], tau[3].tauInt(), tau[3].tauIntError(),
                tau[3].window(), tau[3].tauIntMadrasSokal(), n));

        List<GammaEstimate> g = new ArrayList<>();
        for (int t = 0; t < lt; t++) {
            GammaEstimate c = est[Primaries.CORRELATOR + Math.min(t, lt - t)];
            int o = DerivedObservables.CORRELATOR + t;
            g.add(new GammaEstimate(jk.value()[o], jk.error()[o], c.tauInt(), c.tauIntError(), c.window(), c.tauIntMadrasSokal(), n));
        }
        List<GammaEstimate> meff = new ArrayList<>();
        for (int t = 1; t <= lt / 2; t++) meff.add(GammaEstimate.of(mv[t - 1], me[t - 1], n));

        double[][] gc = full == null ? null : full.connected(series[ConfigurationObservables.MAGNETISATION], binSize);
        lap(stages, "full_correlator", mark);
        return new AnalysisResult(file, lattice.extents(), reader.source(),
                action == null ? Double.NaN : action.mSquared(), action == null ? Double.NaN : action.lambda(),
                total, therm, acceptance(reader.accepted(), therm), observables, g, meff,
                new int[] {(int) pole[2], (int) pole[3]}, binSize,
                gc == null ? null : gc[0], gc == null ? null : gc[1], (System.nanoTime() - start) * 1e-9, Map.copyOf(stages), reader.requested());
    }

    private static GammaEstimate withTau(Jackknife.Result jk, int output, GammaEstimate projected) {
        return new GammaEstimate(jk.value()[output], jk.error()[output], projected.tauInt(), projected.tauIntError(),
                projected.window(), projected.tauIntMadrasSokal(), projected.samples());
    }

    private static long lap(Map<String, Double> stages, String name, long since) {
        long now = System.nanoTime();
        stages.put(name, (now - since) * 1e-9);
        return now;
    }

    /**
     * log p must be finite in every ensemble, and log q in a flow ensemble (HMC stores NaN there by
     * design): a chain of non-finite densities is the product of a broken model, not data.
     */
    private static void requireFiniteDensities(EnsembleReader reader) {
        String what = null;
        int at = -1;
        double[] logP = reader.logP();
        for (int i = 0; logP != null && i < logP.length && at < 0; i++) if (!Double.isFinite(logP[i])) { at = i; what = "log_p"; }
        double[] logQ = reader.logQ();
        if (at < 0 && reader.source() == EnsembleReader.SOURCE_FLOW) {
            for (int i = 0; logQ != null && i < logQ.length && at < 0; i++) if (!Double.isFinite(logQ[i])) { at = i; what = "log_q"; }
        }
        if (at >= 0) {
            throw new BadInputException(reader.path() + ": " + what + "[" + at + "] is " + (what.equals("log_p") ? logP[at] : logQ[at])
                    + "; an ensemble with non-finite densities comes from a broken model and cannot be analysed");
        }
    }

    /** B = ⌈10 τ_max⌉ clamped to [1, max(1, N/20)]. */
    static int automaticBinSize(double tauMax, int n) {
        double tau = Double.isFinite(tauMax) ? Math.max(tauMax, 0.5) : 0.5;
        long b = (long) Math.ceil(10 * tau);
        return (int) Math.max(1, Math.min(b, Math.max(1, n / 20)));
    }

    private static ScalarPhi4Action action(EnsembleReader reader, AnalysisOptions o) {
        double m2 = Double.isNaN(o.mSquared()) ? reader.mSquared() : o.mSquared();
        double lam = Double.isNaN(o.lambda()) ? reader.lambda() : o.lambda();
        if (Double.isNaN(m2) || Double.isNaN(lam)) return null;
        try {
            return new ScalarPhi4Action(reader.lattice(), m2, lam);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(reader.path() + ": m2=" + m2 + ", lam=" + lam + " do not define a valid action: " + e.getMessage(), e);
        }
    }

    private static boolean useFullCorrelator(AnalysisOptions o, Lattice lattice, int n) {
        if (o.fullCorrelator() != null) return o.fullCorrelator();
        double perConfig = lattice.volume();
        int sum = 0;
        for (int mu = 0; mu < lattice.dimension(); mu++) sum += lattice.extent(mu);
        return (double) n * perConfig * sum <= FULL_CORRELATOR_BUDGET;
    }

    private static double[][] readSeries(EnsembleReader reader, int therm, int n, ConfigurationObservables obs,
                                         FullCorrelator full, ProgressListener progress) throws IOException {
        int v = reader.lattice().volume();
        int chunk = Math.max(1, Math.min(n, (1 << 18) / v));
        float[] buffer = new float[chunk * v];
        reader.skip(therm, buffer);
        double[][] series = new double[obs.columns()][n];
        double[] row = new double[obs.columns()];
        int i = 0;
        while (i < n) {
            int got = reader.read(buffer, Math.min(chunk, n - i));
            if (got == 0) throw new BadInputException(reader.path() + ": ended after " + (therm + i) + " configurations");
            for (int c = 0; c < got; c++, i++) {
                obs.measure(buffer, c * v, row);
                if (!Double.isFinite(row[ConfigurationObservables.PHI2_SUM])) {
                    throw new BadInputException(reader.path() + ": configuration " + (therm + i)
                            + " contains NaN or infinite field values");
                }
                for (int k = 0; k < row.length; k++) series[k][i] = row[k];
                if (full != null) full.add(buffer, c * v, i);
            }
            progress.update(i, n, "reading configurations");
        }
        return series;
    }

    private static double acceptance(boolean[] accepted, int therm) {
        if (accepted == null) return Double.NaN;
        long a = 0;
        for (int i = therm; i < accepted.length; i++) if (accepted[i]) a++;
        return (double) a / (accepted.length - therm);
    }
}
