package io.github.gomaflow.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the command line in-process and captures what it printed, for CLI tests. */
final class CliRun {
    private CliRun() {}

    /** Exit code, stdout and stderr of one command line. */
    record Run(int code, String out, String err) {}

    /**
     * A configuration small enough for end-to-end command tests: the free field (λ = 0, m² = 0.5) on
     * 4×4, two coupling layers with 4 hidden channels, one epoch of two steps of batch 16.
     */
    static final String TINY_CONFIG = """
            [training]
            seed = 3
            batchsize = 16
            epochs = 1
            iterations = 2
            ess_samples = 32
            nsamples = 64
            [physical]
            L = 4
            Nd = 2
            M2 = 0.5
            lam = 0.0
            [model]
            n_layers = 2
            hidden_sizes = [4]
            """;

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
