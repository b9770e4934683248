package io.github.gomaflow.mcmc;

/**
 * A flow proposal with a non-finite log q or action (NaN or ±∞): the model is broken (diverged
 * weights), and no chain built on it can be trusted, so sampling stops (docs/RELIABILITY.md).
 */
public final class NonFiniteDensityException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NonFiniteDensityException(String message) { super(message); }
}
