package io.github.gomaflow.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code gomaflow bench}: Quick throughput figures for this machine. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Quick throughput figures for this machine.")
public final class BenchCommand implements Callable<Integer> {
    @Override public Integer call() {
        throw new UnsupportedOperationException("gomaflow bench is not implemented yet");
    }
}
