package io.github.gomaflow.watch;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.plot.EvaluationHistory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.NonBlockingReader;

/**
 * {@code gomaflow watch}: redraws a {@link TerminalPlot} of one column of {@code evaluations.csv}
 * whenever the file (modification time or size) or the terminal size changes, until 'q' or
 * Ctrl-C. Uses the alternate screen and raw mode of a JLine system terminal and restores both on
 * every way out.
 */
public final class WatchLoop {
    /** The columns the command offers by name, with their titles; any other column also works. */
    public static final Map<String, String> ITEMS = Map.of(
            "ess", "ESS / N", "acceptance_rate", "acceptance rate", "loss", "loss", "lr", "learning rate");
    private static final long KEY_POLL_MILLIS = 100;

    private final Path runDir;
    private final String item;
    private final long intervalNanos;

    /**
     * @param intervalSeconds how often to look at the file (&gt; 0)
     * @throws BadInputException if {@code runDir} is not a directory or {@code item} is neither a
     *                           known item nor a column of an existing evaluations.csv
     */
    public WatchLoop(Path runDir, String item, double intervalSeconds) throws IOException {
        if (!Files.isDirectory(runDir)) throw new BadInputException(runDir + ": not a directory (expected a run directory)");
        if (!(intervalSeconds > 0) || intervalSeconds > 3600) {
            throw new BadInputException("--interval " + intervalSeconds + ": must be > 0 and ≤ 3600 seconds");
        }
        this.runDir = runDir;
        this.item = item;
        this.intervalNanos = (long) (intervalSeconds * 1e9);
        Path csv = runDir.resolve(EvaluationHistory.FILE_NAME);
        if (!ITEMS.containsKey(item) && (!Files.exists(csv) || !EvaluationHistory.read(csv).has(item))) {
            throw new BadInputException("--item " + item + ": not a column of " + csv + " (allowed: ess, acceptance_rate, loss, lr"
                    + (Files.exists(csv) ? ", " + String.join(", ", EvaluationHistory.read(csv).header()) : "") + ")");
        }
    }

    /**
     * One frame for the current state of the file: the plot, or a notice while the file does not
     * exist yet or cannot be read.
     */
    public List<String> frame(int width, int height) {
        String name = runDir.toAbsolutePath().normalize().getFileName().toString();
        String label = ITEMS.getOrDefault(item, item);
        try {
            EvaluationHistory h = EvaluationHistory.read(runDir.resolve(EvaluationHistory.FILE_NAME));
            double[] y = h.column(item);
            double[] x = h.epochs();
            String last = y.length == 0 ? "" : String.format(Locale.ROOT, " · last %s", TerminalPlot.label(y[y.length - 1]));
            return TerminalPlot.render(label + " — " + name + " · " + progress(h) + last + " · q quits", x, y, width, height, "epoch");
        } catch (BadInputException | IOException e) {
            String why = e instanceof BadInputException && e.getCause() == null && e.getMessage().contains("no such file")
                    ? "waiting for " + EvaluationHistory.FILE_NAME : e.getMessage();
            return TerminalPlot.notice(label + " — " + name + " · q quits", why, width, height);
        }
    }

    /**
     * "epoch 12 of 200 · ETA 3 min" (target epochs from the run's config.toml, the pace from the last
     * five epochs' seconds_train + seconds_eval), or "12 epochs" when the target is unknown.
     */
    String progress(EvaluationHistory h) {
        int done = h.rows();
        int target = targetEpochs();
        if (target <= 0) return done + " epochs";
        String s = "epoch " + done + " of " + target;
        if (done >= target) return s + " · finished";
        if (h.has("seconds_train") && h.has("seconds_eval") && done > 0) {
            double[] tr = h.column("seconds_train"), ev = h.column("seconds_eval");
            double sum = 0;
            int n = 0;
            for (int i = Math.max(0, done - 5); i < done; i++, n++) sum += tr[i] + ev[i];
            double eta = (target - done) * sum / n;
            if (Double.isFinite(eta)) s += " · ETA " + (eta < 90 ? Math.round(eta) + " s" : eta < 5400 ? Math.round(eta / 60) + " min"
                    : String.format(Locale.ROOT, "%.1f h", eta / 3600));
        }
        return s;
    }

    /** training.epochs of the run's resolved config.toml, or 0 if it cannot be read. */
    private int targetEpochs() {
        Path cfg = runDir.resolve("config.toml");
        if (!Files.isRegularFile(cfg)) return 0;
        try {
            return io.github.gomaflow.config.ConfigLoader.load(cfg, w -> { }).training().epochs();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** Prints one frame without touching the terminal's modes (for {@code --once} and non-terminals). */
    public void printOnce(PrintWriter out, int width, int height) {
        for (String line : frame(width, height)) out.println(line.replace('\u2800', ' '));
        out.flush();
    }

    /** Why the evaluations cannot be shown now (missing, unreadable, no rows), or null if they can. */
    public String problem() {
        try {
            EvaluationHistory h = EvaluationHistory.read(runDir.resolve(EvaluationHistory.FILE_NAME));
            return h.rows() == 0 ? runDir.resolve(EvaluationHistory.FILE_NAME) + ": no epoch finished yet" : null;
        } catch (BadInputException | IOException e) {
            return e.getMessage();
        }
    }

    /** Runs on the system terminal until 'q', Ctrl-C or end of input; restores the terminal. */
    public void run() throws IOException {
        // the jar's manifest grants native access, so JLine's FFM provider runs without warnings
        try (Terminal t = TerminalBuilder.builder().system(true).nativeSignals(true).build()) {
            run(t);
        }
    }

    /** Runs on {@code t} (raw mode and alternate screen while running; both restored on return). */
    void run(Terminal t) throws IOException {
        if (Terminal.TYPE_DUMB.equals(t.getType()) || Terminal.TYPE_DUMB_COLOR.equals(t.getType())) {
            printOnce(t.writer(), 80, 24);
            return;
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean resized = new AtomicBoolean();
        t.handle(Terminal.Signal.INT, s -> stop.set(true));
        t.handle(Terminal.Signal.WINCH, s -> resized.set(true));
        Attributes saved = t.enterRawMode();
        try {
            t.puts(Capability.enter_ca_mode);
            t.puts(Capability.cursor_invisible);
            loop(t, stop, resized);
        } finally {
            t.puts(Capability.cursor_visible);
            t.puts(Capability.exit_ca_mode);
            t.setAttributes(saved);
            t.flush();
        }
    }

    private void loop(Terminal t, AtomicBoolean stop, AtomicBoolean resized) throws IOException {
        Path csv = runDir.resolve(EvaluationHistory.FILE_NAME);
        NonBlockingReader in = t.reader();
        String shown = null;
        long nextLook = 0;
        while (!stop.get()) {
            long now = System.nanoTime();
            if (now - nextLook >= 0 || resized.getAndSet(false)) {
                Size size = t.getSize();
                String state = stamp(csv) + "@" + size.getColumns() + "x" + size.getRows();
                if (!state.equals(shown)) {
                    draw(t, frame(Math.max(1, size.getColumns()), Math.max(1, size.getRows())));
                    shown = state;
                }
                nextLook = now + intervalNanos;
            }
            int c;
            try {
                c = in.read(KEY_POLL_MILLIS);
            } catch (org.jline.utils.ClosedException e) {
                return; // the input ended: nobody can press 'q' any more
            }
            if (c == 'q' || c == 'Q' || c == 3 || c == NonBlockingReader.EOF) return;
        }
    }

    private static void draw(Terminal t, List<String> lines) {
        t.puts(Capability.cursor_home);
        PrintWriter w = t.writer();
        for (int i = 0; i < lines.size(); i++) {
            w.print(lines.get(i));
            t.puts(Capability.clr_eol);
            // no newline after the last row: it would scroll the screen
            if (i < lines.size() - 1) w.print("\r\n");
        }
        t.flush();
    }

    /** Modification time and size: changes whenever training appends a row. */
    private static String stamp(Path csv) {
        try {
            return Files.getLastModifiedTime(csv).toMillis() + ":" + Files.size(csv);
        } catch (NoSuchFileException e) {
            return "none";
        } catch (IOException e) {
            return "unreadable";
        }
    }
}
