package io.github.gomaflow.io;

import io.github.gomaflow.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Input files must be regular files of a plausible size: a FIFO would block a command forever and
 * {@code /dev/zero} or a multi-gigabyte file would exhaust the heap. Checked before any byte is read
 * (docs/RELIABILITY.md).
 */
public final class RegularFiles {
    private RegularFiles() {}

    /**
     * @param what what the file should be, e.g. "a checkpoint (.ckpt)", for the message
     * @throws BadInputException naming the file if it is missing, not a regular file, or larger than
     *                           {@code maxBytes}
     */
    public static void require(Path file, String what, long maxBytes) {
        if (!Files.exists(file)) {
            throw new BadInputException(file + ": no such file" + (Files.exists(file, LinkOption.NOFOLLOW_LINKS) ? " (a broken link)" : "")
                    + "; expected " + what);
        }
        if (Files.isDirectory(file)) throw new BadInputException(file + ": is a directory; expected " + what);
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": is not a regular file (a pipe, device or socket); expected " + what);
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read its size (" + e.getMessage() + ")", e);
        }
        if (size > maxBytes) {
            throw new BadInputException(file + ": is " + human(size) + ", more than the " + human(maxBytes) + " allowed for "
                    + what + " (is it the right file?)");
        }
    }

    /** A limit for files read whole into memory: a quarter of the maximum heap, at most 1 GiB. */
    public static long wholeFileLimit() {
        return Math.min(1L << 30, Runtime.getRuntime().maxMemory() / 4);
    }

    static String human(long bytes) {
        if (bytes >= 1L << 30) return String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        if (bytes >= 1L << 20) return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
        return bytes + " bytes";
    }
}
