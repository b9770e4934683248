package io.github.gomaflow.train;

import io.github.gomaflow.io.MiniJson;
import io.github.gomaflow.rng.Streams;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code provenance.json}: what is needed to reproduce a training run (docs/OUTPUTS.md) — gomaflow
 * version and git commit, JDK, OS, CPUs, threads, seeds, the kernel implementation, start time.
 */
public final class Provenance {
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}([0-9a-f]{24})?");

    private Provenance() {}

    /** The provenance object as JSON text (one key per line). */
    public static String json(Map<String, Object> entries) {
        StringBuilder b = new StringBuilder("{\n");
        int i = 0;
        for (Map.Entry<String, Object> e : entries.entrySet()) {
            b.append("  ").append(MiniJson.quote(e.getKey())).append(": ");
            value(b, e.getValue());
            b.append(++i < entries.size() ? ",\n" : "\n");
        }
        return b.append("}\n").toString();
    }

    /** Numbers, booleans, null, strings, and (for earlier sessions) lists and maps of them. */
    private static void value(StringBuilder b, Object v) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof Number || v instanceof Boolean) {
            b.append(v);
        } else if (v instanceof List<?> list) {
            b.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) b.append(", ");
                value(b, list.get(i));
            }
            b.append(']');
        } else if (v instanceof Map<?, ?> map) {
            b.append('{');
            int i = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (i++ > 0) b.append(", ");
                b.append(MiniJson.quote(String.valueOf(e.getKey()))).append(": ");
                value(b, e.getValue());
            }
            b.append('}');
        } else {
            b.append(MiniJson.quote(String.valueOf(v)));
        }
    }

    /**
     * The sessions recorded in an existing provenance file, oldest first: its own
     * {@value #EARLIER_SESSIONS} followed by its top-level entries (the session that wrote it). Empty if
     * the file is absent or not a JSON object.
     */
    public static List<Object> sessions(Path file) {
        List<Object> out = new ArrayList<>();
        try {
            if (!Files.isRegularFile(file)) return out;
            Object parsed = MiniJson.parse(Files.readString(file));
            if (!(parsed instanceof Map<?, ?> m)) return out;
            if (m.get(EARLIER_SESSIONS) instanceof List<?> earlier) out.addAll(earlier);
            Map<Object, Object> last = new LinkedHashMap<>(m);
            last.remove(EARLIER_SESSIONS);
            out.add(last);
        } catch (IOException | RuntimeException e) {
            // an unreadable history is not worth failing a training over; the new session is still recorded
        }
        return out;
    }

    /** Key of the list of sessions before the current one (a resumed run keeps its history). */
    public static final String EARLIER_SESSIONS = "earlier_sessions";

    /** The machine-dependent entries: JDK, OS, CPU count. */
    public static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jdk", Runtime.version().toString());
        m.put("jdk_vendor", System.getProperty("java.vendor", "unknown"));
        m.put("os", System.getProperty("os.name", "unknown") + " " + System.getProperty("os.version", ""));
        m.put("arch", System.getProperty("os.arch", "unknown"));
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("rng_algorithm", Streams.ALGORITHM);
        return m;
    }

    /**
     * The commit checked out in the git work tree containing {@code start} (or a parent), read from
     * {@code .git} files without running git; "unknown" when there is none or it cannot be read.
     */
    public static String gitCommit(Path start) {
        try {
            for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
                Path dotGit = dir.resolve(".git");
                if (Files.isDirectory(dotGit)) return headCommit(dotGit);
                if (Files.isRegularFile(dotGit)) {
                    String line = Files.readString(dotGit, StandardCharsets.UTF_8).trim();
                    if (!line.startsWith("gitdir:")) return "unknown";
                    return headCommit(dir.resolve(line.substring("gitdir:".length()).trim()).normalize());
                }
            }
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
        return "unknown";
    }

    // HEAD holds a sha (detached) or "ref: refs/heads/x"; the ref lives loose in the git dir, in the
    // common dir of a linked work tree, or in packed-refs.
    private static String headCommit(Path gitDir) throws IOException {
        String head = Files.readString(gitDir.resolve("HEAD"), StandardCharsets.UTF_8).trim();
        if (SHA.matcher(head).matches()) return head;
        if (!head.startsWith("ref:")) return "unknown";
        String ref = head.substring(4).trim();
        Path common = gitDir;
        Path commondir = gitDir.resolve("commondir");
        if (Files.isRegularFile(commondir)) {
            common = gitDir.resolve(Files.readString(commondir, StandardCharsets.UTF_8).trim()).normalize();
        }
        for (Path d : List.of(gitDir, common)) {
            Path loose = d.resolve(ref);
            if (Files.isRegularFile(loose)) {
                String sha = Files.readString(loose, StandardCharsets.UTF_8).trim();
                if (SHA.matcher(sha).matches()) return sha;
            }
        }
        Path packed = common.resolve("packed-refs");
        if (Files.isRegularFile(packed)) {
            for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
                String[] parts = line.trim().split(" ");
                if (parts.length == 2 && parts[1].equals(ref) && SHA.matcher(parts[0]).matches()) return parts[0];
            }
        }
        return "unknown";
    }
}
