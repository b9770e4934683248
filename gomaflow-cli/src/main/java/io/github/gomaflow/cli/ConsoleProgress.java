package io.github.gomaflow.cli;

import io.github.gomaflow.io.ProgressListener;
import java.io.Console;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Renders a {@link ProgressListener} on the console. On a terminal: one live line
 * {@code [#####.....]  45%  1125/2500  ETA 0:32  status}, redrawn at most {@value #REDRAW_PER_SECOND}
 * times a second, with log messages printed above it. Otherwise (a pipe, a file, a CI log): log
 * messages as plain lines and, when nothing was printed for {@value #PLAIN_INTERVAL_SECONDS} s, a
 * plain progress line. Quiet: nothing at all. Used by train, sample and hmc.
 */
public final class ConsoleProgress implements ProgressListener {
    static final int REDRAW_PER_SECOND = 10;
    static final int PLAIN_INTERVAL_SECONDS = 30;

    /** How progress is shown. */
    public enum Mode { TERMINAL, PLAIN, QUIET }

    private final PrintWriter out;
    private final Mode mode;
    private final int width;
    private final LongSupplier nanoClock;
    private long startNanos = -1;
    private long startDone;
    private long lastDrawNanos;
    private long lastOutputNanos;
    private boolean barShown;
    private String lastBar = "";

    /**
     * @param width     terminal columns (the bar line is cut to fit)
     * @param nanoClock time source in nanoseconds (System::nanoTime; tests pass a fake)
     */
    ConsoleProgress(PrintWriter out, Mode mode, int width, LongSupplier nanoClock) {
        this.out = out;
        this.mode = mode;
        this.width = Math.max(40, width);
        this.nanoClock = nanoClock;
        this.lastOutputNanos = nanoClock.getAsLong();
    }

    /** A listener for standard output: a live bar on a terminal, plain lines otherwise, nothing if quiet. */
    public static ConsoleProgress forStdout(PrintWriter out, boolean quiet) {
        Mode mode = quiet ? Mode.QUIET : isTerminal() ? Mode.TERMINAL : Mode.PLAIN;
        return new ConsoleProgress(out, mode, terminalWidth(), System::nanoTime);
    }

    /**
     * Whether standard output is an interactive terminal. Since JDK 22 {@link System#console()}
     * is non-null even when output is redirected, so {@link Console#isTerminal()} decides.
     */
    static boolean isTerminal() {
        Console c = System.console();
        return c != null && c.isTerminal();
    }

    private static int terminalWidth() {
        try {
            String cols = System.getenv("COLUMNS");
            if (cols != null) return Integer.parseInt(cols.trim());
        } catch (NumberFormatException ignored) {
            // fall back to the classic width
        }
        return 100;
    }

    public Mode mode() { return mode; }

    @Override public synchronized void update(long done, long total, String status) {
        long now = nanoClock.getAsLong();
        if (startNanos < 0) {
            startNanos = now;
            startDone = done;
        }
        switch (mode) {
            case QUIET -> { }
            case TERMINAL -> {
                if (done < total && now - lastDrawNanos < 1_000_000_000L / REDRAW_PER_SECOND && barShown) return;
                lastDrawNanos = now;
                lastBar = bar(done, total, status, now);
                out.print("\r" + lastBar + "\033[K");
                out.flush();
                barShown = true;
            }
            case PLAIN -> {
                if (now - lastOutputNanos < PLAIN_INTERVAL_SECONDS * 1_000_000_000L) return;
                out.println(plainLine(done, total, status, now));
                out.flush();
                lastOutputNanos = now;
            }
        }
    }

    @Override public synchronized void message(String line) {
        if (mode == Mode.QUIET) return;
        if (mode == Mode.TERMINAL && barShown) {
            out.print("\r\033[K" + line + "\n" + lastBar + "\033[K");
        } else {
            out.println(line);
        }
        out.flush();
        lastOutputNanos = nanoClock.getAsLong();
    }

    @Override public synchronized void close() {
        if (mode == Mode.TERMINAL && barShown) {
            out.print("\r\033[K");
            out.flush();
            barShown = false;
        }
    }

    String bar(long done, long total, String status, long now) {
        double f = total <= 0 ? 1 : Math.min(1.0, (double) done / total);
        int cells = 24;
        int full = (int) Math.round(f * cells);
        String head = String.format(Locale.ROOT, "[%s%s] %3d%%  %d/%d  %s", "#".repeat(full), ".".repeat(cells - full),
                (int) Math.floor(100 * f), done, total, eta(done, total, now));
        String line = status.isEmpty() ? head : head + "  " + status;
        return line.length() > width - 1 ? line.substring(0, width - 1) : line;
    }

    String plainLine(long done, long total, String status, long now) {
        double f = total <= 0 ? 1 : (double) done / total;
        return String.format(Locale.ROOT, "progress %.0f%% (%d/%d), %s%s", 100 * f, done, total, eta(done, total, now),
                status.isEmpty() ? "" : ", " + status);
    }

    /** "ETA m:ss" from the rate since the first update, or "ETA ?" before any progress. */
    private String eta(long done, long total, long now) {
        long units = done - startDone;
        if (units <= 0 || now <= startNanos) return "ETA ?";
        double seconds = (now - startNanos) * 1e-9 / units * (total - done);
        return "ETA " + clock(seconds);
    }

    /** h:mm:ss or m:ss. */
    static String clock(double seconds) {
        long s = Math.round(Math.max(0, seconds));
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
