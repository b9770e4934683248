package io.github.gomaflow.config;

/**
 * A configuration string is outside the grammar (or names impossible values). Carries the 1-based
 * column inside the string; {@link ConfigLoader} turns it into a {@link io.github.gomaflow.BadInputException}
 * that also names the file and key.
 */
final class SpecSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int column;

    SpecSyntaxException(String message, int column) {
        super(message);
        this.column = column;
    }

    /** 1-based column in the string, or 0 if the error concerns the string as a whole. */
    int column() { return column; }
}
