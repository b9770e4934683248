package io.github.gomaflow;

/**
 * Bad user input (a configuration key, a file, a flag). The message is one complete line that
 * names the file/key/value and what is allowed; the command line prints it and exits with code 2,
 * without a stack trace.
 */
public class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) { super(message); }

    public BadInputException(String message, Throwable cause) { super(message, cause); }
}
