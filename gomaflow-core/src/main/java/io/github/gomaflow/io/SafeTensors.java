package io.github.gomaflow.io;

import io.github.gomaflow.BadInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The <a href="https://github.com/huggingface/safetensors">safetensors</a> file layout, for float32
 * tensors:
 * <pre>
 * [8 bytes]  N, unsigned 64-bit little-endian
 * [N bytes]  UTF-8 JSON: {"__metadata__": {string: string}, NAME: {"dtype": "F32", "shape": [..],
 *            "data_offsets": [begin, end]}, …}, padded with spaces so that 8 + N is a multiple of 8
 * [rest]     the tensors' bytes, little-endian, row-major, contiguous and in offset order
 * </pre>
 * Files written here load with Python's {@code safetensors.numpy.load_file}. Reading validates the
 * whole layout (sizes, offsets, dtype) and reports any problem as one line naming the file.
 */
public final class SafeTensors {
    /** Largest header accepted when reading (the reference implementation's limit). */
    static final long MAX_HEADER = 100L << 20;

    private SafeTensors() {}

    /**
     * A float32 tensor.
     *
     * @param shape extents, row-major (not copied; do not modify)
     * @param data  the elements, length = product of {@code shape} (not copied)
     */
    public record FloatTensor(long[] shape, float[] data) {
        public FloatTensor {
            long n = 1;
            for (long e : shape) {
                if (e < 0) throw new IllegalArgumentException("negative extent in shape " + Arrays.toString(shape));
                n = Math.multiplyExact(n, e);
            }
            if (n != data.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n
                        + " elements, got " + data.length);
            }
        }

        /** A rank-1 tensor over the whole array. */
        public static FloatTensor vector(float[] data) { return new FloatTensor(new long[] {data.length}, data); }
    }

    /** What a file holds: tensors in file (offset) order, and the {@code __metadata__} strings. */
    public record Contents(Map<String, FloatTensor> tensors, Map<String, String> metadata) {}

    /**
     * Encodes tensors (in map iteration order) and metadata as safetensors bytes.
     *
     * @throws IllegalArgumentException for an empty or reserved tensor name
     */
    public static byte[] encode(Map<String, FloatTensor> tensors, Map<String, String> metadata) {
        StringBuilder h = new StringBuilder("{");
        h.append(MiniJson.quote("__metadata__")).append(":{");
        boolean first = true;
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (!first) h.append(',');
            first = false;
            h.append(MiniJson.quote(e.getKey())).append(':').append(MiniJson.quote(e.getValue()));
        }
        h.append('}');
        long offset = 0;
        for (Map.Entry<String, FloatTensor> e : tensors.entrySet()) {
            String name = e.getKey();
            if (name.isEmpty() || name.equals("__metadata__")) throw new IllegalArgumentException("bad tensor name '" + name + "'");
            FloatTensor t = e.getValue();
            long end = offset + 4L * t.data().length;
            h.append(',').append(MiniJson.quote(name)).append(":{\"dtype\":\"F32\",\"shape\":[");
            for (int i = 0; i < t.shape().length; i++) h.append(i == 0 ? "" : ",").append(t.shape()[i]);
            h.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        h.append('}');
        byte[] header = h.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (header.length + 7) / 8 * 8;
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(8 + padded + offset)).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(padded).put(header);
        for (int i = header.length; i < padded; i++) buf.put((byte) ' ');
        for (FloatTensor t : tensors.values()) {
            for (float v : t.data()) buf.putFloat(v);
        }
        return buf.array();
    }

    /** Writes {@link #encode} atomically (see {@link AtomicFiles#write}). */
    public static void write(Path file, Map<String, FloatTensor> tensors, Map<String, String> metadata) throws IOException {
        AtomicFiles.write(file, encode(tensors, metadata));
    }

    /**
     * Reads a safetensors file of float32 tensors.
     *
     * @throws BadInputException naming the file if it is missing, unreadable, truncated, not
     *                           safetensors, or holds a dtype other than F32
     */
    public static Contents read(Path file) {
        byte[] bytes;
        try {
            RegularFiles.require(file, "a safetensors checkpoint (.ckpt)", RegularFiles.wholeFileLimit());
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file");
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        try {
            return decode(bytes);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file + ": not a valid safetensors file (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Decodes safetensors bytes.
     *
     * @throws IllegalArgumentException describing the first problem found
     */
    public static Contents decode(byte[] bytes) {
        if (bytes.length < 8) throw new IllegalArgumentException("only " + bytes.length + " bytes");
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong(0);
        if (n < 2 || n > MAX_HEADER || n > bytes.length - 8L) {
            throw new IllegalArgumentException("header length " + Long.toUnsignedString(n) + " does not fit a file of "
                    + bytes.length + " bytes");
        }
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 8, (int) n)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("header is not UTF-8");
        }
        if (!json.startsWith("{")) throw new IllegalArgumentException("header does not start with '{'");
        if (!(MiniJson.parse(json) instanceof Map<?, ?> header)) throw new IllegalArgumentException("header is not an object");
        int dataStart = 8 + (int) n;
        long dataLength = bytes.length - (long) dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<?, ?> e : header.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals("__metadata__")) {
                metadata = metadata(e.getValue());
            } else {
                entries.add(entry(name, e.getValue()));
            }
        }
        entries.sort(Comparator.comparingLong(Entry::begin));
        long expected = 0;
        for (Entry en : entries) {
            if (en.begin() != expected) throw new IllegalArgumentException("tensor '" + en.name() + "' data is not contiguous");
            expected = en.end();
        }
        if (expected != dataLength) {
            throw new IllegalArgumentException("tensor data covers " + expected + " bytes but the file holds " + dataLength
                    + " (truncated or padded)");
        }
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        for (Entry en : entries) {
            float[] data = new float[(int) ((en.end() - en.begin()) / 4)];
            ByteBuffer view = ByteBuffer.wrap(bytes, dataStart + (int) en.begin(), data.length * 4).slice()
                    .order(ByteOrder.LITTLE_ENDIAN);
            view.asFloatBuffer().get(data);
            tensors.put(en.name(), new FloatTensor(en.shape(), data));
        }
        return new Contents(tensors, metadata);
    }

    private record Entry(String name, long[] shape, long begin, long end) {}

    private static Map<String, String> metadata(Object v) {
        if (!(v instanceof Map<?, ?> m)) throw new IllegalArgumentException("__metadata__ is not an object");
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new IllegalArgumentException("__metadata__ value of '" + e.getKey() + "' is not a string");
            }
            out.put((String) e.getKey(), s);
        }
        return out;
    }

    private static Entry entry(String name, Object v) {
        if (!(v instanceof Map<?, ?> m)) throw new IllegalArgumentException("tensor '" + name + "' is not an object");
        Object dtype = m.get("dtype");
        if (!"F32".equals(dtype)) {
            throw new IllegalArgumentException("tensor '" + name + "' has dtype " + dtype + ", only F32 is supported");
        }
        if (!(m.get("shape") instanceof List<?> shapeList)) throw new IllegalArgumentException("tensor '" + name + "' has no shape");
        long[] shape = new long[shapeList.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = nonNegative(shapeList.get(i), name);
            count = Math.multiplyExact(count, shape[i]);
        }
        if (!(m.get("data_offsets") instanceof List<?> off) || off.size() != 2) {
            throw new IllegalArgumentException("tensor '" + name + "' has no data_offsets [begin, end]");
        }
        long begin = nonNegative(off.get(0), name);
        long end = nonNegative(off.get(1), name);
        if (end < begin || end - begin != 4 * count || count > Integer.MAX_VALUE / 4) {
            throw new IllegalArgumentException("tensor '" + name + "' offsets [" + begin + ", " + end
                    + "] do not match its shape " + Arrays.toString(shape));
        }
        return new Entry(name, shape, begin, end);
    }

    private static long nonNegative(Object o, String name) {
        if (!(o instanceof Long l) || l < 0) throw new IllegalArgumentException("tensor '" + name + "' has a bad number " + o);
        return l;
    }
}
