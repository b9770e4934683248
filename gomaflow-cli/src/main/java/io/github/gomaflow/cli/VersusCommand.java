package io.github.gomaflow.cli;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.analysis.AnalysisOptions;
import io.github.gomaflow.analysis.AnalysisResult;
import io.github.gomaflow.analysis.EnsembleAnalysis;
import io.github.gomaflow.analysis.GammaEstimate;
import io.github.gomaflow.config.ConfigLoader;
import io.github.gomaflow.config.GomaConfig;
import io.github.gomaflow.io.EnsembleWriter;
import io.github.gomaflow.plot.EvaluationHistory;
import io.github.gomaflow.mcmc.FlowSampler;
import io.github.gomaflow.mcmc.FlowProposals;
import io.github.gomaflow.mcmc.ChainSummary;
import io.github.gomaflow.flow.FlowEngine;
import io.github.gomaflow.io.ProgressListener;
import io.github.gomaflow.mcmc.ClusterChain;
import io.github.gomaflow.mcmc.HmcChain;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gomaflow versus}: runs each sampler for the same wall-clock budget on the configuration's
 * action — HMC, Fourier-accelerated HMC, the cluster sampler and, given a trained run, the flow's independence Metropolis
 * chain and the composite chain flow + one HMC trajectory per step — and prints acceptance, τ_int of
 * |M|, χ₂ and φ² with errors and the seconds per independent sample of |M|, wall / (N / 2τ_int)
 * with the wall time of the recorded part; with a trained run also that cost with the training time
 * amortised over {@code --amortize} independent samples. Exits 1 when two samplers disagree by more
 * than 4σ on χ₂, |M| or φ² (docs/SAMPLERS.md).
 */
@Command(name = "versus", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Which sampler gives independent configurations cheapest? Runs HMC, Fourier-accelerated HMC, the cluster sampler and, given"
                + " a trained RUN_DIR, the flow (independence Metropolis) and the composite chain flow + HMC, for --budget"
                + " seconds each (thermalisation included), and compares them.",
                "Exit 1 if two samplers disagree by more than 4 sigma on chi2, |M| or phi2."})
public final class VersusCommand implements Callable<Integer> {
    /** Samplers disagreeing by more than this many σ make the result untrustworthy (exit 1). */
    static final double DISAGREEMENT_SIGMA = 4.0;
    static final String[] COMPARED = {"chi2", "abs_m", "phi2"};

    @Parameters(index = "0", paramLabel = "CONFIG.toml", description = "Configuration ([physical] is used).")
    Path config;

    @Parameters(index = "1", arity = "0..1", paramLabel = "RUN_DIR|MODEL",
            description = "A training result directory (or .ckpt) of the same physics: adds the flow and composite rows.")
    Path run;

    @Option(names = "--model", paramLabel = "WHICH", defaultValue = "final",
            description = "Checkpoint of RUN_DIR: final, best_ess or best_acceptance (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--amortize", paramLabel = "N", defaultValue = "10000",
            description = "Independent samples the training time is spread over in the s/indep+train column"
                    + " (default ${DEFAULT-VALUE}).")
    long amortize;

    @Option(names = "--z2-flip", description = "Add the exact global flip phi -> -phi (probability 1/2 after every step)"
            + " to HMC and the flow chains (the cluster sampler flips signs by itself).")
    boolean z2Flip;

    @Option(names = "--threads", paramLabel = "T", description = "Worker threads of the flow chains (default: all"
            + " processors; HMC and cluster run on one thread). Results do not depend on it.")
    Integer threads;

    @Option(names = "--budget", paramLabel = "SECONDS", defaultValue = "20",
            description = "Wall-clock seconds per sampler, thermalisation included (default ${DEFAULT-VALUE}).")
    double budget;

    @Option(names = "--therm", paramLabel = "K", defaultValue = "1000",
            description = "Thermalisation steps of each sampler, not analysed (default ${DEFAULT-VALUE}).")
    long therm;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: the configuration's training seed).")
    Long seed;

    @Option(names = "--quiet", description = "No progress output.")
    boolean quiet;

    @Spec CommandSpec spec;

    /** One sampler's row. */
    record Row(String name, long samples, double seconds, double acceptance, AnalysisResult analysis) {
        GammaEstimate get(String observable) { return analysis.observables().get(observable); }

        /** wall / (N / 2τ_int(|M|)). */
        double secondsPerIndependent() { return seconds / (samples / (2 * Math.max(0.5, get("abs_m").tauInt()))); }
    }

    /** Runs a chain into {@code w} until {@code stop}; returns {acceptance, seconds of the recorded part}. */
    @FunctionalInterface interface Sampler { double[] run(EnsembleWriter w, BooleanSupplier stop) throws IOException; }

    @Override public Integer call() throws IOException {
        if (!(budget > 0) || !Double.isFinite(budget) || budget > 86_400) {
            throw new BadInputException("--budget must be in (0, 86400] seconds, got " + budget);
        }
        if (therm < 0) throw new BadInputException("--therm must be >= 0, got " + therm);
        if (!Files.isRegularFile(config)) throw new BadInputException("configuration file not found: " + config);
        GomaConfig cfg = ConfigLoader.load(config);
        var p = cfg.physical();
        ScalarPhi4Action action;
        try {
            action = new ScalarPhi4Action(p.lattice(), p.mSquared(), p.lambda());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(config + ": [physical] " + e.getMessage());
        }
        long s = seed != null ? seed : cfg.training().seed();
        int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (t < 1 || t > 1024) throw new BadInputException("--threads must be in 1..1024, got " + t);
        if (amortize < 1) throw new BadInputException("--amortize must be >= 1 independent samples, got " + amortize);
        TrainedFlow trained = null;
        double trainingSeconds = Double.NaN;
        if (run != null) {
            Path ckptFile = TrainedFlow.checkpointFile(run, model);
            trained = TrainedFlow.load(ckptFile);
            var q = trained.config().physical();
            if (!q.lattice().equals(p.lattice()) || q.mSquared() != p.mSquared() || q.lambda() != p.lambda()) {
                throw new BadInputException(ckptFile + ": trained for " + q.lattice() + ", m2=" + q.mSquared() + ", lam="
                        + q.lambda() + ", but " + config + " has " + p.lattice() + ", m2=" + p.mSquared() + ", lam="
                        + p.lambda() + "; give a run of the same physics");
            }
            io.github.gomaflow.train.MemoryEstimate.require(trained.config(), FlowSampler.DEFAULT_BATCH, t,
                    ckptFile.toString(), "sampling");
            trainingSeconds = trainingSeconds(ckptFile.toAbsolutePath().getParent(), trained.config());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "versus: %s (%s, m2=%s, lam=%s), %.0f s per sampler, seed %d%s%n", cfg.name(),
                action.lattice(), p.mSquared(), p.lambda(), budget, s, z2Flip ? ", global Z2 flips" : "");
        if (trained != null) {
            out.printf(Locale.ROOT, "flow: %s, %d threads; HMC and cluster: 1 thread%n", trained.checkpointFile(), t);
        }
        out.flush();
        Path tmp = Files.createTempDirectory("gomaflow-versus");
        List<Row> rows = new ArrayList<>();
        try {
            HmcChain.Options hmcOptions = new HmcChain.Options(HmcChain.Options.DEFAULT_TAU, HmcChain.Options.DEFAULT_STEPS,
                    io.github.gomaflow.mcmc.Integrator.LEAPFROG, therm, HmcChain.Options.DEFAULT_TARGET, true, true, z2Flip);
            rows.add(measure("hmc", EnsembleWriter.Source.HMC, action, tmp, (w, stop) -> {
                var r = HmcChain.run(action, hmcOptions, Long.MAX_VALUE, s, w, ProgressListener.NONE, stop).chain();
                return new double[] {r.acceptance(), r.seconds()};
            }));
            // Fourier-accelerated HMC: M² = m² for a free field, else measured in the thermalisation (docs/SAMPLERS.md)
            double faMass = p.lambda() == 0 && p.mSquared() > 0 ? p.mSquared() : HmcChain.Options.FOURIER_MASS_AUTO;
            HmcChain.Options faOptions = new HmcChain.Options(HmcChain.Options.DEFAULT_TAU, HmcChain.Options.DEFAULT_STEPS,
                    io.github.gomaflow.mcmc.Integrator.LEAPFROG, therm, HmcChain.Options.DEFAULT_TARGET, true, true, z2Flip, faMass);
            rows.add(measure("hmc-fa", EnsembleWriter.Source.HMC, action, tmp, (w, stop) -> {
                var r = HmcChain.run(action, faOptions, Long.MAX_VALUE, s, w, ProgressListener.NONE, stop).chain();
                return new double[] {r.acceptance(), r.seconds()};
            }));
            ClusterChain.Options clusterOptions = new ClusterChain.Options(therm, 1, 0);
            rows.add(measure("cluster", EnsembleWriter.Source.CLUSTER, action, tmp, (w, stop) -> {
                var r = ClusterChain.run(action, clusterOptions, Long.MAX_VALUE, s, w, ProgressListener.NONE, stop);
                return new double[] {r.siteAcceptance(), r.chain().seconds()};
            }));
            if (trained != null) {
                rows.add(measureFlow("flow", trained, 0, t, s, tmp));
                rows.add(measureFlow("flow+hmc", trained, 1, t, s, tmp));
            }
        } finally {
            try (var files = Files.list(tmp)) {
                for (Path f : files.toList()) Files.deleteIfExists(f);
            }
            Files.deleteIfExists(tmp);
        }
        if (trained != null) {
            out.printf(Locale.ROOT, "training: %s; s/indep+train = s/indep + training / %d independent samples (--amortize)%n",
                    Double.isFinite(trainingSeconds) ? String.format(Locale.ROOT, "%.1f s (from evaluations.csv)", trainingSeconds)
                            : "time unknown (no evaluations.csv beside the model)", amortize);
        }
        return report(rows, out, trainingSeconds, amortize);
    }

    private Row measure(String name, EnsembleWriter.Source source, ScalarPhi4Action action, Path dir, Sampler sampler)
            throws IOException {
        if (!quiet) {
            spec.commandLine().getErr().printf(Locale.ROOT, "  running %s for %.0f s…%n", name, budget);
            spec.commandLine().getErr().flush();
        }
        Path file = dir.resolve(name + ".npz");
        long deadline = System.nanoTime() + (long) (budget * 1e9);
        double[] accAndSeconds;
        try (EnsembleWriter w = new EnsembleWriter(file, action.lattice(), action.mSquared(), action.lambda(), source, 1 << 16)) {
            accAndSeconds = sampler.run(w, () -> System.nanoTime() >= deadline);
        }
        AnalysisResult a = EnsembleAnalysis.analyze(file, AnalysisOptions.defaults().withFullCorrelator(false),
                ProgressListener.NONE);
        if (a.totalSamples() < 100) {
            throw new BadInputException("--budget " + budget + " s: " + name + " recorded only " + a.totalSamples()
                    + " samples after thermalisation; give a larger budget or a smaller --therm");
        }
        return new Row(name, a.totalSamples(), accAndSeconds[1], accAndSeconds[0], a);
    }

    /** The flow's independence Metropolis chain, with {@code hmcMoves} HMC trajectories after every step. */
    private Row measureFlow(String name, TrainedFlow trained, int hmcMoves, int threads, long seed, Path dir)
            throws IOException {
        int batch = FlowSampler.DEFAULT_BATCH;
        try (FlowEngine engine = new FlowEngine(trained.model(), batch, threads)) {
            engine.setBatchNormTraining(false);
            FlowSampler sampler = new FlowSampler(new FlowProposals(engine, trained.prior(), trained.action().lattice().volume(),
                    batch), trained.action(), batch).withSymmetry(false, z2Flip);
            if (hmcMoves > 0) sampler.withHmcMoves(hmcMoves, 10);
            return measure(name, EnsembleWriter.Source.FLOW, trained.action(), dir, (w, stop) -> {
                ChainSummary c = sampler.run(Long.MAX_VALUE, therm, seed, w, ProgressListener.NONE, stop);
                return new double[] {c.acceptance(), c.seconds()};
            });
        }
    }

    /**
     * Wall-clock seconds the run took to train, from its evaluations.csv: the last {@code elapsed_time}
     * (cumulative in our evaluation), or the sum of the column (per epoch in GomalizingFlow's); NaN when
     * the directory has no readable table.
     */
    static double trainingSeconds(Path runDir, GomaConfig cfg) {
        Path csv = runDir.resolve(EvaluationHistory.FILE_NAME);
        if (!Files.isRegularFile(csv)) return Double.NaN;
        try {
            EvaluationHistory h = EvaluationHistory.read(csv);
            if (h.rows() == 0 || !h.has("elapsed_time")) return Double.NaN;
            double[] e = h.column("elapsed_time");
            if (cfg.training().evaluation() == io.github.gomaflow.config.TrainingParams.Evaluation.GOMALIZINGFLOW) {
                double sum = 0;
                for (double v : e) sum += v;
                return sum;
            }
            return e[e.length - 1];
        } catch (IOException | BadInputException e) {
            return Double.NaN;
        }
    }

    static int report(List<Row> rows, PrintWriter out) { return report(rows, out, Double.NaN, 1); }

    /**
     * Prints the table and the winner; with a finite {@code trainingSeconds} the flow rows get
     * s/indep + trainingSeconds / amortize, and the winner is named both without and with training.
     */
    static int report(List<Row> rows, PrintWriter out, double trainingSeconds, long amortize) {
        boolean flows = false;
        for (Row r : rows) flows |= r.name().startsWith("flow");
        out.printf(Locale.ROOT, "%-8s %9s %7s %6s %9s %20s %20s %20s %12s%s%n", "sampler", "samples", "wall_s", "acc",
                "tau|M|", "chi2", "|M|", "phi2", "s/indep", flows ? String.format(Locale.ROOT, " %14s", "s/indep+train") : "");
        Row best = null;
        for (Row r : rows) {
            out.printf(Locale.ROOT, "%-8s %9d %7.1f %6.3f %9.2f %20s %20s %20s %12.3g%s%n", r.name(), r.samples(), r.seconds(),
                    r.acceptance(), r.get("abs_m").tauInt(), fmt(r.get("chi2")), fmt(r.get("abs_m")), fmt(r.get("phi2")),
                    r.secondsPerIndependent(), flows ? String.format(Locale.ROOT, " %14.3g",
                            amortised(r, trainingSeconds, amortize)) : "");
            if (best == null || r.secondsPerIndependent() < best.secondsPerIndependent()) best = r;
        }
        out.println("(acc: HMC trajectory, cluster Metropolis site, flow proposal acceptance; wall_s: recorded part, "
                + "thermalisation excluded; s/indep = wall_s / (N / 2 tau_int(|M|))"
                + (flows ? "; s/indep+train adds the flow's training time / --amortize" : "") + ")");
        int disagreements = 0;
        for (int i = 0; i < rows.size(); i++) {
            for (int j = i + 1; j < rows.size(); j++) {
                for (String o : COMPARED) {
                    GammaEstimate a = rows.get(i).get(o);
                    GammaEstimate b = rows.get(j).get(o);
                    double pull = (a.value() - b.value()) / Math.hypot(a.error(), b.error());
                    if (!(Math.abs(pull) <= DISAGREEMENT_SIGMA)) {
                        out.printf(Locale.ROOT, "DISAGREE: %s %s vs %s: %.2f sigma%n", o, rows.get(i).name(),
                                rows.get(j).name(), pull);
                        disagreements++;
                    }
                }
            }
        }
        if (disagreements > 0) {
            out.printf(Locale.ROOT, "result not trusted: %d disagreement(s) above %.0f sigma (no winner)%n", disagreements,
                    DISAGREEMENT_SIGMA);
            out.flush();
            return 1;
        }
        out.println(winnerLine("winner", rows, best, r -> r.secondsPerIndependent()));
        if (flows && Double.isFinite(trainingSeconds)) {
            Row bestWithTraining = null;
            for (Row r : rows) {
                if (bestWithTraining == null || amortised(r, trainingSeconds, amortize)
                        < amortised(bestWithTraining, trainingSeconds, amortize)) {
                    bestWithTraining = r;
                }
            }
            out.println(winnerLine("winner with training amortised over " + amortize + " independent samples", rows,
                    bestWithTraining, r -> amortised(r, trainingSeconds, amortize)));
        }
        out.flush();
        return 0;
    }

    /** s/indep, plus training / amortize for the flow rows (NaN for them when the training time is unknown). */
    static double amortised(Row r, double trainingSeconds, long amortize) {
        if (!r.name().startsWith("flow")) return r.secondsPerIndependent();
        return r.secondsPerIndependent() + trainingSeconds / amortize;
    }

    private static String winnerLine(String label, List<Row> rows, Row best, java.util.function.ToDoubleFunction<Row> cost) {
        Row second = null;
        for (Row r : rows) {
            if (r != best && (second == null || cost.applyAsDouble(r) < cost.applyAsDouble(second))) second = r;
        }
        return String.format(Locale.ROOT, "%s: %s (%.2fx cheaper per independent sample of |M| than %s)", label, best.name(),
                second == null ? 1.0 : cost.applyAsDouble(second) / cost.applyAsDouble(best), second == null ? "-" : second.name());
    }

    private static String fmt(GammaEstimate e) {
        return String.format(Locale.ROOT, "%.5g(%.2g)", e.value(), e.error());
    }
}
