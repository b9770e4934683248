package io.github.gomaflow.cli;

import io.github.gomaflow.io.EnsembleWriter;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Shared plumbing of {@code sample} and {@code hmc}: a stop flag raised by Ctrl-C (a shutdown hook
 * that waits for the chain to close its ensemble, so what was sampled is kept).
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

    /** A chain that records into an ensemble. */
    interface Chain<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code chain} and closes {@code writer}. If the chain fails, the configurations recorded so
     * far are still written out (DESIGN §6: nothing already computed is lost) before the failure
     * propagates; only if that also fails are the temporaries deleted.
     */
    static <T> T recordInto(EnsembleWriter writer, Chain<T> chain) throws IOException {
        T result;
        try {
            result = chain.run();
        } catch (IOException | RuntimeException e) {
            try {
                writer.close();
            } catch (IOException | RuntimeException closeFailure) {
                e.addSuppressed(closeFailure);
                writer.abort();
            }
            throw e;
        }
        writer.close();
        return result;
    }
}
