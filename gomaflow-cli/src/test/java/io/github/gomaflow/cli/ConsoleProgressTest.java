package io.github.gomaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {
    private final long[] now = {0};
    private final StringWriter text = new StringWriter();

    private ConsoleProgress progress(ConsoleProgress.Mode mode) {
        return new ConsoleProgress(new PrintWriter(text), mode, 120, () -> now[0]);
    }

    @Test void terminalBarShowsFractionEtaAndStatusAndKeepsMessagesAbove() {
        ConsoleProgress p = progress(ConsoleProgress.Mode.TERMINAL);
        p.update(0, 100, "");
        now[0] = 10_000_000_000L; // 10 s for 25 units → 30 s left for 75
        p.update(25, 100, "loss -1.5");
        String s = text.toString();
        assertTrue(s.contains("[######..................]  25%  25/100  ETA 0:30  loss -1.5"), s);
        p.message("epoch 1 done");
        s = text.toString();
        assertTrue(s.endsWith("\r\033[Kepoch 1 done\n[######..................]  25%  25/100  ETA 0:30  loss -1.5\033[K"), s);
        int before = text.toString().length();
        now[0] += 1_000_000L; // 1 ms later: throttled
        p.update(26, 100, "x");
        assertEquals(before, text.toString().length());
        p.close();
        assertTrue(text.toString().endsWith("\r\033[K"));
    }

    @Test void plainModePrintsMessagesAndOccasionalProgressLines() {
        ConsoleProgress p = progress(ConsoleProgress.Mode.PLAIN);
        p.update(1, 10, "a");
        p.message("epoch 1/10  loss 3");
        now[0] = 31_000_000_000L;
        p.update(2, 10, "b");
        String s = text.toString();
        assertFalse(s.contains("\r") || s.contains("\033"), s);
        assertEquals("epoch 1/10  loss 3\nprogress 20% (2/10), ETA 4:08, b\n", s.replace(System.lineSeparator(), "\n"));
    }

    @Test void quietPrintsNothing() {
        ConsoleProgress p = progress(ConsoleProgress.Mode.QUIET);
        p.update(1, 2, "x");
        p.message("y");
        p.close();
        assertEquals("", text.toString());
    }

    @Test void clockFormats() {
        assertEquals("0:05", ConsoleProgress.clock(4.6));
        assertEquals("2:03", ConsoleProgress.clock(123));
        assertEquals("1:00:01", ConsoleProgress.clock(3601));
    }
}
