package io.github.gomaflow.io;

import io.github.gomaflow.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sequential reader of one NumPy {@code .npy} array (format versions 1.0, 2.0 and 3.0) from a
 * stream: a plain file or one entry of an {@code .npz} zip archive.
 *
 * <p>Supported dtypes: {@code <f4 <f8 |b1 <i8 <i4 |i1 |u1}, little-endian, C order only. The data
 * are read strictly in order, so arrays larger than memory can be streamed with
 * {@link #readFloats(float[], int, int)}. Not thread-safe.
 *
 * <p>Every problem (not an npy file, unsupported version or dtype, Fortran order, truncated data)
 * is a {@link BadInputException} whose message names {@code source}.
 */
public final class NpyReader {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private final InputStream in;
    private final String source;
    private final NpyHeader header;
    private final byte[] buffer = new byte[1 << 16];
    private long remainingBytes;

    private NpyReader(InputStream in, String source, NpyHeader header) {
        this.in = in;
        this.source = source;
        this.header = header;
        this.remainingBytes = header.dataBytes();
    }

    /**
     * Reads the header from {@code in} (positioned at the magic string) and returns a reader
     * positioned at the first data element.
     *
     * @param source name used in error messages, e.g. {@code "run.npz:cfgs.npy"}
     * @throws BadInputException if the header is invalid, the dtype unsupported or the order Fortran
     */
    public static NpyReader open(InputStream in, String source) throws IOException {
        return new NpyReader(in, source, readHeader(in, source));
    }

    /**
     * As {@link #open(InputStream, String)}, and refuses a header that declares more data than the
     * {@code availableBytes} the file or entry holds (before anything is allocated for it).
     */
    public static NpyReader open(InputStream in, String source, long availableBytes) throws IOException {
        NpyHeader h = readHeader(in, source);
        if (availableBytes >= 0 && h.dataOffset() + h.dataBytes() > availableBytes) {
            throw bad(source, "is truncated or its header is wrong: shape " + h.shapeString() + " needs "
                    + (h.dataOffset() + h.dataBytes()) + " bytes, the " + (source.contains(".npz:") ? "archive member" : "file")
                    + " has " + availableBytes);
        }
        return new NpyReader(in, source, h);
    }

    /**
     * After the last element was read: reads to the end of the stream, which checks an archive member's
     * CRC-32 ({@link CrcCheckedInputStream}).
     */
    public void verifyEnd() throws IOException {
        if (crc != null) {
            // the buffered stream may hold the member's last bytes: drain it, which drains the checked one
            byte[] scratch = new byte[8192];
            while (in.read(scratch) >= 0) {
                // to the end of the member
            }
            crc.readToEndAndVerify();
        }
    }

    private CrcCheckedInputStream crc;

    /** Reader over a zip member whose CRC-32 is checked at the end ({@link #verifyEnd}). */
    static NpyReader openZipEntry(java.util.zip.ZipFile zip, java.util.zip.ZipEntry e, String source) throws IOException {
        CrcCheckedInputStream checked = new CrcCheckedInputStream(zip.getInputStream(e), e.getCrc(), source);
        NpyReader r = open(new java.io.BufferedInputStream(checked, 1 << 16), source, e.getSize());
        r.crc = checked;
        return r;
    }

    /** Parses the magic string, version and header dictionary; consumes exactly the header bytes. */
    public static NpyHeader readHeader(InputStream in, String source) throws IOException {
        byte[] magic = new byte[8];
        if (in.readNBytes(magic, 0, 8) < 8) throw bad(source, "is empty or too short to be a .npy array");
        for (int i = 0; i < MAGIC.length; i++) {
            if (magic[i] != MAGIC[i]) throw bad(source, "is not a NumPy .npy array (bad magic string)");
        }
        int major = magic[6] & 0xFF;
        long headerLength;
        int prefix;
        if (major == 1) {
            byte[] b = in.readNBytes(2);
            if (b.length < 2) throw bad(source, "has a truncated .npy header");
            headerLength = (b[0] & 0xFF) | (b[1] & 0xFF) << 8;
            prefix = 10;
        } else if (major == 2 || major == 3) {
            byte[] b = in.readNBytes(4);
            if (b.length < 4) throw bad(source, "has a truncated .npy header");
            headerLength = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
            prefix = 12;
        } else {
            throw bad(source, "has .npy format version " + major + "." + (magic[7] & 0xFF) + "; supported: 1.0, 2.0, 3.0");
        }
        if (headerLength > (1 << 20)) throw bad(source, "has an implausible .npy header length " + headerLength);
        byte[] h = in.readNBytes((int) headerLength);
        if (h.length < headerLength) throw bad(source, "has a truncated .npy header");
        String text = new String(h, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        return parseDictionary(text, source, prefix + headerLength);
    }

    private static NpyHeader parseDictionary(String text, String source, long dataOffset) {
        Matcher d = DESCR.matcher(text);
        Matcher f = FORTRAN.matcher(text);
        Matcher s = SHAPE.matcher(text);
        if (!d.find() || !f.find() || !s.find()) {
            throw bad(source, "has an unreadable .npy header (need 'descr' as a simple dtype string, 'fortran_order', 'shape'): "
                    + text.strip());
        }
        String[] parts = s.group(1).split(",");
        int rank = 0;
        long[] shape = new long[parts.length];
        for (String p : parts) {
            String t = p.strip();
            if (t.isEmpty()) continue;
            try {
                shape[rank] = Long.parseLong(t.endsWith("L") ? t.substring(0, t.length() - 1) : t);
            } catch (NumberFormatException e) {
                throw bad(source, "has a bad shape in its .npy header: (" + s.group(1) + ")");
            }
            if (shape[rank] < 0) throw bad(source, "has a negative extent in its .npy shape (" + s.group(1) + ")");
            rank++;
        }
        NpyHeader header = new NpyHeader(d.group(1), f.group(1).equals("True"), java.util.Arrays.copyOf(shape, rank), dataOffset);
        try {
            header.dataBytes();
        } catch (ArithmeticException e) {
            throw bad(source, "has a shape (" + s.group(1) + ") whose size does not fit in 64 bits");
        }
        if (header.fortranOrder()) {
            throw bad(source, "is stored in Fortran order (fortran_order: True); only C-order arrays are supported"
                    + " (write it with numpy.ascontiguousarray)");
        }
        if (header.itemSize() < 0) {
            throw bad(source, "has dtype '" + header.descr() + "'; supported: <f4 <f8 |b1 <i8 <i4 |i1 |u1 (little-endian)");
        }
        return header;
    }

    public NpyHeader header() { return header; }

    /** Source name used in messages. */
    public String source() { return source; }

    /**
     * Throws unless the dtype is one of {@code allowed}.
     *
     * @param what a human name of the array, e.g. "cfgs"
     */
    public void requireDescr(String what, String... allowed) {
        for (String a : allowed) if (a.equals(header.descr())) return;
        throw bad(source, "has " + what + " of dtype '" + header.descr() + "'; expected " + String.join(" or ", allowed));
    }

    /**
     * Reads the next {@code len} float32 elements into {@code dst[off…off+len)} (written).
     *
     * @throws BadInputException if the data end early (truncated file)
     */
    public void readFloats(float[] dst, int off, int len) throws IOException {
        requireDescr("data", "<f4");
        int done = 0;
        while (done < len) {
            int chunk = Math.min(len - done, buffer.length / 4);
            fill(chunk * 4);
            ByteBuffer.wrap(buffer, 0, chunk * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(dst, off + done, chunk);
            done += chunk;
        }
    }

    /** Reads all elements as doubles (dtype {@code <f8} or {@code <f4}). */
    public double[] readAllDoubles() throws IOException {
        requireDescr("data", "<f8", "<f4");
        int n = checkedCount();
        double[] out = new double[n];
        int size = header.itemSize();
        readChunks(n, size, (bb, at, count) -> {
            for (int i = 0; i < count; i++) out[at + i] = size == 8 ? bb.getDouble() : bb.getFloat();
        });
        verifyEnd();
        return out;
    }

    /** Reads all elements as longs (integer dtypes {@code <i8 <i4 |i1 |u1}). */
    public long[] readAllLongs() throws IOException {
        requireDescr("data", "<i8", "<i4", "|i1", "|u1");
        int n = checkedCount();
        long[] out = new long[n];
        int size = header.itemSize();
        boolean unsigned = header.descr().endsWith("u1");
        readChunks(n, size, (bb, at, count) -> {
            for (int i = 0; i < count; i++) {
                out[at + i] = switch (size) {
                    case 8 -> bb.getLong();
                    case 4 -> bb.getInt();
                    default -> unsigned ? bb.get() & 0xFF : bb.get();
                };
            }
        });
        verifyEnd();
        return out;
    }

    /** Consumes {@code count} little-endian elements starting at element index {@code at}. */
    private interface ChunkConsumer {
        void accept(ByteBuffer bb, int at, int count);
    }

    /** Streams n elements of {@code size} bytes through the read buffer, one buffer-full at a time. */
    private void readChunks(int n, int size, ChunkConsumer consumer) throws IOException {
        int per = buffer.length / size;
        for (int done = 0; done < n; done += per) {
            int chunk = Math.min(per, n - done);
            fill(chunk * size);
            consumer.accept(ByteBuffer.wrap(buffer, 0, chunk * size).order(ByteOrder.LITTLE_ENDIAN), done, chunk);
        }
    }

    /** Reads all elements of a {@code |b1} array. */
    public boolean[] readAllBooleans() throws IOException {
        requireDescr("data", "|b1", "<b1");
        int n = checkedCount();
        boolean[] out = new boolean[n];
        for (int done = 0; done < n; done += buffer.length) {
            int chunk = Math.min(buffer.length, n - done);
            fill(chunk);
            for (int i = 0; i < chunk; i++) out[done + i] = buffer[i] != 0;
        }
        verifyEnd();
        return out;
    }

    private int checkedCount() {
        long n = header.count();
        if (n > Integer.MAX_VALUE - 16) throw bad(source, "is too large to load (" + n + " elements)");
        return (int) n;
    }

    private void fill(int bytes) throws IOException {
        if (bytes > remainingBytes) {
            throw bad(source, "reads past the end of the array its header declares " + header.shapeString());
        }
        int got = in.readNBytes(buffer, 0, bytes);
        if (got < bytes) {
            throw bad(source, "is truncated: the header declares shape " + header.shapeString() + " (" + header.dataBytes()
                    + " bytes of data) but the data end after " + (header.dataBytes() - remainingBytes + got) + " bytes");
        }
        remainingBytes -= bytes;
    }

    /** Closes the underlying stream. */
    public void close() throws IOException { in.close(); }

    static BadInputException bad(String source, String what) {
        return new BadInputException(source + ": " + what);
    }

    static BadInputException bad(String source, String what, Throwable cause) {
        return new BadInputException(source + ": " + what, cause);
    }
}
