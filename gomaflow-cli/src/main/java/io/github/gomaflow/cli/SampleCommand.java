package io.github.gomaflow.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code gomaflow sample}: Independence-Metropolis ensemble from a trained flow. */
@Command(name = "sample", mixinStandardHelpOptions = true, description = "Independence-Metropolis ensemble from a trained flow.")
public final class SampleCommand implements Callable<Integer> {
    @Override public Integer call() {
        throw new UnsupportedOperationException("gomaflow sample is not implemented yet");
    }
}
