package io.github.gomaflow.train;

import io.github.gomaflow.io.ProgressListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * {@code train.log}: every line is appended (and flushed) to the file, prefixed with the UTC time
 * (ISO-8601, seconds), and shown through the listener without the time.
 */
final class RunLog implements AutoCloseable {
    private final Writer out;
    private final ProgressListener listener;
    private final Path file;

    RunLog(Path file, ProgressListener listener) throws IOException {
        this.file = file;
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        this.listener = listener;
    }

    void line(String text) {
        fileOnly(text);
        listener.message(text);
    }

    /** Appends to the file only (e.g. an error the caller reports itself). */
    void fileOnly(String text) {
        try {
            out.write(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            out.write(' ');
            out.write(text);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(io.github.gomaflow.io.IoErrors.naming(file, e));
        }
    }

    @Override public void close() throws IOException { out.close(); }
}
