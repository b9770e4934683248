package io.github.gomaflow.cli;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.config.ConfigLoader;
import io.github.gomaflow.config.GomaConfig;
import io.github.gomaflow.io.EnsembleWriter;
import io.github.gomaflow.io.ProgressListener;
import io.github.gomaflow.mcmc.ClusterChain;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gomaflow cluster}: embedded-Ising cluster ensemble of the configuration's action (docs/SAMPLERS.md). */
@Command(name = "cluster", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Cluster ensemble of the same action: Wolff flips of the embedded Ising signs of phi "
                + "(Brower-Tamayo) combined with Metropolis sweeps of the magnitudes.",
                "One recorded step = M x (one Metropolis sweep + C cluster flips); the Metropolis step and, unless "
                        + "--clusters is given, C = ceil(V/<|cluster|>) are tuned during thermalisation, then frozen."})
public final class ClusterCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG.toml", description = "Configuration ([physical] is used).")
    Path config;

    @Option(names = "--n", required = true, paramLabel = "N", description = "Steps to record (> 0).")
    long n;

    @Option(names = "--out", paramLabel = "FILE", description = "Ensemble file (default ./cluster_<config name>.npz).")
    Path out;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: the configuration's training seed).")
    Long seed;

    @Option(names = "--therm", paramLabel = "K", defaultValue = "1000",
            description = "Thermalisation steps, not recorded; the tuning happens during them (default ${DEFAULT-VALUE}).")
    long therm;

    @Option(names = "--sweeps-per-step", paramLabel = "M", defaultValue = "1",
            description = "Metropolis sweeps (each followed by its cluster flips) per recorded step (default ${DEFAULT-VALUE}).")
    int sweepsPerStep;

    @Option(names = "--clusters", paramLabel = "C", defaultValue = "0",
            description = "Wolff cluster flips per sweep; 0 = ceil(V/<|cluster|>) measured during thermalisation (default ${DEFAULT-VALUE}).")
    int clusters;

    @Option(names = "--force", description = "Overwrite an existing --out file.")
    boolean force;

    @Option(names = "--quiet", description = "No progress output.")
    boolean quiet;

    @Spec CommandSpec spec;

    @Override public Integer call() throws IOException {
        if (n <= 0) throw new BadInputException("--n must be > 0, got " + n);
        if (therm < 0) throw new BadInputException("--therm must be >= 0, got " + therm);
        if (sweepsPerStep < 1) throw new BadInputException("--sweeps-per-step must be >= 1, got " + sweepsPerStep);
        if (clusters < 0) throw new BadInputException("--clusters must be >= 0 (0 = automatic), got " + clusters);
        if (!Files.isRegularFile(config)) throw new BadInputException("configuration file not found: " + config);
        GomaConfig cfg = ConfigLoader.load(config);
        var p = cfg.physical();
        ScalarPhi4Action action;
        try {
            action = new ScalarPhi4Action(p.lattice(), p.mSquared(), p.lambda());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(config + ": [physical] " + e.getMessage());
        }
        Path file = out != null ? out : Path.of("cluster_" + cfg.name() + ".npz");
        if (Files.isDirectory(file)) throw new BadInputException("--out " + file + " is a directory; give a file name");
        if (Files.exists(file) && !force) {
            throw new BadInputException("--out " + file + " exists; pass --force to overwrite it or choose another name");
        }
        long s = seed != null ? seed : cfg.training().seed();
        var options = new ClusterChain.Options(therm, sweepsPerStep, clusters);
        PrintWriter stdout = spec.commandLine().getOut();
        ProgressListener progress = ConsoleProgress.forStdout(stdout, quiet);
        ClusterChain.Result r;
        try (ChainRunSupport run = new ChainRunSupport()) {
            EnsembleWriter w = new EnsembleWriter(file, action.lattice(), p.mSquared(), p.lambda(),
                    EnsembleWriter.Source.CLUSTER, n);
            try {
                r = ChainRunSupport.recordInto(w, () -> ClusterChain.run(action, options, n, s, w, progress, run::stopRequested));
            } finally {
                progress.close();
            }
        }
        var c = r.chain();
        int volume = action.lattice().volume();
        stdout.printf(Locale.ROOT, "cluster: %d configurations of %s (%s, m2=%s, lam=%s) -> %s%n", c.samples(), cfg.name(),
                action.lattice(), p.mSquared(), p.lambda(), file);
        stdout.printf(Locale.ROOT, "  %d sweep(s) per step, %d cluster flips per sweep%s, Metropolis delta %.4g  (seed %d, therm %d)%n",
                sweepsPerStep, r.clustersPerSweep(), clusters == 0 ? " (auto)" : "", r.stepSize(), s, therm);
        stdout.printf(Locale.ROOT, "  site acceptance %.4f  mean cluster size %.1f (%.3f of V)%n", r.siteAcceptance(),
                r.meanClusterSize(), r.meanClusterSize() / volume);
        stdout.printf(Locale.ROOT, "  %.0f steps/s%n", c.throughput());
        if (c.samples() < n) stdout.printf(Locale.ROOT, "  stopped early: %d of %d recorded%n", c.samples(), n);
        stdout.flush();
        return 0;
    }
}
