package io.github.gomaflow.config;

import java.util.List;
import java.util.Map;

/**
 * The syntax tree of one configuration string such as {@code Potential{Float32}(; m²=-4f0, λ=8f0)}:
 * a name, an optional type parameter and an optional argument list. Produced by {@link JuliaSyntax};
 * nothing in it is ever evaluated.
 *
 * @param name          the called name, e.g. {@code Normal}
 * @param nameColumn    1-based column of the name
 * @param typeParameter the text between braces ({@code Float32}), or null
 * @param hasArguments  whether parentheses followed the name
 * @param positional    positional arguments in order
 * @param keywords      keyword arguments in order of appearance (keys unique)
 * @param endColumn     1-based column just past the text
 */
record JuliaCall(String name, int nameColumn, String typeParameter, boolean hasArguments,
                 List<Value> positional, Map<String, Value> keywords, int endColumn) {

    /** An argument value. {@link #column()} is where it starts (1-based), for error messages. */
    sealed interface Value {
        int column();
    }

    /**
     * A Julia number literal.
     *
     * @param value   its value in double precision (an {@code f0} literal's decimal value, not rounded to float)
     * @param integer whether it was written without '.', exponent or {@code f} suffix
     * @param text    the literal as written (with sign)
     */
    record Num(double value, boolean integer, String text, int column) implements Value {}

    /** A vector literal {@code [a, b, …]} of numbers or calls. */
    record Vec(List<Value> elements, int column) implements Value {}

    /** A call used as an argument, as the schedule in {@code Loop(Exp(1e-3, 0.9), 10)}. */
    record Nested(JuliaCall call, int column) implements Value {}

    /** {@code true} or {@code false}. */
    record Bool(boolean value, int column) implements Value {}
}
