package io.github.gomaflow.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code gomaflow sweep}: Grid of training runs over configuration values. */
@Command(name = "sweep", mixinStandardHelpOptions = true, description = "Grid of training runs over configuration values.")
public final class SweepCommand implements Callable<Integer> {
    @Override public Integer call() {
        throw new UnsupportedOperationException("gomaflow sweep is not implemented yet");
    }
}
