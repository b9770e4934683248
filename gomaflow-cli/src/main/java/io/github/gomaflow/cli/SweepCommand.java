package io.github.gomaflow.cli;

import io.github.gomaflow.sweep.Sweep;
import io.github.gomaflow.sweep.SweepGrid;
import io.github.gomaflow.sweep.SweepSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gomaflow sweep CONFIG --set KEY=VALUES …}: a grid of training runs with a summary. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Grid of training runs over configuration values (GomalizingFlow's batch training).",
                "Each --set SECTION.KEY=VALUES adds an axis; VALUES are a,b,c or integer ranges a..b (inclusive).",
                "Writes DIR/sweep_<config>/<config>_<key>=<value>…/ per point, summary.csv and summary.png.",
                "Example: gomaflow sweep examples/example2d.toml --set model.n_layers=2..8 --set physical.L=4,8 --epochs 10"})
public final class SweepCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG", description = "Configuration file (TOML).")
    Path config;

    @Option(names = "--set", required = true, paramLabel = "SECTION.KEY=VALUES",
            description = "A swept key and its values, e.g. model.n_layers=1..16 or physical.L=4,8,12,16 (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--result", defaultValue = "results", paramLabel = "DIR",
            description = "Result directory. Default: ${DEFAULT-VALUE}.")
    Path result;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs per run (overrides the configuration).")
    Integer epochs;

    @Option(names = "--threads", paramLabel = "N", description = "Threads per run.")
    Integer threads;

    @Option(names = "--dry-run", description = "List the runs and exit without training.")
    boolean dryRun;

    @Spec CommandLine.Model.CommandSpec spec;

    @Override public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Sweep sweep = new Sweep(config, SweepGrid.parse(sets), result);
        if (dryRun) {
            for (Sweep.Point p : sweep.points()) out.println(sweep.runDir(p));
            out.flush();
            return 0;
        }
        List<SweepSummary.Row> rows = sweep.run(this::train, out);
        out.println(sweep.directory().resolve(SweepSummary.CSV));
        out.flush();
        return rows.stream().anyMatch(r -> r.status().startsWith("failed")) ? 1 : 0;
    }

    /** One point through {@code gomaflow train}, in this process, with this command's output streams. */
    private int train(Path pointConfig, Path resultDir) {
        List<String> args = new ArrayList<>(List.of("train", pointConfig.toString(), "--result", resultDir.toString()));
        if (epochs != null) args.addAll(List.of("--epochs", epochs.toString()));
        if (threads != null) args.addAll(List.of("--threads", threads.toString()));
        CommandLine cl = Main.newCommandLine();
        cl.setOut(spec.commandLine().getOut());
        cl.setErr(spec.commandLine().getErr());
        return cl.execute(args.toArray(String[]::new));
    }
}
