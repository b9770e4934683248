package io.github.gomaflow.io;

/**
 * Minimal JSON output helpers (RFC 8259): string escaping and numbers. Non-finite numbers, which
 * JSON cannot represent, are written as {@code null}.
 */
public final class Json {
    private Json() {}

    /** Appends {@code s} as a quoted JSON string. */
    public static StringBuilder string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        return out.append('"');
    }

    /** Appends a number (shortest round-trip form), or {@code null} for NaN/±∞. */
    public static StringBuilder number(StringBuilder out, double v) {
        if (!Double.isFinite(v)) return out.append("null");
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return out.append((long) v);
        return out.append(v);
    }

    /** Appends {@code "key":} (with a leading comma unless first). */
    public static StringBuilder key(StringBuilder out, String key, boolean first) {
        if (!first) out.append(',');
        return string(out, key).append(':');
    }
}
