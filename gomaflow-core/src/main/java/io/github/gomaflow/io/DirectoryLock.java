package io.github.gomaflow.io;

import io.github.gomaflow.BadInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive OS lock on a run directory (the file {@value #FILE_NAME} in it), so that two gomaflow
 * processes never write one run at the same time. The operating system releases the lock when the
 * process ends, also on a kill; the lock file itself stays (deleting it would race with a second
 * process) and holds the PID of the last holder, for the message a refused process prints.
 * See docs/RELIABILITY.md.
 */
public final class DirectoryLock implements AutoCloseable {
    /** The lock file inside the locked directory. */
    public static final String FILE_NAME = ".gomaflow.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code dir} (which must exist) for this process.
     *
     * @param what what this process is doing there, e.g. "gomaflow train", for the holder's record
     * @throws BadInputException naming the directory and the holder's PID if another process (or this
     *                           one, elsewhere) holds it
     */
    public static DirectoryLock acquire(Path dir, String what) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        if (lock == null) {
            String holder = holder(ch);
            ch.close();
            throw new BadInputException(dir + " is in use by " + holder + "; wait for it to finish or stop it"
                    + " (one process per run directory)");
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + " " + what + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        ch.force(false);
        return new DirectoryLock(ch, lock);
    }

    private static String holder(FileChannel ch) {
        try {
            ByteBuffer b = ByteBuffer.allocate(256);
            ch.read(b, 0);
            String s = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).strip();
            if (s.isEmpty()) return "another process";
            int space = s.indexOf(' ');
            String pid = space < 0 ? s : s.substring(0, space);
            String cmd = space < 0 ? "" : " (" + s.substring(space + 1) + ")";
            return "process " + pid + cmd;
        } catch (IOException e) {
            return "another process";
        }
    }

    /** Whether {@code dir} is locked by some process right now (without keeping the lock). */
    public static boolean isLocked(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) return false;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock l = ch.tryLock();
            if (l == null) return true;
            l.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override public void close() throws IOException {
        try {
            if (lock.isValid()) lock.release();
        } finally {
            channel.close();
        }
    }
}
