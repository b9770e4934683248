package io.github.gomaflow.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.plot.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The terminal loop on a virtual xterm: draws on the alternate screen, quits on 'q', restores the modes. */
class WatchLoopTest {
    /** A keyboard: read() blocks until a key is typed; -1 once unplugged. */
    static final class Keyboard extends InputStream {
        private final BlockingQueue<Integer> keys = new LinkedBlockingQueue<>();

        void type(int c) { keys.add(c); }

        void unplug() { keys.add(-1); }

        @Override public int read() {
            try {
                return keys.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        /** One key at a time (InputStream's default would block until the whole buffer is full). */
        @Override public int read(byte[] b, int off, int len) {
            if (len == 0) return 0;
            int c = read();
            if (c < 0) return -1;
            b[off] = (byte) c;
            return 1;
        }
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void drawsOnTheAlternateScreenAndRestoresTheTerminalOnQ(@TempDir Path dir) throws Exception {
        Path run = Fixtures.runDir(dir, "example2d");
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        Keyboard keyboard = new Keyboard();
        // 'q' once the plot is on the screen; the keyboard stays plugged in, so only the key can end the loop
        Thread typist = Thread.ofVirtual().start(() -> {
            try {
                while (!screen.toString(StandardCharsets.UTF_8).contains("└")) Thread.sleep(20);
                keyboard.type('q');
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        // built directly: TerminalBuilder would probe the native providers (restricted-method warnings in tests)
        try (Terminal t = new ExternalTerminal("test", "xterm", keyboard, screen, StandardCharsets.UTF_8)) {
            t.setSize(new Size(60, 12));
            Attributes before = new Attributes(t.getAttributes());
            new WatchLoop(run, "loss", 0.1).run(t);
            // JLine pumps a virtual terminal's output asynchronously: give it time to arrive
            for (int i = 0; i < 250 && !screen.toString(StandardCharsets.UTF_8).contains("\u001b[?1049l"); i++) Thread.sleep(20);
            assertEquals(before.getLocalFlags(), t.getAttributes().getLocalFlags(), "raw mode undone");
        } finally {
            typist.join();
            keyboard.unplug();
        }
        String out = screen.toString(StandardCharsets.UTF_8);
        int enter = out.indexOf("\u001b[?1049h");
        int title = out.indexOf("loss — example2d · 12 epochs · last -2.9 · q quits");
        int leave = out.indexOf("\u001b[?1049l");
        assertTrue(enter >= 0 && title > enter && leave > title, "alternate screen around the plot; output ends with: "
                + out.substring(Math.max(0, out.length() - 120)).replace("\u001b", "ESC"));
        assertTrue(out.contains("-1.442┤"), "y label of the largest loss");
        assertFalse(out.substring(title).contains("\n\n"), "no blank line feeds (rows are addressed, not scrolled)");
    }
}
