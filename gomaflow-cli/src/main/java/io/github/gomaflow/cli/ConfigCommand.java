package io.github.gomaflow.cli;

import io.github.gomaflow.config.ConfigLoader;
import io.github.gomaflow.config.GomaConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gomaflow config check FILE}: validates a configuration. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Configuration tools.",
        subcommands = {ConfigCommand.Check.class})
public final class ConfigCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override public void run() { spec.commandLine().usage(spec.commandLine().getOut()); }

    /**
     * Loads a configuration for any command: bad input throws {@link io.github.gomaflow.BadInputException}
     * (Main prints its one line and exits 2); warnings are printed as {@code gomaflow: warning: …} lines to
     * {@code err} only once the whole file is valid, so a bad file gives exactly one line.
     */
    static GomaConfig load(Path file, PrintWriter err) {
        List<String> warnings = new ArrayList<>();
        GomaConfig config = ConfigLoader.load(file, warnings::add);
        for (String w : warnings) err.println("gomaflow: warning: " + w);
        err.flush();
        return config;
    }

    /** {@code gomaflow config check FILE}: prints the resolved configuration, then OK; bad input exits 2. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Validate a configuration and print it resolved (physics, model, training), then OK.")
    public static final class Check implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(index = "0", paramLabel = "CONFIG.toml", description = "GomalizingFlow-format TOML file.")
        Path file;

        @Override public Integer call() {
            GomaConfig config = load(file, spec.commandLine().getErr());
            int threads = Runtime.getRuntime().availableProcessors();
            io.github.gomaflow.train.MemoryEstimate.require(config, config.training().batchsize(), threads, file.toString(), "training");
            PrintWriter out = spec.commandLine().getOut();
            out.print(ConfigSummary.describe(config, file.toString()));
            out.printf(java.util.Locale.ROOT, "memory: about %s for training with %d threads (this JVM may use %s)%n",
                    io.github.gomaflow.train.MemoryEstimate.human(io.github.gomaflow.train.MemoryEstimate.bytes(config,
                            config.training().batchsize(), threads)), threads,
                    io.github.gomaflow.train.MemoryEstimate.human(Runtime.getRuntime().maxMemory()));
            out.println("OK");
            out.flush();
            return 0;
        }
    }
}
