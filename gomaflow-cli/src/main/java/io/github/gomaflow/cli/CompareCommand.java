package io.github.gomaflow.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code gomaflow compare}: Observable-by-observable agreement of two ensembles in units of σ. */
@Command(name = "compare", mixinStandardHelpOptions = true, description = "Observable-by-observable agreement of two ensembles in units of σ.")
public final class CompareCommand implements Callable<Integer> {
    @Override public Integer call() {
        throw new UnsupportedOperationException("gomaflow compare is not implemented yet");
    }
}
