package io.github.gomaflow.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code gomaflow report}: Self-contained HTML report with plots. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Self-contained HTML report with plots.")
public final class ReportCommand implements Callable<Integer> {
    @Override public Integer call() {
        throw new UnsupportedOperationException("gomaflow report is not implemented yet");
    }
}
