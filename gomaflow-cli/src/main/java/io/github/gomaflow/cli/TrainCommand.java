package io.github.gomaflow.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code gomaflow train}: Train a flow on a configuration. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train a flow on a configuration.")
public final class TrainCommand implements Callable<Integer> {
    @Override public Integer call() {
        throw new UnsupportedOperationException("gomaflow train is not implemented yet");
    }
}
