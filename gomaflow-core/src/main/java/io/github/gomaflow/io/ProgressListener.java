package io.github.gomaflow.io;

/**
 * Receives progress of a long computation (training, sampling, HMC, analysis). The command line
 * renders it as a bar with ETA on a terminal, or as periodic log lines otherwise.
 */
public interface ProgressListener {
    /** Ignores everything. */
    ProgressListener NONE = new ProgressListener() {
        @Override public void update(long done, long total, String status) {}
        @Override public void message(String line) {}
    };

    /**
     * @param done   units of work completed
     * @param total  total units (≥ done)
     * @param status short live status, e.g. "loss -12.3  ess 0.41  acc 0.38" (may be empty)
     */
    void update(long done, long total, String status);

    /** A line for the log (e.g. an epoch summary), shown above a live bar. */
    void message(String line);

    /** Called once when the work ends (normally or not). */
    default void close() {}
}
