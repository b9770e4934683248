package io.github.gomaflow.cli;

import io.github.gomaflow.sweep.Sweep;
import io.github.gomaflow.sweep.SweepGrid;
import io.github.gomaflow.sweep.SweepSummary;
import io.github.gomaflow.distributed.TaskBackend;
import io.github.gomaflow.distributed.TaskResult;
import io.github.gomaflow.distributed.TaskSpec;
import io.github.gomaflow.io.AtomicFiles;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.Map;
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

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "Train the points as Apache Spark tasks on MASTER (local[N] or spark://host:port), --threads "
                    + "cores each (default 1); their files come back here. Needs the gomaflow-spark build (bin/gomaflow-spark).")
    String spark;

    @Spec CommandLine.Model.CommandSpec spec;

    @Override public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Sweep sweep = new Sweep(config, SweepGrid.parse(sets), result);
        if (dryRun) {
            for (Sweep.Point p : sweep.points()) out.println(sweep.runDir(p));
            out.flush();
            return 0;
        }
        List<SweepSummary.Row> rows = spark != null ? sweep.runAll(this::trainAsTasks, out) : sweep.run(this::train, out);
        out.println(sweep.directory().resolve(SweepSummary.CSV));
        out.flush();
        return rows.stream().anyMatch(r -> r.status().startsWith("failed")) ? 1 : 0;
    }

    /**
     * Each point as one task running {@code gomaflow train} on an executor; the run directory's files come
     * back and are written where a local sweep writes them.
     */
    private List<String> trainAsTasks(List<Sweep.Point> points, List<Path> configs, Path resultDir) throws Exception {
        int cpus = threads != null ? threads : 1;
        if (cpus < 1) throw new io.github.gomaflow.BadInputException("--threads must be >= 1, got " + cpus);
        List<TaskSpec> tasks = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            String file = configs.get(i).getFileName().toString();
            List<String> args = new ArrayList<>(List.of("train", TaskSpec.WORK + "/" + file, "--result", TaskSpec.WORK + "/out",
                    "--threads", Integer.toString(cpus), "--quiet"));
            if (epochs != null) args.addAll(List.of("--epochs", epochs.toString()));
            tasks.add(new TaskSpec(points.get(i).run(), args, Map.of(file, Files.readAllBytes(configs.get(i))), "out"));
        }
        PrintWriter out = spec.commandLine().getOut();
        List<TaskResult> results = TaskBackend.find(spark).run(spark, tasks, cpus, out);
        List<String> statuses = new ArrayList<>();
        for (TaskResult r : results) {
            for (Map.Entry<String, byte[]> f : r.files().entrySet()) {
                Path target = resultDir.resolve(f.getKey()).normalize();
                if (!target.startsWith(resultDir.normalize())) throw new IllegalStateException("task " + r.name() + " returned " + f.getKey());
                Files.createDirectories(target.getParent());
                AtomicFiles.write(target, f.getValue());
            }
            if (r.exitCode() != 0) out.print(r.output());
            statuses.add(r.exitCode() == 0 ? "ok" : "failed: exit code " + r.exitCode() + " on " + r.host());
        }
        return statuses;
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
