package io.github.gomaflow.plot;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fixed test data: a 12-epoch evaluations.csv written by hand (NaN acceptance in epoch 5, ESS dip at 7). */
public final class Fixtures {
    private Fixtures() {}

    public static Path evaluationsCsv() {
        try {
            return Path.of(Fixtures.class.getResource("evaluations.csv").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the CLI in-process, checks the exit code (and one stderr line for exit 2), returns {stdout, stderr}. */
    public static String[] runCli(int expectedExit, String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        var cl = io.github.gomaflow.cli.Main.newCommandLine();
        cl.setOut(new java.io.PrintWriter(out));
        cl.setErr(new java.io.PrintWriter(err));
        int code = cl.execute(args);
        org.junit.jupiter.api.Assertions.assertEquals(expectedExit, code, "exit code; stderr: " + err);
        if (expectedExit == 2) {
            org.junit.jupiter.api.Assertions.assertEquals(1, err.toString().strip().lines().count(), "one line: " + err);
        }
        return new String[] {out.toString(), err.toString()};
    }

    /** A run directory in {@code dir} holding a copy of the fixture's evaluations.csv. */
    public static Path runDir(Path dir, String name) throws java.io.IOException {
        Path run = Files.createDirectories(dir.resolve(name));
        Files.copy(evaluationsCsv(), run.resolve("evaluations.csv"));
        return run;
    }
}
