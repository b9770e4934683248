package io.github.gomaflow.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Streams one NumPy {@code .npy} array to a file, record by record along the leading axis, in
 * constant memory. Format: NumPy format 1.0 (2.0 when the header exceeds 65 535 bytes), see
 * numpy.lib.format: the magic {@code \x93NUMPY}, the version, the header length (little-endian),
 * then an ASCII Python dict {@code {'descr': …, 'fortran_order': False, 'shape': (…), }} padded with
 * spaces and a newline to a multiple of 64 bytes, then the data in C order, little-endian.
 *
 * <p>The header is written first with the expected record count and rewritten by {@link #close()}
 * with the actual count; it reserves room for a 19-digit count, so its length never changes.
 * Not thread-safe.
 */
public final class NpyWriter implements AutoCloseable {
    /** The element types used by gomaflow, with their NumPy {@code descr} strings. */
    public enum DType {
        FLOAT32("<f4", 4), FLOAT64("<f8", 8), INT64("<i8", 8), INT8("|i1", 1), BOOL("|b1", 1);

        final String descr;
        final int size;

        DType(String descr, int size) { this.descr = descr; this.size = size; }

        /** NumPy's {@code descr} string, e.g. {@code "<f4"}. */
        public String descr() { return descr; }

        /** Bytes per element. */
        public int size() { return size; }
    }

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Room kept in the header for the count's digits to grow (Long.MAX_VALUE has 19). */
    private static final int COUNT_RESERVE = 20;
    private static final int ALIGN = 64;

    private final Path file;
    private final FileChannel channel;
    private final DType dtype;
    private final long[] recordShape;
    private final long recordElements;
    private final int headerLength;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private long elements;
    private boolean closed;

    /**
     * Creates (or truncates) {@code file} and writes a provisional header.
     *
     * @param recordShape     shape of one record (the trailing axes; empty for a 1-d array) (copied)
     * @param expectedRecords the anticipated length of the leading axis (≥ 0; only sizes the header)
     */
    public NpyWriter(Path file, DType dtype, int[] recordShape, long expectedRecords) throws IOException {
        this.file = file;
        this.dtype = dtype;
        this.recordShape = new long[recordShape.length];
        long e = 1;
        for (int i = 0; i < recordShape.length; i++) {
            if (recordShape[i] < 0) throw new IllegalArgumentException("negative extent in record shape: " + recordShape[i]);
            this.recordShape[i] = recordShape[i];
            e *= recordShape[i];
        }
        this.recordElements = e;
        byte[] header = header(dtype, shape(Math.max(0, expectedRecords)), COUNT_RESERVE, 0);
        this.headerLength = header.length;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        writeFully(channel, ByteBuffer.wrap(header), 0);
        channel.position(headerLength);
    }

    private long[] shape(long records) {
        long[] s = new long[recordShape.length + 1];
        s[0] = records;
        System.arraycopy(recordShape, 0, s, 1, recordShape.length);
        return s;
    }

    /** Appends {@code src[off .. off+len)} (read). The dtype must be FLOAT32. */
    public void writeFloats(float[] src, int off, int len) throws IOException {
        requireType(DType.FLOAT32);
        for (int i = 0; i < len; i++) {
            if (buffer.remaining() < 4) drain();
            buffer.putFloat(src[off + i]);
        }
        elements += len;
    }

    /** Appends one element. The dtype must be FLOAT64. */
    public void writeDouble(double v) throws IOException {
        requireType(DType.FLOAT64);
        if (buffer.remaining() < 8) drain();
        buffer.putDouble(v);
        elements++;
    }

    /** Appends one element. The dtype must be INT64. */
    public void writeLong(long v) throws IOException {
        requireType(DType.INT64);
        if (buffer.remaining() < 8) drain();
        buffer.putLong(v);
        elements++;
    }

    /** Appends one element (stored as one byte, 0 or 1). The dtype must be BOOL. */
    public void writeBoolean(boolean v) throws IOException {
        requireType(DType.BOOL);
        if (!buffer.hasRemaining()) drain();
        buffer.put((byte) (v ? 1 : 0));
        elements++;
    }

    private void requireType(DType t) {
        if (closed) throw new IllegalStateException("NpyWriter for " + file + " is closed");
        if (dtype != t) throw new IllegalStateException("array " + file + " has dtype " + dtype + ", not " + t);
    }

    private void drain() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) channel.write(buffer);
        buffer.clear();
    }

    /** Number of complete records written so far. */
    public long records() { return recordElements == 0 ? 0 : elements / recordElements; }

    /** Total file size once closed (header + data). */
    public long byteSize() { return headerLength + elements * dtype.size; }

    public Path file() { return file; }

    /**
     * Flushes the data, rewrites the header with the number of records written, and closes the file.
     *
     * @throws IllegalStateException if the last record is incomplete
     */
    @Override public void close() throws IOException {
        if (closed) return;
        closed = true;
        try (channel) {
            drain();
            if (recordElements != 0 && elements % recordElements != 0) {
                throw new IllegalStateException(file + ": " + elements + " elements is not a whole number of records of "
                        + recordElements);
            }
            byte[] header = header(dtype, shape(records()), 0, headerLength);
            if (header.length != headerLength) throw new IllegalStateException("npy header grew: " + file);
            writeFully(channel, ByteBuffer.wrap(header), 0);
            channel.force(false);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        long p = position;
        while (b.hasRemaining()) p += ch.write(b, p);
    }

    /**
     * A complete in-memory {@code .npy} file (for small arrays and 0-d scalars).
     *
     * @param shape the array shape; empty for a 0-d array
     * @param data  little-endian element bytes in C order (read), {@code Π shape · size} of them
     */
    public static byte[] toBytes(DType dtype, long[] shape, byte[] data) {
        long n = 1;
        for (long s : shape) n *= s;
        if (n * dtype.size != data.length) {
            throw new IllegalArgumentException("shape needs " + n * dtype.size + " bytes, got " + data.length);
        }
        byte[] h = header(dtype, shape, 0, 0);
        byte[] all = new byte[h.length + data.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(data, 0, all, h.length, data.length);
        return all;
    }

    /** {@link #toBytes} for a 0-d float64 array. */
    public static byte[] scalar(double v) {
        return toBytes(DType.FLOAT64, new long[0],
                ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(v).array());
    }

    /** {@link #toBytes} for a 0-d int8 array. */
    public static byte[] scalar(byte v) { return toBytes(DType.INT8, new long[0], new byte[] {v}); }

    /** {@link #toBytes} for a 1-d int64 array. */
    public static byte[] int64Vector(int[] values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) b.putLong(v);
        return toBytes(DType.INT64, new long[] {values.length}, b.array());
    }

    /**
     * The header bytes (magic, version, length, dict) for an array.
     *
     * @param reserve   spare spaces kept in the dict padding (room for a longer shape later)
     * @param minLength the header is padded to at least this total length (0: just aligned)
     */
    static byte[] header(DType dtype, long[] shape, int reserve, int minLength) {
        StringBuilder dict = new StringBuilder("{'descr': '").append(dtype.descr)
                .append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) dict.append(", ");
            dict.append(shape[i]);
        }
        if (shape.length == 1) dict.append(',');
        dict.append("), }");
        int needed = dict.length() + 1 + reserve; // + '\n'
        int major = 1;
        int prefix = 10;
        int total = align(Math.max(prefix + needed, minLength));
        if (total - prefix > 65535) { // format 2.0 has a 4-byte header length
            major = 2;
            prefix = 12;
            total = align(Math.max(prefix + needed, minLength));
        }
        int headerLen = total - prefix;
        while (dict.length() < headerLen - 1) dict.append(' ');
        dict.append('\n');
        byte[] text = dict.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) b.putShort((short) headerLen); else b.putInt(headerLen);
        b.put(text);
        return b.array();
    }

    private static int align(int n) { return (n + ALIGN - 1) / ALIGN * ALIGN; }
}
