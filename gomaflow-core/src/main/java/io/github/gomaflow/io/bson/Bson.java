package io.github.gomaflow.io.bson;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.io.RegularFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reader of BSON (bsonspec.org, version 1.1) documents, as BSON.jl writes them. Values become
 * {@code Map<String, Object>} (documents, in file order), {@code List<Object>} (arrays), {@link Binary},
 * {@code String}, {@code Double}, {@code Integer}, {@code Long}, {@code Boolean} and {@code null}.
 * Every length is checked against the bytes that remain, nesting is limited, and nothing is evaluated.
 */
public final class Bson {
    /** Deepest nesting of documents and arrays accepted (BSON.jl's model files need about 20). */
    static final int MAX_DEPTH = 200;
    /** Largest file read (the history of a long chain is tens of MB). */
    static final long MAX_BYTES = 1L << 30;

    /** A BSON binary value. */
    public record Binary(int subtype, byte[] data) {}

    private final ByteBuffer in;
    private final String source;

    private Bson(ByteBuffer in, String source) {
        this.in = in.order(ByteOrder.LITTLE_ENDIAN);
        this.source = source;
    }

    /**
     * Reads a whole file as one BSON document.
     *
     * @throws BadInputException naming the file if it is not a regular file, too large, or not valid BSON
     */
    public static Map<String, Object> read(Path file) {
        RegularFiles.require(file, "a BSON file written by BSON.jl (.bson)", Math.min(MAX_BYTES, RegularFiles.wholeFileLimit()));
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read the file (" + e.getMessage() + ")", e);
        }
        return parse(bytes, file.toString());
    }

    /** Parses one BSON document that fills {@code bytes}. */
    public static Map<String, Object> parse(byte[] bytes, String source) {
        Bson b = new Bson(ByteBuffer.wrap(bytes), source);
        Map<String, Object> doc = b.document(0);
        if (b.in.hasRemaining()) throw b.bad("has " + b.in.remaining() + " bytes after the document");
        return doc;
    }

    private BadInputException bad(String what) {
        return new BadInputException(source + ": not a valid BSON file: " + what + " (at byte " + in.position() + ")");
    }

    private void need(long n) {
        if (n < 0 || n > in.remaining()) throw bad("truncated: needs " + n + " more bytes, " + in.remaining() + " left");
    }

    private Map<String, Object> document(int depth) {
        if (depth > MAX_DEPTH) throw bad("nested more than " + MAX_DEPTH + " deep");
        need(5);
        int start = in.position();
        int size = in.getInt();
        if (size < 5) throw bad("document size " + size);
        need(size - 4L);
        int end = start + size;
        Map<String, Object> doc = new LinkedHashMap<>();
        while (true) {
            if (in.position() >= end) throw bad("document without its terminating zero");
            int type = in.get() & 0xFF;
            if (type == 0) break;
            String key = cstring();
            doc.put(key, value(type, depth));
        }
        if (in.position() != end) throw bad("document size " + size + " does not match its contents");
        return doc;
    }

    private Object value(int type, int depth) {
        switch (type) {
            case 0x01: need(8); return in.getDouble();
            case 0x02: {
                need(4);
                int n = in.getInt();
                if (n < 1) throw bad("string length " + n);
                need(n);
                byte[] s = new byte[n - 1];
                in.get(s);
                if (in.get() != 0) throw bad("string without its terminating zero");
                return new String(s, StandardCharsets.UTF_8);
            }
            case 0x03: return document(depth + 1);
            case 0x04: return new ArrayList<>(document(depth + 1).values());
            case 0x05: {
                need(5);
                int n = in.getInt();
                int subtype = in.get() & 0xFF;
                need(n);
                byte[] data = new byte[n];
                in.get(data);
                return new Binary(subtype, data);
            }
            case 0x08: need(1); return in.get() != 0;
            case 0x09: need(8); return in.getLong();
            case 0x0A: return null;
            case 0x10: need(4); return in.getInt();
            case 0x11: case 0x12: need(8); return in.getLong();
            default: throw bad("unsupported element type 0x" + Integer.toHexString(type));
        }
    }

    private String cstring() {
        int start = in.position();
        while (true) {
            need(1);
            if (in.get() == 0) break;
        }
        byte[] s = new byte[in.position() - start - 1];
        in.get(start, s);
        return new String(s, StandardCharsets.UTF_8);
    }

    /** The elements of a list value, or a clear error naming what was expected. */
    @SuppressWarnings("unchecked")
    static List<Object> list(Object v, String what, String source) {
        if (v instanceof List<?> l) return (List<Object>) l;
        throw new BadInputException(source + ": " + what + " is not a list in this BSON file");
    }
}
