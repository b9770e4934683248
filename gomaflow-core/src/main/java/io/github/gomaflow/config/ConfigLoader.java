package io.github.gomaflow.config;

import io.github.gomaflow.BadInputException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Reads a GomalizingFlow-format TOML configuration ({@code [config] [device] [training] [physical]
 * [model]}) into a validated {@link GomaConfig}. GomalizingFlow's files load unchanged and mean
 * the same; the strings of {@code prior}, {@code opt} and {@code lr_scheduler} are parsed by a small
 * grammar ({@link SpecParser}), never evaluated.
 *
 * <p>Required: {@code physical.L} and {@code physical.Nd} (or our {@code physical.lattice_shape}),
 * {@code physical.M2}, {@code physical.lam}. Everything else has the default in {@link Defaults}.
 * Unknown sections and keys are errors. Every error is a {@link BadInputException} whose message is
 * one line naming the file, the key and the value, what is wrong and what is allowed.
 *
 * <p>Warnings (a GPU {@code device_id}; a schedule whose start differs from {@code base_lr}) go to a
 * consumer; {@link #load(Path)} prints them to standard error as {@code gomaflow: warning: …}.
 */
public final class ConfigLoader {
    private ConfigLoader() {}

    /** The keys of each section, in GomalizingFlow's order (ours last). */
    static final Map<String, List<String>> SECTIONS = sections();

    private static Map<String, List<String>> sections() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("config", List.of("version"));
        m.put("device", List.of("device_id"));
        m.put("training", List.of("seed", "batchsize", "epochs", "iterations", "base_lr", "opt", "prior",
                "lr_scheduler", "pretrained", "ess_samples", "nsamples", "skip_nonfinite",
                "evaluation", "write_history", "gradient"));
        m.put("physical", List.of("L", "Nd", "lattice_shape", "M2", "lam"));
        m.put("model", List.of("seed", "n_layers", "hidden_sizes", "kernel_size", "inC", "outC", "use_final_tanh",
                "use_bn", "fourier_base", "z2_equivariant", "combinational_conv"));
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Configurations are a few kB; anything above this is not one. */
    static final long MAX_CONFIG_BYTES = 1 << 20;

    /** Prints a warning as the command line does. */
    public static final Consumer<String> STDERR_WARNINGS = w -> System.err.println("gomaflow: warning: " + w);

    /** {@link #load(Path, Consumer)} with warnings printed to standard error. */
    public static GomaConfig load(Path file) { return load(file, STDERR_WARNINGS); }

    /**
     * Reads and validates a configuration file; its name (without {@code .toml}) becomes {@link GomaConfig#name()}.
     *
     * @param warnings receives each warning as one line (without a prefix)
     * @throws BadInputException if the file is missing, unreadable, not TOML, or any value is invalid
     */
    public static GomaConfig load(Path file, Consumer<String> warnings) {
        String source = file.toString();
        if (Files.isDirectory(file)) throw new BadInputException(source + ": is a directory, not a TOML configuration file");
        io.github.gomaflow.io.RegularFiles.require(file, "a TOML configuration file", MAX_CONFIG_BYTES);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadInputException(source + ": no such file");
        } catch (AccessDeniedException e) {
            throw new BadInputException(source + ": cannot read the file (permission denied)");
        } catch (CharacterCodingException e) {
            throw new BadInputException(source + ": not a text file (not valid UTF-8), expected a TOML configuration");
        } catch (IOException e) {
            throw new BadInputException(source + ": cannot read the file: " + e.getMessage(), e);
        }
        // editors on Windows may prepend a byte-order mark, which TOML does not allow
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        return parse(text, source, warnings);
    }

    /** {@link #parse(String, String, Consumer)} with warnings printed to standard error. */
    public static GomaConfig parse(String toml, String sourceName) { return parse(toml, sourceName, STDERR_WARNINGS); }

    /**
     * Parses and validates configuration text.
     *
     * @param sourceName names the text in messages; its last path element without {@code .toml} is the config name
     */
    public static GomaConfig parse(String toml, String sourceName, Consumer<String> warnings) {
        if (toml.isBlank()) {
            throw new BadInputException(sourceName + ": empty file; a configuration needs at least [physical] with"
                    + " L, Nd, M2 and lam");
        }
        checkNesting(toml, sourceName);
        TomlParseResult result = Toml.parse(toml);
        if (result.hasErrors()) {
            TomlParseError e = result.errors().get(0);
            TomlPosition p = e.position();
            throw new BadInputException(sourceName + ": not valid TOML at line " + p.line() + ", column " + p.column()
                    + ": " + e.getMessage());
        }
        checkSections(result, sourceName);
        return new SectionParser(sourceName, result, warnings).config(configName(sourceName));
    }

    /**
     * Checks a configuration built in code (e.g. after command-line overrides) by the same rules as a file.
     *
     * @throws BadInputException naming {@code sourceName} and the offending key
     */
    public static GomaConfig validate(GomaConfig config, String sourceName) {
        GomaConfig checked = parse(ConfigWriter.toToml(config), sourceName, w -> {});
        return new GomaConfig(config.name(), checked.version(), checked.device(), checked.training(),
                checked.physical(), checked.model());
    }

    /** Deepest nesting of arrays and inline tables a configuration may have (ours need 2). */
    static final int MAX_NESTING = 32;

    /**
     * Refuses arrays or inline tables nested deeper than {@value #MAX_NESTING} before the (recursive) TOML
     * parser sees them: 2000 nested brackets would overflow its stack. Brackets inside strings and comments
     * do not count; table headers ([a], [[a]]) open and close on their line.
     */
    static void checkNesting(String toml, String source) {
        int depth = 0, line = 1;
        char quote = 0;
        boolean comment = false;
        for (int i = 0; i < toml.length(); i++) {
            char c = toml.charAt(i);
            if (c == '\n') {
                line++;
                comment = false;
                continue;
            }
            if (comment) continue;
            if (quote != 0) {
                if (c == '\\' && quote == '"') i++;
                else if (c == quote) quote = 0;
                continue;
            }
            if (c == '#') comment = true;
            else if (c == '"' || c == '\'') quote = c;
            else if (c == '[' || c == '{') {
                if (++depth > MAX_NESTING) {
                    throw new BadInputException(source + ": line " + line + ": arrays or inline tables nested more than "
                            + MAX_NESTING + " deep; a configuration needs at most 2");
                }
            } else if (c == ']' || c == '}') depth = Math.max(0, depth - 1);
        }
    }

    private static void checkSections(TomlTable root, String source) {
        List<String> names = new ArrayList<>(SECTIONS.keySet());
        for (String key : inFileOrder(root)) {
            Object v = root.get(List.of(key));
            if (SECTIONS.containsKey(key)) {
                if (!(v instanceof TomlTable)) {
                    throw new BadInputException(source + ": " + key + " = " + SectionReader.render(v)
                            + ": expected a section [" + key + "]; allowed: sections " + sectionList());
                }
                continue;
            }
            if (v instanceof TomlTable) {
                String hint = DidYouMean.suggest(key, names);
                throw new BadInputException(source + ": [" + key + "]: unknown section"
                        + (hint == null ? "" : " (did you mean [" + hint + "]?)") + "; allowed: sections " + sectionList());
            }
            String home = SectionReader.homeSection(key, SECTIONS);
            throw new BadInputException(source + ": " + key + " = " + SectionReader.render(v)
                    + ": key outside any section" + (home == null ? "" : " (it belongs in [" + home + "])")
                    + "; allowed: sections " + sectionList());
        }
    }

    private static String sectionList() {
        return String.join(" ", SECTIONS.keySet().stream().map(s -> "[" + s + "]").toList());
    }

    /** The keys of a table in the order they appear in the file (deterministic messages). */
    static List<String> inFileOrder(TomlTable t) {
        List<String> keys = new ArrayList<>(t.keySet());
        keys.sort(Comparator.comparing((String k) -> position(t, k).line())
                .thenComparing(k -> position(t, k).column()).thenComparing(k -> k));
        return keys;
    }

    private static TomlPosition position(TomlTable t, String key) {
        TomlPosition p = t.inputPositionOf(List.of(key));
        return p == null ? TomlPosition.positionAt(Integer.MAX_VALUE, 1) : p;
    }

    static String configName(String sourceName) {
        String n = sourceName.replace('\\', '/');
        n = n.substring(n.lastIndexOf('/') + 1);
        return n.endsWith(".toml") ? n.substring(0, n.length() - ".toml".length()) : n;
    }
}
