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
 * action and prints acceptance, τ_int of |M|, χ₂ and φ² with errors and the seconds per
 * independent sample of |M|, wall / (N / 2τ_int) with the wall time of the recorded part; exits 1 when two samplers disagree by more than
 * 4σ on χ₂, |M| or φ² (docs/SAMPLERS.md).
 */
@Command(name = "versus", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Which sampler gives independent configurations cheapest? Runs HMC and the cluster sampler for "
                + "--budget seconds each (thermalisation included) and compares them.",
                "Exit 1 if two samplers disagree by more than 4 sigma on chi2, |M| or phi2."})
public final class VersusCommand implements Callable<Integer> {
    /** Samplers disagreeing by more than this many σ make the result untrustworthy (exit 1). */
    static final double DISAGREEMENT_SIGMA = 4.0;
    static final String[] COMPARED = {"chi2", "abs_m", "phi2"};

    @Parameters(index = "0", paramLabel = "CONFIG.toml", description = "Configuration ([physical] is used).")
    Path config;

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
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "versus: %s (%s, m2=%s, lam=%s), %.0f s per sampler, seed %d%n", cfg.name(),
                action.lattice(), p.mSquared(), p.lambda(), budget, s);
        out.flush();
        Path tmp = Files.createTempDirectory("gomaflow-versus");
        List<Row> rows = new ArrayList<>();
        try {
            HmcChain.Options hmcOptions = new HmcChain.Options(HmcChain.Options.DEFAULT_TAU, HmcChain.Options.DEFAULT_STEPS,
                    io.github.gomaflow.mcmc.Integrator.LEAPFROG, therm, HmcChain.Options.DEFAULT_TARGET, true);
            rows.add(measure("hmc", EnsembleWriter.Source.HMC, action, tmp, (w, stop) -> {
                var r = HmcChain.run(action, hmcOptions, Long.MAX_VALUE, s, w, ProgressListener.NONE, stop).chain();
                return new double[] {r.acceptance(), r.seconds()};
            }));
            ClusterChain.Options clusterOptions = new ClusterChain.Options(therm, 1, 0);
            rows.add(measure("cluster", EnsembleWriter.Source.CLUSTER, action, tmp, (w, stop) -> {
                var r = ClusterChain.run(action, clusterOptions, Long.MAX_VALUE, s, w, ProgressListener.NONE, stop);
                return new double[] {r.siteAcceptance(), r.chain().seconds()};
            }));
        } finally {
            try (var files = Files.list(tmp)) {
                for (Path f : files.toList()) Files.deleteIfExists(f);
            }
            Files.deleteIfExists(tmp);
        }
        return report(rows, out);
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

    static int report(List<Row> rows, PrintWriter out) {
        out.printf(Locale.ROOT, "%-8s %9s %7s %6s %9s %20s %20s %20s %12s%n", "sampler", "samples", "wall_s", "acc",
                "tau|M|", "chi2", "|M|", "phi2", "s/indep");
        Row best = null;
        for (Row r : rows) {
            out.printf(Locale.ROOT, "%-8s %9d %7.1f %6.3f %9.2f %20s %20s %20s %12.3g%n", r.name(), r.samples(), r.seconds(),
                    r.acceptance(), r.get("abs_m").tauInt(), fmt(r.get("chi2")), fmt(r.get("abs_m")), fmt(r.get("phi2")),
                    r.secondsPerIndependent());
            if (best == null || r.secondsPerIndependent() < best.secondsPerIndependent()) best = r;
        }
        out.println("(acc: HMC trajectory acceptance, cluster Metropolis site acceptance; wall_s: recorded part, "
                + "thermalisation excluded; s/indep = wall_s / (N / 2 tau_int(|M|)))");
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
        Row second = null;
        for (Row r : rows) if (r != best && (second == null || r.secondsPerIndependent() < second.secondsPerIndependent())) second = r;
        out.printf(Locale.ROOT, "winner: %s (%.2fx cheaper per independent sample of |M| than %s)%n", best.name(),
                second == null ? 1.0 : second.secondsPerIndependent() / best.secondsPerIndependent(),
                second == null ? "-" : second.name());
        out.flush();
        return 0;
    }

    private static String fmt(GammaEstimate e) {
        return String.format(Locale.ROOT, "%.5g(%.2g)", e.value(), e.error());
    }
}
