package io.github.gomaflow.cli;

import io.github.gomaflow.io.ProgressListener;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Shared plumbing of {@code sample} and {@code hmc}: a stop flag raised by Ctrl-C (a shutdown hook
 * that waits for the chain to close its ensemble, so what was sampled is kept), and a minimal
 * line-based progress renderer on stderr.
 */
final class ChainRunSupport implements AutoCloseable {
    private static final long HOOK_WAIT_SECONDS = 60;

    private final AtomicBoolean stop = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    ChainRunSupport() {
        hook = new Thread(() -> {
            stop.set(true);
            try {
                finished.await(HOOK_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "gomaflow-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** True once the user asked to stop. */
    boolean stopRequested() { return stop.get(); }

    /** Releases the shutdown hook (the ensemble is safely closed by now). */
    @Override public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting; the hook sees the latch released
        }
    }

    /**
     * Progress as occasional lines on {@code err} ("name: done/total (pct) status"), at most one per
     * {@code intervalSeconds}; messages are printed at once. Quiet mode prints nothing.
     */
    static ProgressListener lines(PrintWriter err, String name, boolean quiet, double intervalSeconds) {
        if (quiet) return ProgressListener.NONE;
        return new ProgressListener() {
            private long last = System.nanoTime();

            @Override public void update(long done, long total, String status) {
                long now = System.nanoTime();
                if ((now - last) * 1e-9 < intervalSeconds) return;
                last = now;
                err.printf(Locale.ROOT, "%s: %d/%d (%.0f%%) %s%n", name, done, total, 100.0 * done / Math.max(1, total),
                        status);
                err.flush();
            }

            @Override public void message(String line) {
                err.println(name + ": " + line);
                err.flush();
            }
        };
    }
}
