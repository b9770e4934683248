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
 * Analysis of one ensemble (docs/OUTPUTS.md): streams the configurations once, keeps the primary
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
        return analyze(List.of(file), options, progress);
    }

    /**
     * Opens and analyses R ≥ 1 replicas (independent chains) of one ensemble together: --therm is skipped
     * in each, the primaries' errors come from the Γ-method with replicas ({@link ReplicaGammaMethod}),
     * the jackknife bins run over the replicas one after another, and {@link AnalysisResult#replicas()}
     * holds the per-replica means and the agreement test (null for one file).
     *
     * @throws BadInputException if a file is missing or corrupt, or the replicas differ in lattice, m², λ
     */
    public static AnalysisResult analyze(List<Path> files, AnalysisOptions options, ProgressListener progress) {
        if (files.isEmpty()) throw new IllegalArgumentException("no ensemble files");
        List<EnsembleReader> readers = new ArrayList<>();
        Path current = files.get(0);
        try {
            for (Path f : files) {
                current = f;
                readers.add(EnsembleReader.open(f));
            }
            return analyzeReaders(readers, options, progress);
        } catch (IOException e) {
            throw new BadInputException(current + ": cannot read ensemble (" + e.getMessage() + ")", e);
        } finally {
            for (EnsembleReader r : readers) {
                try {
                    r.close();
                } catch (IOException ignored) {
                    // read-only files: nothing is lost by a failed close
                }
            }
        }
    }

    /**
     * Analyses the configurations of an open reader positioned at the start. Reports reading progress
     * to {@code progress} (which the caller closes).
     */
    public static AnalysisResult analyze(EnsembleReader reader, AnalysisOptions options, ProgressListener progress)
            throws IOException {
        return analyzeReaders(List.of(reader), options, progress);
    }

    private static AnalysisResult analyzeReaders(List<EnsembleReader> readers, AnalysisOptions options, ProgressListener progress)
            throws IOException {
        long start = System.nanoTime();
        EnsembleReader reader = readers.get(0);
        String file = reader.path().toString();
        int therm = options.thermalization();
        int[] lengths = replicaLengths(readers, therm);
        long totalLong = 0, nLong = 0;
        for (int k = 0; k < lengths.length; k++) {
            totalLong += readers.get(k).size();
            nLong += lengths[k];
        }
        if (nLong > Integer.MAX_VALUE) throw new BadInputException(file + " and the other replicas: more than 2^31-1 configurations in all");
        int total = (int) totalLong;
        int n = (int) nLong;
        for (EnsembleReader r : readers) requireFiniteDensities(r);
        Lattice lattice = reader.lattice();
        ScalarPhi4Action action = action(reader, options);
        ConfigurationObservables obs = new ConfigurationObservables(lattice, action);
        FullCorrelator full = useFullCorrelator(options, lattice, n) ? new FullCorrelator(lattice, n, FULL_CORRELATOR_DOUBLES) : null;
        double[][] series = new double[obs.columns()][n];
        int offset = 0;
        for (int k = 0; k < readers.size(); k++) {
            readSeries(readers.get(k), therm, lengths[k], offset, n, series, obs, full, progress);
            offset += lengths[k];
        }
        Map<String, Double> stages = new LinkedHashMap<>();
        long mark = System.nanoTime();
        stages.put("read_and_measure", (mark - start) * 1e-9);

        Primaries p = new Primaries(series, obs, lengths);
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
                new int[] {DerivedObservables.BINDER, DerivedObservables.CHI_CONNECTED, DerivedObservables.XI2, outputs,
                        derived.isingConnectedOutput()},
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
        // GomalizingFlow's conventions (docs/OUTPUTS.md): χ₂ = Σ_x G_c(x) is chi_connected; E_c = (1/d) Σ_μ G_c(μ̂)
        observables.put("gf_chi2", withTau(jk, DerivedObservables.CHI_CONNECTED, tau[1]));
        observables.put("gf_ising_energy", withTau(jk, derived.isingConnectedOutput(), tau[4]));

        List<GammaEstimate> g = new ArrayList<>();
        for (int t = 0; t < lt; t++) {
            GammaEstimate c = est[Primaries.CORRELATOR + Math.min(t, lt - t)];
            int o = DerivedObservables.CORRELATOR + t;
            g.add(new GammaEstimate(jk.value()[o], jk.error()[o], c.tauInt(), c.tauIntError(), c.window(), c.tauIntMadrasSokal(), n));
        }
        List<GammaEstimate> mfGc = new ArrayList<>();
        for (int t = 0; t < lt; t++) {
            GammaEstimate c = g.get(t);
            int o = derived.mfGcOutput() + t;
            mfGc.add(new GammaEstimate(jk.value()[o], jk.error()[o], c.tauInt(), c.tauIntError(), c.window(), c.tauIntMadrasSokal(), n));
        }
        List<GammaEstimate> meff = new ArrayList<>();
        for (int t = 1; t <= lt / 2; t++) meff.add(GammaEstimate.of(mv[t - 1], me[t - 1], n));

        double[][] gc = full == null ? null : full.connected(series[ConfigurationObservables.MAGNETISATION], binSize);
        lap(stages, "full_correlator", mark);
        ReplicaAgreement replicas = readers.size() < 2 ? null : ReplicaAgreement.of(readers, lengths, p, options.sFactor());
        return new AnalysisResult(file, lattice.extents(), reader.source(),
                action == null ? Double.NaN : action.mSquared(), action == null ? Double.NaN : action.lambda(),
                total, therm * readers.size(), acceptance(readers, therm), observables, g, meff,
                new int[] {(int) pole[2], (int) pole[3]}, binSize,
                gc == null ? null : gc[0], gc == null ? null : gc[1], (System.nanoTime() - start) * 1e-9, Map.copyOf(stages),
                requested(readers), replicas, signBalance(series[ConfigurationObservables.MAGNETISATION], lengths),
                freeEnergy(readers, therm), mfGc);
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

    /** N_r = size − therm of each replica; the replicas must share lattice, m² and λ. */
    private static int[] replicaLengths(List<EnsembleReader> readers, int therm) {
        EnsembleReader first = readers.get(0);
        int[] lengths = new int[readers.size()];
        for (int k = 0; k < lengths.length; k++) {
            EnsembleReader r = readers.get(k);
            if (k > 0 && !java.util.Arrays.equals(r.lattice().extents(), first.lattice().extents())) {
                throw new BadInputException(r.path() + ": lattice " + AnalysisText.shape(r.lattice().extents()) + " differs from "
                        + AnalysisText.shape(first.lattice().extents()) + " of " + first.path() + "; replicas must be of one ensemble");
            }
            if (k > 0 && (Double.compare(r.mSquared(), first.mSquared()) != 0 || Double.compare(r.lambda(), first.lambda()) != 0)) {
                throw new BadInputException(r.path() + ": m2=" + r.mSquared() + ", lam=" + r.lambda() + " differ from m2="
                        + first.mSquared() + ", lam=" + first.lambda() + " of " + first.path() + "; replicas must be of one ensemble");
            }
            if (therm >= r.size()) {
                throw new BadInputException(r.path() + ": --therm " + therm + " leaves no configurations (the file has " + r.size() + ")");
            }
            lengths[k] = r.size() - therm;
        }
        return lengths;
    }

    /** Measures configurations therm…therm+count of one replica into series[·][offset…offset+count). */
    private static void readSeries(EnsembleReader reader, int therm, int count, int offset, int n, double[][] series,
                                   ConfigurationObservables obs, FullCorrelator full, ProgressListener progress) throws IOException {
        int v = reader.lattice().volume();
        int chunk = Math.max(1, Math.min(count, (1 << 18) / v));
        float[] buffer = new float[chunk * v];
        reader.skip(therm, buffer);
        double[] row = new double[obs.columns()];
        int i = 0;
        while (i < count) {
            int got = reader.read(buffer, Math.min(chunk, count - i));
            if (got == 0) throw new BadInputException(reader.path() + ": ended after " + (therm + i) + " configurations");
            for (int c = 0; c < got; c++, i++) {
                obs.measure(buffer, c * v, row);
                if (!Double.isFinite(row[ConfigurationObservables.PHI2_SUM])) {
                    throw new BadInputException(reader.path() + ": configuration " + (therm + i)
                            + " contains NaN or infinite field values");
                }
                for (int k = 0; k < row.length; k++) series[k][offset + i] = row[k];
                if (full != null) full.add(buffer, c * v, offset + i);
            }
            progress.update(offset + i, n, "reading configurations");
        }
    }

    /** Sign balance of M over the replicas (M/V per configuration, replicas one after another). */
    static AnalysisResult.SignBalance signBalance(double[] m, int[] lengths) {
        long positive = 0, changes = 0;
        int offset = 0;
        for (int len : lengths) {
            int last = 0;
            for (int i = offset; i < offset + len; i++) {
                int sign = m[i] > 0 ? 1 : m[i] < 0 ? -1 : 0;
                if (sign > 0) positive++;
                if (sign != 0 && last != 0 && sign != last) changes++;
                if (sign != 0) last = sign;
            }
            offset += len;
        }
        return new AnalysisResult.SignBalance(offset == 0 ? Double.NaN : (double) positive / offset, changes);
    }

    /** log Z from the proposals of every replica after thermalisation (null if any file has none). */
    static FreeEnergy.Estimate freeEnergy(List<EnsembleReader> readers, int therm) {
        int total = 0;
        for (EnsembleReader r : readers) {
            if (r.proposalLogQ() == null) return null;
            total += r.proposalLogQ().length - therm;
        }
        double[] q = new double[total], p = new double[total];
        int at = 0;
        for (EnsembleReader r : readers) {
            int len = r.proposalLogQ().length - therm;
            System.arraycopy(r.proposalLogQ(), therm, q, at, len);
            System.arraycopy(r.proposalLogP(), therm, p, at, len);
            at += len;
        }
        return FreeEnergy.estimate(q, p);
    }

    /** Σ of the replicas' requested chain lengths, or −1 if any file does not record it. */
    private static long requested(List<EnsembleReader> readers) {
        long sum = 0;
        for (EnsembleReader r : readers) {
            if (r.requested() < 0) return -1;
            sum += r.requested();
        }
        return sum;
    }

    /** Accepted fraction after thermalisation over all replicas; NaN if any replica has no flags. */
    private static double acceptance(List<EnsembleReader> readers, int therm) {
        long a = 0, n = 0;
        for (EnsembleReader r : readers) {
            boolean[] accepted = r.accepted();
            if (accepted == null) return Double.NaN;
            for (int i = therm; i < accepted.length; i++) if (accepted[i]) a++;
            n += accepted.length - therm;
        }
        return (double) a / n;
    }
}
