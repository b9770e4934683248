package io.github.gomaflow.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tokenizer and recursive-descent parser for the small subset of Julia call syntax that
 * GomalizingFlow puts into configuration strings. Grammar (whitespace between tokens is ignored):
 *
 * <pre>
 * call     := IDENT [ '{' IDENT '}' ] [ '(' [ args ] ')' ]
 * args     := arg ( (',' | ';') arg )* [ ',' ]      -- a leading ';' is allowed: f(; k=v)
 * arg      := IDENT '=' value | value               -- no positional argument after a keyword
 * value    := number | '[' [ number ( ',' number )* [ ',' ] ] ']' | 'true' | 'false'
 * number   := [ '+' | '-' ] mantissa [ ( 'e' | 'E' | 'f' ) [ '+' | '-' ] digits ]
 * mantissa := digits [ '.' [ digits ] ] | '.' digits
 * IDENT    := letter ( letter | digit | '_' | '²' | '³' | '!' )*
 * </pre>
 *
 * Julia literals {@code 0.f0}, {@code 1f0}, {@code -4f0}, {@code 1.0}, {@code 1e-3}, {@code 0.5f-2}
 * are numbers; an {@code f} exponent marks Float32 in Julia, but the decimal value is kept in double
 * precision. Nothing is ever evaluated: there are no operators, calls inside arguments or names as values.
 */
final class JuliaSyntax {
    private final String text;
    private int pos;

    private JuliaSyntax(String text) { this.text = text; }

    /**
     * Parses one call expression.
     *
     * @throws SpecSyntaxException with the 1-based column of the first offending character
     */
    static JuliaCall parse(String text) throws SpecSyntaxException {
        JuliaSyntax p = new JuliaSyntax(text);
        JuliaCall call = p.call();
        p.skipSpace();
        if (p.pos < text.length()) throw p.error("unexpected '" + text.charAt(p.pos) + "' after the closing ')'");
        return call;
    }

    private JuliaCall call() throws SpecSyntaxException {
        skipSpace();
        int nameColumn = pos + 1;
        if (pos >= text.length()) throw error("expected a name such as Normal, but the text is empty");
        String name = identifier("a name");
        String typeParameter = null;
        skipSpace();
        if (peek() == '{') {
            pos++;
            skipSpace();
            typeParameter = identifier("a type such as Float32");
            expect('}');
        }
        skipSpace();
        List<JuliaCall.Value> positional = new ArrayList<>();
        Map<String, JuliaCall.Value> keywords = new LinkedHashMap<>();
        boolean hasArguments = peek() == '(';
        if (hasArguments) {
            pos++;
            arguments(positional, keywords);
        }
        return new JuliaCall(name, nameColumn, typeParameter, hasArguments, positional, keywords, text.length() + 1);
    }

    /** Parses the arguments after '(' up to and including ')'. */
    private void arguments(List<JuliaCall.Value> positional, Map<String, JuliaCall.Value> keywords)
            throws SpecSyntaxException {
        skipSpace();
        boolean keywordMode = false;
        if (peek() == ';') { pos++; keywordMode = true; }
        while (true) {
            skipSpace();
            if (peek() == ')') { pos++; return; }
            int argColumn = pos + 1;
            if (isIdentifierStart(peek()) && !startsWithBoolean() && !isNestedCall()) {
                String key = identifier("a keyword");
                skipSpace();
                if (peek() != '=') throw error("expected '=' after keyword '" + key + "'" + where());
                pos++;
                if (keywords.containsKey(key)) throw new SpecSyntaxException("keyword '" + key + "' given twice", argColumn);
                keywords.put(key, value());
                keywordMode = true;
            } else {
                if (keywordMode) throw error("positional argument after keyword arguments" + where());
                positional.add(value());
            }
            skipSpace();
            char c = peek();
            if (c == ',') { pos++; continue; }
            if (c == ';' && !keywordMode) { pos++; keywordMode = true; continue; }
            if (c == ')') { pos++; return; }
            throw error("expected ',' or ')'" + where());
        }
    }

    private JuliaCall.Value value() throws SpecSyntaxException {
        skipSpace();
        int column = pos + 1;
        char c = peek();
        if (c == '[') {
            pos++;
            List<JuliaCall.Value> elements = new ArrayList<>();
            while (true) {
                skipSpace();
                if (peek() == ']') { pos++; return new JuliaCall.Vec(List.copyOf(elements), column); }
                if (!elements.isEmpty()) {
                    if (peek() != ',') throw error("expected ',' or ']'" + where());
                    pos++;
                    skipSpace();
                    if (peek() == ']') continue;
                }
                elements.add(isIdentifierStart(peek()) ? nested() : number());
            }
        }
        if (isIdentifierStart(peek()) && !startsWithBoolean()) return nested();
        if (startsWithBoolean()) {
            boolean b = text.startsWith("true", pos);
            pos += b ? 4 : 5;
            return new JuliaCall.Bool(b, column);
        }
        return number();
    }

    /** A call as an argument: a name followed by '(' (as {@code Exp(1e-3, 0.9)}), not by '='. */
    private JuliaCall.Value nested() throws SpecSyntaxException {
        int column = pos + 1;
        JuliaCall inner = call();
        if (!inner.hasArguments()) throw new SpecSyntaxException("expected '(' after " + inner.name(), pos + 1);
        return new JuliaCall.Nested(inner, column);
    }

    /** Whether the text at the cursor is a name followed by '(' or '{' (a call, not a keyword). */
    private boolean isNestedCall() {
        int p = pos;
        while (p < text.length() && isIdentifierPart(text.charAt(p))) p++;
        while (p < text.length() && Character.isWhitespace(text.charAt(p))) p++;
        return p < text.length() && (text.charAt(p) == '(' || text.charAt(p) == '{');
    }

    private JuliaCall.Num number() throws SpecSyntaxException {
        skipSpace();
        int start = pos;
        if (peek() == '+' || peek() == '-') pos++;
        int mantissaStart = pos;
        int digits = digits();
        boolean integer = true;
        if (peek() == '.') {
            pos++;
            integer = false;
            digits += digits();
        }
        if (digits == 0) {
            pos = mantissaStart;
            throw error("expected a number" + where());
        }
        String mantissa = text.substring(start, pos);
        String exponent = "";
        char e = peek();
        if (e == 'e' || e == 'E' || e == 'f') {
            pos++;
            int expStart = pos;
            if (peek() == '+' || peek() == '-') pos++;
            if (digits() == 0) {
                throw error("malformed exponent in number '" + text.substring(start, pos) + "'" + where());
            }
            exponent = "e" + text.substring(expStart, pos);
            integer = false;
        }
        if (pos < text.length() && (isIdentifierPart(text.charAt(pos)) || text.charAt(pos) == '.')) {
            throw error("unexpected '" + text.charAt(pos) + "' in number");
        }
        double v = Double.parseDouble(mantissa + exponent);
        if (Double.isInfinite(v)) throw new SpecSyntaxException("number '" + text.substring(start, pos) + "' overflows", start + 1);
        return new JuliaCall.Num(v, integer, text.substring(start, pos), start + 1);
    }

    private int digits() {
        int n = 0;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') { pos++; n++; }
        return n;
    }

    private String identifier(String what) throws SpecSyntaxException {
        if (pos >= text.length() || !isIdentifierStart(text.charAt(pos))) throw error("expected " + what + where());
        int start = pos;
        while (pos < text.length() && isIdentifierPart(text.charAt(pos))) pos++;
        return text.substring(start, pos);
    }

    private boolean startsWithBoolean() {
        for (String b : new String[] {"true", "false"}) {
            int end = pos + b.length();
            if (text.startsWith(b, pos) && (end >= text.length() || !isIdentifierPart(text.charAt(end)))) {
                int after = end;
                while (after < text.length() && Character.isWhitespace(text.charAt(after))) after++;
                return after >= text.length() || text.charAt(after) != '=';
            }
        }
        return false;
    }

    private void expect(char c) throws SpecSyntaxException {
        skipSpace();
        if (peek() != c) throw error("expected '" + c + "'" + where());
        pos++;
    }

    private String where() {
        return pos >= text.length() ? " but the text ends" : ", found '" + text.charAt(pos) + "'";
    }

    private SpecSyntaxException error(String message) { return new SpecSyntaxException(message, pos + 1); }

    private char peek() { return pos < text.length() ? text.charAt(pos) : '\0'; }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
    }

    private static boolean isIdentifierStart(char c) { return Character.isLetter(c) || c == '_'; }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '!' || c == '²' || c == '³';
    }
}
