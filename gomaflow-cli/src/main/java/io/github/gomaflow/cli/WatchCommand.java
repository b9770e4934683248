package io.github.gomaflow.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code gomaflow watch}: Live terminal plot of evaluations.csv. */
@Command(name = "watch", mixinStandardHelpOptions = true, description = "Live terminal plot of evaluations.csv.")
public final class WatchCommand implements Callable<Integer> {
    @Override public Integer call() {
        throw new UnsupportedOperationException("gomaflow watch is not implemented yet");
    }
}
