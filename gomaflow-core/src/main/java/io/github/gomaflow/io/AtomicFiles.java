package io.github.gomaflow.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Whole-file writes that never leave a half-written file behind: the bytes go to a temporary file
 * in the same directory, are forced to the device, and the temporary file is renamed over the
 * target with an atomic move. A reader (or a crash) sees either the old file or the new one.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /**
     * Replaces {@code file} by {@code bytes} atomically.
     *
     * @param bytes the complete new content (read, not modified)
     * @throws IOException if writing, forcing or renaming fails (the target is then unchanged)
     */
    public static void write(Path file, byte[] bytes) throws IOException {
        try {
            writeAtomically(file, bytes);
        } catch (IOException e) {
            throw IoErrors.naming(file, e);
        }
    }

    private static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        // Not Files.createTempFile: that makes the file owner-only (0600), and the rename would carry
        // those permissions over to results meant to be shared; CREATE_NEW honours the umask.
        Path tmp = Temporaries.next(target, "tmp");
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
            forceDirectory(dir);
        } finally {
            if (!done) Files.deleteIfExists(tmp);
        }
    }

    // The rename itself is durable only once the directory entry is on disk; not every platform
    // allows opening a directory, and the file is already complete, so failure here is harmless.
    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort
        }
    }
}
