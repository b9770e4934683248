package io.github.gomaflow.config;

import io.github.gomaflow.BadInputException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/**
 * Typed, checked access to one section of a configuration file. Every failure is a
 * {@link BadInputException} of one line: {@code FILE: section.key = value: what is wrong; allowed: …}.
 * An absent section reads as empty, so every key takes its default.
 */
final class SectionReader {
    private final String source;
    private final String section;
    private final TomlTable table;

    SectionReader(String source, String section, TomlTable table) {
        this.source = source;
        this.section = section;
        this.table = table;
    }

    boolean has(String key) { return table != null && table.get(List.of(key)) != null; }

    Object raw(String key) { return table == null ? null : table.get(List.of(key)); }

    /** An integer in [min, max], or {@code fallback} when absent. */
    long integer(String key, long fallback, long min, long max, String allowed) {
        Object v = raw(key);
        if (v == null) return fallback;
        if (!(v instanceof Long l)) throw bad(key, v, "expected an integer, got " + typeName(v), withRange(allowed, min, max));
        if (l < min || l > max) throw bad(key, v, "out of range", withRange(allowed, min, max));
        return l;
    }

    /** The allowed text with the numeric range spelled out, unless it already names both ends. */
    static String withRange(String allowed, long min, long max) {
        String range = min + " … " + max;
        if (allowed == null) return "an integer " + range;
        if (allowed.contains(Long.toString(max)) && allowed.contains(Long.toString(min))) return allowed;
        return allowed + " (" + range + ")";
    }

    /** An int in [min, max] (see {@link #integer}). */
    int intValue(String key, int fallback, int min, int max, String allowed) {
        return (int) integer(key, fallback, min, max, allowed);
    }

    /** A finite number (an integer is fine), or {@code fallback} when absent. */
    double real(String key, double fallback, String allowed) {
        Object v = raw(key);
        if (v == null) return fallback;
        double x;
        if (v instanceof Long l) x = l;
        else if (v instanceof Double d) x = d;
        else throw bad(key, v, "expected a number, got " + typeName(v), allowed);
        if (!Double.isFinite(x)) throw bad(key, v, "must be finite", allowed);
        return x;
    }

    /** A required finite number. */
    double requiredReal(String key, String allowed) {
        if (!has(key)) throw missing(key, allowed);
        return real(key, 0, allowed);
    }

    boolean bool(String key, boolean fallback) {
        Object v = raw(key);
        if (v == null) return fallback;
        if (!(v instanceof Boolean b)) throw bad(key, v, "expected true or false, got " + typeName(v), "true or false");
        return b;
    }

    String string(String key, String fallback, String allowed) {
        Object v = raw(key);
        if (v == null) return fallback;
        if (!(v instanceof String s)) throw bad(key, v, "expected a string, got " + typeName(v), allowed);
        return s;
    }

    /** An array of integers, each in [min, max]; {@code fallback} when absent. */
    List<Integer> intList(String key, List<Integer> fallback, int min, int max, String allowed) {
        Object v = raw(key);
        if (v == null) return fallback;
        if (!(v instanceof TomlArray a)) throw bad(key, v, "expected an array of integers, got " + typeName(v), allowed);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            Object e = a.get(i);
            if (!(e instanceof Long l)) throw bad(key, v, "element " + (i + 1) + " is " + typeName(e) + ", not an integer", allowed);
            if (l < min || l > max) throw bad(key, v, "element " + (i + 1) + " = " + l + " is out of range", allowed);
            out.add((int) (long) l);
        }
        return out;
    }

    /** {@code FILE: section.key = value: what; allowed: allowed}. */
    BadInputException bad(String key, Object value, String what, String allowed) {
        return new BadInputException(source + ": " + section + "." + key + " = " + render(value) + ": " + what
                + (allowed == null ? "" : "; allowed: " + allowed));
    }

    BadInputException missing(String key, String allowed) {
        return new BadInputException(source + ": " + section + "." + key + " is required but missing"
                + (allowed == null ? "" : "; allowed: " + allowed));
    }

    /** Rejects keys that are not in {@code known}, suggesting the closest known key or the right section. */
    void rejectUnknownKeys(List<String> known, Map<String, List<String>> allSections) {
        if (table == null) return;
        for (String key : ConfigLoader.inFileOrder(table)) {
            if (known.contains(key)) continue;
            StringBuilder what = new StringBuilder("unknown key in [" + section + "]");
            String hint = DidYouMean.suggest(key, known);
            String home = homeSection(key, allSections);
            if (home != null) what.append(" ('").append(key).append("' belongs in [").append(home).append("])");
            else if (hint != null) what.append(" (did you mean '").append(hint).append("'?)");
            throw bad(key, table.get(List.of(key)), what.toString(), "keys " + String.join(", ", known));
        }
    }

    static String homeSection(String key, Map<String, List<String>> allSections) {
        for (Map.Entry<String, List<String>> e : allSections.entrySet()) {
            if (e.getValue().contains(key)) return e.getKey();
        }
        return null;
    }

    /** Values are echoed in messages up to this many characters. */
    static final int MAX_ECHO = 80;

    /** The value as TOML text, cut to {@value #MAX_ECHO} characters with the full length said. */
    static String render(Object v) {
        String full = renderFull(v);
        return full.length() <= MAX_ECHO ? full : full.substring(0, MAX_ECHO - 20) + "… (" + full.length() + " characters)";
    }

    private static String renderFull(Object v) {
        if (v instanceof String s) return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        if (v instanceof TomlArray a) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < a.size() && b.length() < 4 * MAX_ECHO; i++) b.append(i == 0 ? "" : ", ").append(renderFull(a.get(i)));
            return b.append(']').toString();
        }
        if (v instanceof TomlTable t) {
            StringBuilder b = new StringBuilder("{");
            int i = 0;
            for (String k : ConfigLoader.inFileOrder(t)) {
                if (b.length() > 4 * MAX_ECHO) break;
                b.append(i++ == 0 ? "" : ", ").append(k).append(" = ").append(renderFull(t.get(List.of(k))));
            }
            return b.append('}').toString();
        }
        return String.valueOf(v);
    }

    static String typeName(Object v) {
        if (v instanceof Long) return "an integer";
        if (v instanceof Double) return "a float";
        if (v instanceof String) return "a string";
        if (v instanceof Boolean) return "a boolean";
        if (v instanceof TomlArray) return "an array";
        if (v instanceof TomlTable) return "a table";
        if (v instanceof TemporalAccessor) return "a date/time";
        return v.getClass().getSimpleName();
    }
}
