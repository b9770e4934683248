package io.github.gomaflow.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.plot.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The terminal loop on a virtual xterm: draws on the alternate screen, quits on 'q', restores the modes. */
class WatchLoopTest {
    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void drawsOnTheAlternateScreenAndRestoresTheTerminalOnQ(@TempDir Path dir) throws Exception {
        Path run = Fixtures.runDir(dir, "example2d");
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        PipedOutputStream keyboard = new PipedOutputStream();
        PipedInputStream keys = new PipedInputStream(keyboard);
        // 'q' once the plot is on the screen; the pipe stays open, so only the key can end the loop
        Thread typist = Thread.ofVirtual().start(() -> {
            try {
                while (!screen.toString(StandardCharsets.UTF_8).contains("└")) Thread.sleep(20);
                keyboard.write('q');
                keyboard.flush();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (Terminal t = TerminalBuilder.builder().system(false).type("xterm").encoding(StandardCharsets.UTF_8)
                .streams(keys, screen).size(new Size(60, 12)).build()) {
            Attributes before = new Attributes(t.getAttributes());
            new WatchLoop(run, "loss", 0.1).run(t);
            // JLine pumps a virtual terminal's output asynchronously: give it time to arrive
            for (int i = 0; i < 250 && !screen.toString(StandardCharsets.UTF_8).contains("\u001b[?1049l"); i++) Thread.sleep(20);
            assertEquals(before.getLocalFlags(), t.getAttributes().getLocalFlags(), "raw mode undone");
        } finally {
            typist.join();
            keyboard.close();
        }
        String out = screen.toString(StandardCharsets.UTF_8);
        int enter = out.indexOf("\u001b[?1049h");
        int title = out.indexOf("loss — example2d · 12 epochs · last -2.9 (epoch 12)");
        int leave = out.indexOf("\u001b[?1049l");
        assertTrue(enter >= 0 && title > enter && leave > title, "alternate screen around the plot; output ends with: "
                + out.substring(Math.max(0, out.length() - 120)).replace("\u001b", "ESC"));
        assertTrue(out.contains("-1.442┤"), "y label of the largest loss");
        assertFalse(out.substring(title).contains("\n\n"), "no blank line feeds (rows are addressed, not scrolled)");
    }
}
