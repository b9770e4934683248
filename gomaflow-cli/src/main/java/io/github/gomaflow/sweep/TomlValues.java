package io.github.gomaflow.sweep;

import io.github.gomaflow.BadInputException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * TOML text for the sweep: command-line values as TOML literals, and a configuration with some
 * {@code section.key} values replaced. The configuration is re-rendered from the parsed document
 * (sections and keys in file order; comments are not kept — the saved point file is a record of
 * what ran, and the training writes its resolved configuration anyway).
 */
final class TomlValues {
    private TomlValues() {}

    /** {@code text} if it is a TOML value (number, boolean, array, quoted string), else {@code text} as a TOML string. */
    static String literal(String text) {
        TomlParseResult r = Toml.parse("v = " + text);
        if (!r.hasErrors() && r.keySet().equals(java.util.Set.of("v")) && text.lines().count() == 1) return text;
        return "\"" + Toml.tomlEscape(text) + "\"";
    }

    /** A value for a run name: strings unquoted, arrays as {@code 8x8}, unsafe characters as '-'. */
    static String fileNamePart(String tomlValue) {
        Object v = Toml.parse("v = " + tomlValue).get("v");
        String s;
        if (v instanceof TomlArray a) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) parts.add(String.valueOf(a.get(i)));
            s = String.join("x", parts);
        } else {
            s = String.valueOf(v);
        }
        return s.replaceAll("[^A-Za-z0-9._+-]+", "-").replaceAll("(?<=.)-$", "");
    }

    /**
     * The configuration text with each {@code section.key} of {@code overrides} set to its TOML value.
     *
     * @param toml      the original configuration
     * @param overrides {@code section.key} → TOML value text
     * @param source    the configuration's file name, for messages
     * @throws BadInputException if {@code toml} is not valid TOML
     */
    static String withOverrides(String toml, Map<String, String> overrides, String source) {
        TomlParseResult doc = Toml.parse(toml);
        if (doc.hasErrors()) {
            TomlPosition p = doc.errors().get(0).position();
            throw new BadInputException(source + ": not valid TOML at line " + p.line() + ", column " + p.column()
                    + ": " + doc.errors().get(0).getMessage());
        }
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        StringBuilder loose = new StringBuilder();
        for (String key : inFileOrder(doc)) {
            Object v = doc.get(List.of(key));
            if (v instanceof TomlTable t) {
                Map<String, String> entries = sections.computeIfAbsent(key, k -> new LinkedHashMap<>());
                for (String k : inFileOrder(t)) entries.put(k, render(t.get(List.of(k))));
            } else {
                loose.append(key).append(" = ").append(render(v)).append('\n');
            }
        }
        for (Map.Entry<String, String> o : overrides.entrySet()) {
            int dot = o.getKey().indexOf('.');
            sections.computeIfAbsent(o.getKey().substring(0, dot), k -> new LinkedHashMap<>())
                    .put(o.getKey().substring(dot + 1), o.getValue());
        }
        StringBuilder out = new StringBuilder(loose);
        for (Map.Entry<String, Map<String, String>> s : sections.entrySet()) {
            if (!out.isEmpty()) out.append('\n');
            out.append('[').append(s.getKey()).append("]\n");
            for (Map.Entry<String, String> e : s.getValue().entrySet()) {
                out.append(e.getKey()).append(" = ").append(e.getValue()).append('\n');
            }
        }
        return out.toString();
    }

    private static List<String> inFileOrder(TomlTable t) {
        List<String> keys = new ArrayList<>(t.keySet());
        keys.sort(Comparator.comparing((String k) -> position(t, k).line()).thenComparing(k -> position(t, k).column()));
        return keys;
    }

    private static TomlPosition position(TomlTable t, String key) {
        TomlPosition p = t.inputPositionOf(List.of(key));
        return p == null ? TomlPosition.positionAt(Integer.MAX_VALUE, 1) : p;
    }

    /** A parsed TOML value as TOML text. */
    static String render(Object v) {
        if (v instanceof String s) return "\"" + Toml.tomlEscape(s) + "\"";
        if (v instanceof Double d) {
            if (d.isNaN()) return "nan";
            if (d.isInfinite()) return d > 0 ? "inf" : "-inf";
            return d.toString();
        }
        if (v instanceof TomlArray a) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) parts.add(render(a.get(i)));
            return "[" + String.join(", ", parts) + "]";
        }
        if (v instanceof TomlTable t) {
            List<String> parts = new ArrayList<>();
            for (String k : inFileOrder(t)) parts.add(k + " = " + render(t.get(List.of(k))));
            return "{" + String.join(", ", parts) + "}";
        }
        return String.valueOf(v); // Long, Boolean, dates: their toString is TOML
    }
}
