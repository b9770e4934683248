package io.github.gomaflow.io;

import io.github.gomaflow.BadInputException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reading a user-named text file (a configuration, evaluations.csv, provenance.json) so that every
 * problem is one line naming the file: missing, not a regular file (a FIFO would block), too large,
 * unreadable, not UTF-8 — never a bare "Input length = 1".
 */
public final class TextFiles {
    /** Text files gomaflow reads are small; anything above this is not one of them. */
    public static final long MAX_BYTES = 64L << 20;

    private TextFiles() {}

    /**
     * @param what what the file should be, for messages, e.g. "a TOML configuration"
     * @throws BadInputException naming the file and the problem
     */
    public static String read(Path file, String what) {
        RegularFiles.require(file, what, MAX_BYTES);
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new BadInputException(file + ": not a text file (not valid UTF-8); expected " + what);
        } catch (AccessDeniedException e) {
            throw new BadInputException(file + ": cannot read the file (permission denied)");
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read the file (" + e.getMessage() + ")", e);
        }
    }
}
