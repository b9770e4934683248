package io.github.gomaflow.io.bson;

import io.github.gomaflow.BadInputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * BSON.jl's encoding of Julia values on top of {@link Bson}: documents tagged {@code struct},
 * {@code datatype}, {@code array}, {@code tuple}, {@code symbol} and {@code backref} (an index, from 1,
 * into the file's top-level {@code _backrefs}). Arrays of bits types carry their {@code size} and raw
 * little-endian {@code data} in column-major (Julia) order. Read only; no Julia code is ever run.
 */
public final class JuliaValues {
    private final List<Object> backrefs;
    private final String source;

    /**
     * @param file   the top-level document (its {@code _backrefs}, if any, resolve back-references)
     * @param source names the file in messages
     */
    public JuliaValues(Map<String, Object> file, String source) {
        Object refs = file.get("_backrefs");
        this.backrefs = refs instanceof List<?> ? Bson.list(refs, "_backrefs", source) : List.of();
        this.source = source;
    }

    /** A Julia array: element type name (e.g. Core.Float32), its size (Julia order) and its values. */
    public record JuliaArray(String elementType, int[] size, float[] floats, boolean[] bools) {
        public int length() { return floats != null ? floats.length : bools.length; }
    }

    /** {@code v} with a back-reference replaced by what it refers to (one level at a time, cycles refused). */
    public Object resolve(Object v) {
        IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
        while (v instanceof Map<?, ?> m && "backref".equals(m.get("tag"))) {
            if (seen.put(v, Boolean.TRUE) != null) throw bad("a cycle of back-references");
            Object ref = m.get("ref");
            long i = ref instanceof Number n ? n.longValue() : -1;
            if (i < 1 || i > backrefs.size()) throw bad("back-reference " + ref + " outside 1.." + backrefs.size());
            v = backrefs.get((int) i - 1);
        }
        return v;
    }

    /** The document of a value, resolved, with the given tag. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> tagged(Object v, String tag, String what) {
        Object r = resolve(v);
        if (r instanceof Map<?, ?> m && tag.equals(m.get("tag"))) return (Map<String, Object>) m;
        throw bad(what + " is not a Julia " + tag + (r instanceof Map<?, ?> m ? " (it is a " + m.get("tag") + ")" : ""));
    }

    /** "Flux.Conv" for a struct or datatype document. */
    public String typeName(Object v) {
        Object r = resolve(v);
        if (!(r instanceof Map<?, ?> m)) return "?";
        Object t = "datatype".equals(m.get("tag")) ? m : resolve(m.get("type"));
        if (!(t instanceof Map<?, ?> tm) || !(tm.get("name") instanceof List<?> name)) return "?";
        StringBuilder sb = new StringBuilder();
        for (Object part : name) sb.append(sb.isEmpty() ? "" : ".").append(part);
        return sb.toString();
    }

    /** The fields of a struct of the given type name (suffix match, e.g. "Conv"). */
    public List<Object> structFields(Object v, String typeSuffix, String what) {
        Map<String, Object> s = tagged(v, "struct", what);
        String name = typeName(s);
        if (!name.endsWith(typeSuffix)) throw bad(what + " is a " + name + ", expected " + typeSuffix);
        return Bson.list(s.get("data"), what + " fields", source);
    }

    /** The elements of a tuple. */
    public List<Object> tuple(Object v, String what) {
        return Bson.list(tagged(v, "tuple", what).get("data"), what, source);
    }

    /** A Julia array of Float32, Float64 (as float) or Bool. */
    public JuliaArray array(Object v, String what) {
        Map<String, Object> a = tagged(v, "array", what);
        String type = typeName(resolve(a.get("type")));
        List<Object> sizeList = Bson.list(a.get("size"), what + " size", source);
        int[] size = new int[sizeList.size()];
        long count = 1;
        for (int i = 0; i < size.length; i++) {
            Object s = sizeList.get(i);
            long n = s instanceof Number num ? num.longValue() : -1;
            if (n < 0 || n > Integer.MAX_VALUE) throw bad(what + " has size " + sizeList);
            size[i] = (int) n;
            count = Math.multiplyExact(count, n);
        }
        if (!(a.get("data") instanceof Bson.Binary bin)) throw bad(what + " is an array of " + type + " without raw data");
        int width = switch (type) {
            case "Core.Float32" -> 4;
            case "Core.Float64" -> 8;
            case "Core.Bool" -> 1;
            default -> throw bad(what + " is an array of " + type + "; expected Float32, Float64 or Bool");
        };
        if (bin.data().length != count * width) {
            throw bad(what + ": " + bin.data().length + " bytes of data for size " + sizeList + " of " + type);
        }
        ByteBuffer b = ByteBuffer.wrap(bin.data()).order(ByteOrder.LITTLE_ENDIAN);
        if (width == 1) {
            boolean[] out = new boolean[(int) count];
            for (int i = 0; i < out.length; i++) out[i] = b.get() != 0;
            return new JuliaArray(type, size, null, out);
        }
        float[] out = new float[(int) count];
        for (int i = 0; i < out.length; i++) out[i] = width == 4 ? b.getFloat() : (float) b.getDouble();
        return new JuliaArray(type, size, out, null);
    }

    BadInputException bad(String what) {
        return new BadInputException(source + ": " + what);
    }
}
