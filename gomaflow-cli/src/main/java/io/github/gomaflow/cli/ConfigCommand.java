package io.github.gomaflow.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code gomaflow config check FILE}: validates a configuration. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Configuration tools.",
        subcommands = {ConfigCommand.Check.class})
public final class ConfigCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override public void run() { spec.commandLine().usage(spec.commandLine().getOut()); }

    /** {@code gomaflow config check FILE}. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Validate a configuration and print it resolved.")
    public static final class Check implements Callable<Integer> {
        @Override public Integer call() {
            throw new UnsupportedOperationException("gomaflow config check is not implemented yet");
        }
    }
}
