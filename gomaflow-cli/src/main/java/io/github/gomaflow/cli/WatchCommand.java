package io.github.gomaflow.cli;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.watch.WatchLoop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gomaflow watch RUN_DIR}: live terminal plot of RUN_DIR/evaluations.csv. */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Live terminal plot of evaluations.csv: redraws when training appends an epoch.",
                "Quit with q or Ctrl-C."})
public final class WatchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_DIR|CONFIG.toml",
            description = "Result directory of a (running) training, or its configuration (then RESULT/<config name> is watched,"
                    + " as GomalizingFlow's watch.jl does).")
    Path runDir;

    @Option(names = "--result", defaultValue = "results", paramLabel = "DIR",
            description = "Where to look for the run of a CONFIG.toml (default: ${DEFAULT-VALUE}).")
    Path result;

    @Option(names = "--item", defaultValue = "ess", paramLabel = "COLUMN",
            description = "What to plot: ess, acceptance_rate, loss, lr (or any column of the file). Default: ${DEFAULT-VALUE}.")
    String item;

    @Option(names = "--interval", defaultValue = "1", paramLabel = "SECONDS",
            description = "How often to look at the file. Default: ${DEFAULT-VALUE}.")
    double interval;

    @Option(names = "--once", description = "Print the plot once (to stdout, --width × --height) and exit.")
    boolean once;

    @Option(names = "--width", defaultValue = "80", description = "Width for --once. Default: ${DEFAULT-VALUE}.")
    int width;

    @Option(names = "--height", defaultValue = "24", description = "Height for --once. Default: ${DEFAULT-VALUE}.")
    int height;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    static final int MIN_WIDTH = 20, MAX_WIDTH = 1000, MIN_HEIGHT = 5, MAX_HEIGHT = 500;

    @Override public Integer call() throws Exception {
        Path dir = runDir;
        if (Files.isRegularFile(runDir) && runDir.getFileName().toString().endsWith(".toml")) {
            String name = runDir.getFileName().toString();
            dir = result.resolve(name.substring(0, name.length() - ".toml".length()));
        }
        WatchLoop watch = new WatchLoop(dir, item, interval);
        if (once) {
            if (width < MIN_WIDTH || width > MAX_WIDTH || height < MIN_HEIGHT || height > MAX_HEIGHT) {
                throw new BadInputException("--width " + width + " --height " + height + ": allowed: width " + MIN_WIDTH + " … "
                        + MAX_WIDTH + ", height " + MIN_HEIGHT + " … " + MAX_HEIGHT + " characters");
            }
            watch.printOnce(spec.commandLine().getOut(), width, height);
            String problem = watch.problem();
            if (problem != null) {
                spec.commandLine().getErr().println("gomaflow: watch: " + problem);
                spec.commandLine().getErr().flush();
                return 1;
            }
        } else {
            watch.run();
        }
        return 0;
    }
}
