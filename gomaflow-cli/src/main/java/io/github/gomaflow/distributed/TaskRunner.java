package io.github.gomaflow.distributed;

import io.github.gomaflow.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine;

/** Executes a {@link TaskSpec} where it lands: in this JVM, in a temporary working directory. */
public final class TaskRunner {
    private TaskRunner() {}

    /**
     * Writes the inputs, runs the command line in-process, collects the files and removes the
     * working directory.
     */
    public static TaskResult execute(TaskSpec spec) {
        Path work = null;
        try {
            work = Files.createTempDirectory("gomaflow-task-");
            for (Map.Entry<String, byte[]> in : spec.inputs().entrySet()) {
                Path f = work.resolve(in.getKey()).normalize();
                if (!f.startsWith(work)) throw new IllegalArgumentException("input outside the working directory: " + in.getKey());
                Files.createDirectories(f.getParent());
                Files.write(f, in.getValue());
            }
            List<String> args = new ArrayList<>();
            for (String a : spec.args()) args.add(a.replace(TaskSpec.WORK, work.toString()));
            StringWriter out = new StringWriter();
            CommandLine cl = Main.newCommandLine();
            PrintWriter pw = new PrintWriter(out, true);
            cl.setOut(pw);
            cl.setErr(pw);
            int code = cl.execute(args.toArray(String[]::new));
            pw.flush();
            Map<String, byte[]> files = collect(work.resolve(spec.collect()));
            return new TaskResult(spec.name(), code, out.toString(), files, host());
        } catch (IOException e) {
            throw new UncheckedIOException(spec.name() + ": " + e.getMessage(), e);
        } finally {
            if (work != null) deleteTree(work);
        }
    }

    private static Map<String, byte[]> collect(Path dir) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) return files;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                files.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
        return files;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless; the result is already in memory
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
