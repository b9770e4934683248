package io.github.gomaflow.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code gomaflow hmc}: HMC ensemble of the same action. */
@Command(name = "hmc", mixinStandardHelpOptions = true, description = "HMC ensemble of the same action.")
public final class HmcCommand implements Callable<Integer> {
    @Override public Integer call() {
        throw new UnsupportedOperationException("gomaflow hmc is not implemented yet");
    }
}
