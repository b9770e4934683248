package io.github.gomaflow.train;

/**
 * Training produced a NaN or infinite loss or gradient. The message names the epoch, the step and,
 * when a gradient entry was non-finite, the first such parameter's layer.
 */
public final class NonFiniteException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int epoch;
    private final int step;

    public NonFiniteException(String message, int epoch, int step) {
        super(message);
        this.epoch = epoch;
        this.step = step;
    }

    public int epoch() { return epoch; }

    public int step() { return step; }
}
