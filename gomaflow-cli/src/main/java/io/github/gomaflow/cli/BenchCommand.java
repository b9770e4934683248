package io.github.gomaflow.cli;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.flow.EngineBenchmark;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gomaflow bench}: quick throughput figures of the flow engine (see {@link EngineBenchmark}). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Quick throughput figures for this machine: training step and 8192-sample time"
                + " of the example2d model on 2D L=8, 2D L=16 and 3D L=8 (medians after warm-up).")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Option(names = "--threads", paramLabel = "N", description = "Engine threads (default: all cores).")
    Integer threads;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "30",
            description = "Total time budget in seconds (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override public Integer call() {
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) throw new BadInputException("--threads must be >= 1, got " + n);
        if (!(seconds > 0) || !Double.isFinite(seconds)) {
            throw new BadInputException("--seconds must be a finite number > 0, got " + seconds);
        }
        PrintWriter err = spec.commandLine().getErr();
        EngineBenchmark.Result r = EngineBenchmark.run(n, seconds, line -> {
            if (!json) {
                err.println(line);
                err.flush();
            }
        });
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? r.toJson() + System.lineSeparator() : r.toTable());
        out.flush();
        return 0;
    }
}
