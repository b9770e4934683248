package io.github.gomaflow.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * I/O errors that name their file: the JDK's write errors ("No space left on device") do not say
 * which file, so writers wrap them here before they reach the user.
 */
public final class IoErrors {
    private IoErrors() {}

    /** {@code e} with its message prefixed by {@code file} (unchanged if it already names it). */
    public static IOException naming(Path file, IOException e) {
        String name = file.toString();
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (m.contains(name)) return e;
        return new IOException(name + ": " + m, e);
    }
}
