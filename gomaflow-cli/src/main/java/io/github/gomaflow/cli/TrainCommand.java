package io.github.gomaflow.cli;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.config.ConfigLoader;
import io.github.gomaflow.config.GomaConfig;
import io.github.gomaflow.config.TrainingParams;
import io.github.gomaflow.plot.TrainingPlot;
import io.github.gomaflow.train.NonFiniteException;
import io.github.gomaflow.train.TrainingRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gomaflow train CONFIG.toml}: trains a flow and writes {@code RESULT/<config name>/} (docs/RELIABILITY.md). */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a flow on a configuration.",
                "Writes RESULT/<config name>/: config.toml, evaluations.csv, checkpoints, provenance.json, train.log."})
public final class TrainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG.toml", description = "The configuration (GomalizingFlow TOML).")
    Path config;

    @Option(names = "--result", paramLabel = "DIR", defaultValue = "results",
            description = "Result directory (default: ${DEFAULT-VALUE}); the run goes to DIR/<config name>.")
    Path result;

    @Option(names = "--epochs", paramLabel = "N", description = "Override training.epochs.")
    Integer epochs;

    @Option(names = "--max-time", paramLabel = "SECONDS", description = "Wall-clock budget of this run (training +"
            + " evaluation): the epoch during which it runs out is the last; --resume continues to the configured epochs.")
    Double maxTime;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
    Integer threads;

    @Option(names = "--resume", description = "Continue the run from its checkpoint_latest.ckpt (bit-identical to an uninterrupted run).")
    boolean resume;

    @Option(names = "--pretrained", paramLabel = "FILE", description = "Start from these weights (a .ckpt) with a fresh optimiser; from GomalizingFlow's trained_model*.bson (or its import-gf checkpoint) its ADAM state is continued when [training] asks for the same optimiser, as GomalizingFlow's restore does.")
    Path pretrained;

    @Option(names = "--force", description = "Overwrite an existing run directory's files.")
    boolean force;

    @Option(names = "--quiet", description = "No progress display; only the final summary.")
    boolean quiet;

    @Option(names = "--device", paramLabel = "ID", description = "GomalizingFlow's GPU choice; accepted for compatibility:"
            + " this build always trains on the CPU (a note says so).")
    Integer device;

    @Spec CommandSpec spec;

    @Override public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (resume && force) throw new BadInputException("--resume and --force exclude each other");
        if (resume && pretrained != null) throw new BadInputException("--resume and --pretrained exclude each other");
        int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (nThreads < 1) throw new BadInputException("--threads must be >= 1, got " + nThreads);
        if (device != null && device >= 0) {
            err.println("gomaflow: note: --device " + device + " asks for a GPU; this build of gomaflow runs on the CPU (pure Java)");
        }
        GomaConfig c = overridden(ConfigLoader.load(config, w -> err.println("gomaflow: warning: " + w)));
        io.github.gomaflow.train.MemoryEstimate.require(c, Math.max(c.training().batchsize(), io.github.gomaflow.train.Evaluator.BATCH),
                nThreads, config.toString(), "training");
        if (maxTime != null && !(maxTime > 0 && maxTime <= 1e9)) {
            throw new BadInputException("--max-time " + maxTime + ": allowed: seconds in (0, 1e9]");
        }
        TrainingRun.Options options = new TrainingRun.Options(result, nThreads, resume, force, version(), codeLocation(),
                epochs != null, maxTime == null ? Double.POSITIVE_INFINITY : maxTime);
        ConsoleProgress progress = ConsoleProgress.forStdout(out, quiet);
        Path latest = result.resolve(c.name()).resolve(TrainingRun.LATEST);
        Thread interrupted = new Thread(() -> {
            progress.close();
            err.println(interruptMessage(latest, java.nio.file.Files.isRegularFile(latest)));
            err.flush();
        });
        Runtime.getRuntime().addShutdownHook(interrupted);
        TrainingRun.Summary s;
        try {
            s = TrainingRun.execute(c, options, progress);
        } catch (NonFiniteException e) {
            progress.close();
            err.println("gomaflow: " + e.getMessage());
            err.flush();
            return 1;
        } finally {
            progress.close();
            try {
                Runtime.getRuntime().removeShutdownHook(interrupted);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook runs
            }
        }
        printSummary(out, s, c.training().evaluation());
        if (maxTime != null && s.lastEpoch() < c.training().epochs()) {
            out.printf(java.util.Locale.ROOT, "stopped at the time budget (--max-time %s s) after epoch %d of %d; continue with"
                    + " --resume%n", maxTime, s.lastEpoch(), c.training().epochs());
        }
        for (String w : s.warnings()) err.println("gomaflow: warning: " + w);
        err.flush();
        writeTrainingPlot(err, s.runDir());
        return 0;
    }

    /**
     * What Ctrl-C leaves: the finished epochs and how to continue, or — in the first epoch, before any
     * checkpoint — that nothing was kept yet. The hint names the command the user ran (the launcher
     * passes it in GOMAFLOW_COMMAND).
     */
    String interruptMessage(Path latest, boolean checkpointExists) {
        if (!checkpointExists) {
            return "gomaflow: interrupted in the first epoch; no epoch was finished, so there is nothing to resume yet"
                    + " (run the same command again to start over)";
        }
        String command = System.getenv().getOrDefault("GOMAFLOW_COMMAND", "gomaflow");
        return "gomaflow: interrupted; finished epochs are kept in " + latest + "; continue with: " + command + " train "
                + config + (result.equals(Path.of("results")) ? "" : " --result " + result) + " --resume";
    }

    /** RUN_DIR/training.png; a plotting problem is a warning, never a failed training. */
    private static void writeTrainingPlot(PrintWriter err, Path runDir) {
        try {
            TrainingPlot.write(runDir);
        } catch (IOException | RuntimeException e) {
            err.println("gomaflow: warning: could not write " + runDir.resolve(TrainingPlot.FILE_NAME) + ": " + e.getMessage());
            err.flush();
        }
    }

    private GomaConfig overridden(GomaConfig c) {
        TrainingParams t = c.training();
        if (epochs == null && pretrained == null) return c;
        if (epochs != null && epochs < 1) throw new BadInputException("--epochs must be >= 1, got " + epochs);
        TrainingParams t2 = t.with(epochs == null ? t.epochs() : epochs,
                pretrained == null ? t.pretrained() : pretrained.toString());
        return ConfigLoader.validate(new GomaConfig(c.name(), c.version(), c.device(), t2, c.physical(), c.model()),
                config.toString());
    }

    private static void printSummary(PrintWriter out, TrainingRun.Summary s, TrainingParams.Evaluation mode) {
        if (s.last() != null) {
            out.printf(Locale.ROOT, "final (epoch %d): ESS %.4f, acceptance %.2f %%, loss %.5g%n", s.lastEpoch(), s.last().ess(),
                    mode.percent(s.last().acceptanceRate()), s.last().loss());
        } else {
            out.printf(Locale.ROOT, "nothing to do: the run is already at epoch %d%n", s.lastEpoch());
        }
        out.printf(Locale.ROOT, "best ESS %.4f (epoch %d), best acceptance %.2f %% (epoch %d)%n", s.best().ess(),
                s.best().epochEss(), mode.percent(s.best().acceptanceRate()), s.best().epochAcceptance());
        out.printf(Locale.ROOT, "%d epochs in %s wall; results in %s%n", s.epochsThisRun(), ConsoleProgress.clock(s.wallSeconds()),
                s.runDir());
        out.flush();
    }

    private static String version() {
        Properties p = new Properties();
        try (InputStream in = TrainCommand.class.getResourceAsStream("/gomaflow-version.properties")) {
            if (in != null) p.load(in);
        } catch (IOException ignored) {
            // provenance then says "unknown"
        }
        return p.getProperty("version", "unknown");
    }

    /** Where the running gomaflow lives (its jar or classes directory), to find its git commit. */
    private static Path codeLocation() {
        try {
            return Path.of(TrainCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            return null;
        }
    }
}
