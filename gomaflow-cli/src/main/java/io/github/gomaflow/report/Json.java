package io.github.gomaflow.report;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.io.MiniJson;
import java.util.Map;

/**
 * Reading the JSON files the report shows ({@code provenance.json}, the output of
 * {@code gomaflow analyze --json}) with the project's {@link MiniJson}: malformed text becomes a
 * one-line {@link BadInputException} naming the file, and numbers are read as doubles whether the
 * file wrote them as integers or not.
 */
public final class Json {
    private Json() {}

    /**
     * Parses one JSON value ({@code Map}, {@code List}, {@code String}, {@code Long}, {@code Double},
     * {@code Boolean} or {@code null}).
     *
     * @param source where the text came from, for the error message
     * @throws BadInputException naming the source and what is wrong
     */
    public static Object parse(String text, String source) {
        try {
            return MiniJson.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(source + ": not valid JSON: " + e.getMessage());
        }
    }

    /** {@code map.get(key)} as a double: NaN when the map is null, or the value absent, null or not a number. */
    public static double number(Map<?, ?> map, String key) {
        return map != null && map.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
