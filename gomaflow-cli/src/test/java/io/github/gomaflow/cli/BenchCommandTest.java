package io.github.gomaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Bad input of {@code gomaflow bench} (the measurement itself is exercised by EngineBenchmarkTest). */
class BenchCommandTest {
    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test void rejectsNonPositiveThreadsAndSeconds() {
        String[] r = run("bench", "--threads", "0");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("--threads must be >= 1, got 0"), r[2]);
        r = run("bench", "--seconds", "-1");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("--seconds"), r[2]);
    }
}
