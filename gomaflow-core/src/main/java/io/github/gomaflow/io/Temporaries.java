package io.github.gomaflow.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * gomaflow's own temporary files, and their removal when a killed process left them behind.
 * Every temporary is named {@code .<target name>.<pid>.<hex>.<kind>} next to its target, with
 * {@code kind} one of {@code tmp} (whole-file writes, {@link AtomicFiles}) or {@code cfgs.npy},
 * {@code log_q.npy}, … (ensemble members being streamed, {@link EnsembleWriter}). A temporary whose
 * process is no longer alive is stale and is removed by the next gomaflow command writing in that
 * directory; nothing else is ever touched (docs/RELIABILITY.md).
 */
public final class Temporaries {
    private static final Pattern OWN = Pattern.compile("^\\.(.+)\\.(\\d+)\\.[0-9a-f]+\\.(tmp|[a-z_]+\\.npy)$");

    private Temporaries() {}

    /** The temporary name for {@code target} and {@code kind} in this process. */
    static Path next(Path target, String kind) {
        return target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + "."
                + Long.toHexString(System.nanoTime()) + "." + kind);
    }

    /**
     * Removes stale temporaries of gomaflow in {@code dir}: those named by {@link #next} whose process
     * has ended.
     *
     * @return how many were removed
     */
    public static int removeStale(Path dir) {
        if (!Files.isDirectory(dir)) return 0;
        int removed = 0;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Matcher m = OWN.matcher(p.getFileName().toString());
                if (!m.matches() || !Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) continue;
                if (alive(m.group(2))) continue;
                try {
                    Files.deleteIfExists(p);
                    removed++;
                } catch (IOException ignored) {
                    // not ours to insist on
                }
            }
        } catch (IOException ignored) {
            // an unreadable directory: the command itself will say so
        }
        return removed;
    }

    private static boolean alive(String pid) {
        try {
            long p = Long.parseLong(pid);
            return p == ProcessHandle.current().pid() || ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
