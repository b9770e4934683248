package io.github.gomaflow.sweep;

import io.github.gomaflow.BadInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The grid of a sweep: each {@code --set SECTION.KEY=VALUES} gives one axis, the grid is their
 * cartesian product (the first axis varies slowest). VALUES is a comma-separated list whose items
 * are TOML values ({@code 4}, {@code 0.5}, {@code true}, {@code [8, 8]}, a bare word taken as a
 * string) or integer ranges {@code a..b} (inclusive): {@code 1..4,8} means 1, 2, 3, 4, 8. A string
 * that itself contains ".." (a relative path) must be quoted: {@code training.pretrained="../w.ckpt"}.
 *
 * <p>Keys are checked here for form (section among GomalizingFlow's sections); whether the key
 * exists and the value is allowed is decided by the configuration loader for each point.
 *
 * @param axes the axes in command-line order
 */
public record SweepGrid(List<Axis> axes) {
    /** GomalizingFlow's configuration sections. */
    public static final Set<String> SECTIONS = Set.of("config", "device", "training", "physical", "model");
    /** Refuse grids larger than this (a typo such as 1..10000 would start thousands of trainings). */
    public static final int MAX_POINTS = 1000;
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*\\.[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern RANGE = Pattern.compile("\\s*(-?\\d+)\\s*\\.\\.\\s*(-?\\d+)\\s*");

    /**
     * One swept key.
     *
     * @param key    {@code section.key}
     * @param values TOML texts of the values, in order
     */
    public record Axis(String key, List<String> values) {
        public Axis {
            values = List.copyOf(values);
        }

        public String section() { return key.substring(0, key.indexOf('.')); }

        public String name() { return key.substring(key.indexOf('.') + 1); }
    }

    public SweepGrid {
        axes = List.copyOf(axes);
    }

    /**
     * Parses the {@code --set} arguments.
     *
     * @throws BadInputException (one line naming the argument) for a missing '=', a malformed or
     *                           repeated key, an unknown section, an empty value, a bad range, or
     *                           more than {@link #MAX_POINTS} points
     */
    public static SweepGrid parse(List<String> sets) {
        if (sets.isEmpty()) throw new BadInputException("sweep: give at least one --set SECTION.KEY=VALUES, e.g. --set model.n_layers=1..16");
        List<Axis> axes = new ArrayList<>();
        long points = 1;
        for (String set : sets) {
            Axis axis = parseOne(set);
            for (Axis a : axes) {
                if (a.key().equals(axis.key())) throw new BadInputException("--set " + set + ": " + axis.key() + " is set twice");
            }
            axes.add(axis);
            points *= axis.values().size();
            if (points > MAX_POINTS) {
                throw new BadInputException("--set " + set + ": the grid would have more than " + MAX_POINTS + " points");
            }
        }
        return new SweepGrid(axes);
    }

    private static Axis parseOne(String set) {
        int eq = set.indexOf('=');
        if (eq < 0) throw new BadInputException("--set " + set + ": expected SECTION.KEY=VALUES, e.g. model.n_layers=1..16 or physical.L=4,8,12");
        String key = set.substring(0, eq).strip();
        if (!KEY.matcher(key).matches()) {
            throw new BadInputException("--set " + set + ": '" + key + "' is not SECTION.KEY (e.g. model.n_layers)");
        }
        String section = key.substring(0, key.indexOf('.'));
        if (!SECTIONS.contains(section)) {
            throw new BadInputException("--set " + set + ": unknown section '" + section
                    + "'; allowed: config, device, training, physical, model");
        }
        List<String> values = new ArrayList<>();
        for (String item : splitTopLevel(set.substring(eq + 1))) {
            if (item.isBlank()) throw new BadInputException("--set " + set + ": empty value in the list");
            var m = RANGE.matcher(item);
            if (item.contains("..") && !item.strip().startsWith("[") && !item.strip().startsWith("\"")) {
                if (!m.matches()) throw new BadInputException("--set " + set + ": '" + item.strip() + "': a range is a..b with integers a ≤ b");
                long a = Long.parseLong(m.group(1));
                long b = Long.parseLong(m.group(2));
                if (a > b) throw new BadInputException("--set " + set + ": '" + item.strip() + "': a range a..b needs a ≤ b");
                if (b - a >= MAX_POINTS) throw new BadInputException("--set " + set + ": '" + item.strip() + "' has more than " + MAX_POINTS + " values");
                for (long v = a; v <= b; v++) values.add(Long.toString(v));
            } else {
                values.add(TomlValues.literal(item.strip()));
            }
        }
        return new Axis(key, values);
    }

    /** Splits at commas outside brackets and quotes: {@code [8,8],[16,16]} is two items. */
    static List<String> splitTopLevel(String s) {
        List<String> items = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' && (i == 0 || s.charAt(i - 1) != '\\')) quoted = !quoted;
            else if (!quoted && c == '[') depth++;
            else if (!quoted && c == ']') depth--;
            else if (!quoted && depth == 0 && c == ',') {
                items.add(s.substring(start, i));
                start = i + 1;
            }
        }
        items.add(s.substring(start));
        return items;
    }

    /** Number of points: the product of the axis lengths. */
    public int size() {
        int n = 1;
        for (Axis a : axes) n *= a.values().size();
        return n;
    }

    /**
     * Point {@code index} (0 ≤ index &lt; size()) as key → TOML value text, in axis order; the last
     * axis varies fastest.
     */
    public Map<String, String> point(int index) {
        if (index < 0 || index >= size()) throw new IndexOutOfBoundsException(index);
        Map<String, String> p = new LinkedHashMap<>();
        int stride = size();
        int rest = index;
        for (Axis a : axes) {
            stride /= a.values().size();
            p.put(a.key(), a.values().get(rest / stride));
            rest %= stride;
        }
        return p;
    }

    /**
     * The run name of a point: {@code <config>_<name>=<value>_…}, using the key's last part unless
     * two axes share it (then the full key); values made file-name safe ({@code [8, 8]} → {@code 8x8}).
     */
    public String runName(String configName, Map<String, String> point) {
        StringBuilder sb = new StringBuilder(configName);
        for (Axis a : axes) {
            boolean shared = axes.stream().filter(b -> b.name().equals(a.name())).count() > 1;
            sb.append('_').append(shared ? a.key() : a.name()).append('=').append(TomlValues.fileNamePart(point.get(a.key())));
        }
        return sb.toString();
    }
}
