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

    /**
     * The --force policy for ensembles: an existing file is replaced only with --force.
     *
     * @throws io.github.gomaflow.BadInputException naming the file otherwise
     */
    static void requireWritable(java.nio.file.Path file, boolean force) {
        if (java.nio.file.Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !force) {
            throw new io.github.gomaflow.BadInputException(file + " exists; use --force to replace it, or choose another --out");
        }
    }

    /**
     * Locks the directory of {@code file} while a chain writes into it when that directory is a training
     * run (it has gomaflow's lock file), so that a sample never runs beside a training of the same run;
     * null (nothing to release) elsewhere.
     */
    static io.github.gomaflow.io.DirectoryLock lockRunDirectory(java.nio.file.Path file, String what) throws IOException {
        java.nio.file.Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !java.nio.file.Files.isRegularFile(dir.resolve(io.github.gomaflow.io.DirectoryLock.FILE_NAME))) return null;
        return io.github.gomaflow.io.DirectoryLock.acquire(dir, what);
    }

    /** A chain that records into an ensemble. */
    interface Chain<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code chain} and closes {@code writer}. If the chain fails, the configurations recorded so
     * far are still written out (docs/RELIABILITY.md: nothing already computed is lost) before the failure
     * propagates; only if that also fails are the temporaries deleted.
     */
    static <T> T recordInto(EnsembleWriter writer, Chain<T> chain) throws IOException {
        T result;
        try {
            result = chain.run();
        } catch (io.github.gomaflow.mcmc.NonFiniteDensityException e) {
            writer.abort();   // a chain of a broken model is worth nothing: no ensemble is written
            throw e;
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
