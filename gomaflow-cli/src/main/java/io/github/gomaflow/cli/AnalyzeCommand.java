package io.github.gomaflow.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code gomaflow analyze}: Observables with errors and autocorrelation times. */
@Command(name = "analyze", mixinStandardHelpOptions = true, description = "Observables with errors and autocorrelation times.")
public final class AnalyzeCommand implements Callable<Integer> {
    @Override public Integer call() {
        throw new UnsupportedOperationException("gomaflow analyze is not implemented yet");
    }
}
