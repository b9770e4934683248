package io.github.gomaflow.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Writes a ZIP archive of STORED (uncompressed) entries — the container of a NumPy {@code .npz} —
 * in constant memory (PKWARE APPNOTE 6.3.x §4.3). An entry copied from a file gets a local header
 * with a placeholder CRC-32 that is patched in place once the data has been streamed, so every
 * size and CRC is in the local header (no data descriptors), which every reader understands.
 * ZIP64 extra fields and end records are used only when a size or offset needs them (or when
 * forced, for tests). Entry times are fixed to 1980-01-01 so equal content gives equal bytes.
 */
final class StoredZipWriter implements Closeable {
    private static final long MAX32 = 0xFFFFFFFFL;
    private static final int DOS_DATE_1980_01_01 = (1 << 5) | 1;

    private record Entry(byte[] name, long crc, long size, long offset) {}

    private final FileChannel out;
    private final boolean forceZip64;
    private final List<Entry> entries = new ArrayList<>();
    private final ByteBuffer copy = ByteBuffer.allocateDirect(1 << 20);
    private final byte[] copyArray = new byte[1 << 20];

    StoredZipWriter(Path file, boolean forceZip64) throws IOException {
        this.out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        this.forceZip64 = forceZip64;
    }

    /** Adds {@code data} (read) as entry {@code name}. */
    void addBytes(String name, byte[] data) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(data);
        long offset = out.position();
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        write(localHeader(n, crc.getValue(), data.length));
        write(ByteBuffer.wrap(data));
        entries.add(new Entry(n, crc.getValue(), data.length, offset));
    }

    /** Streams the whole of {@code file} as entry {@code name}, computing its CRC-32 on the way. */
    void addFile(String name, Path file) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            long offset = out.position();
            byte[] n = name.getBytes(StandardCharsets.US_ASCII);
            write(localHeader(n, 0, size));
            CRC32 crc = new CRC32();
            long copied = 0;
            while (copied < size) {
                copy.clear();
                int r = in.read(copy);
                if (r < 0) throw new IOException(file + " shrank while being archived");
                copy.flip();
                copy.get(copyArray, 0, r);
                crc.update(copyArray, 0, r);
                write(ByteBuffer.wrap(copyArray, 0, r));
                copied += r;
            }
            ByteBuffer c = le(4).putInt((int) crc.getValue()).flip();
            long p = offset + 14;
            while (c.hasRemaining()) p += out.write(c, p);
            entries.add(new Entry(n, crc.getValue(), size, offset));
        }
    }

    private boolean zip64Sizes(long size) { return forceZip64 || size >= MAX32; }

    private ByteBuffer localHeader(byte[] name, long crc, long size) {
        boolean z = zip64Sizes(size);
        ByteBuffer b = le(30 + name.length + (z ? 20 : 0));
        b.putInt(0x04034b50).putShort((short) (z ? 45 : 20)).putShort((short) 0).putShort((short) 0)
                .putShort((short) 0).putShort((short) DOS_DATE_1980_01_01).putInt((int) crc)
                .putInt((int) (z ? MAX32 : size)).putInt((int) (z ? MAX32 : size))
                .putShort((short) name.length).putShort((short) (z ? 20 : 0)).put(name);
        if (z) b.putShort((short) 1).putShort((short) 16).putLong(size).putLong(size);
        return b.flip();
    }

    private ByteBuffer centralHeader(Entry e) {
        boolean zs = zip64Sizes(e.size);
        boolean zo = forceZip64 || e.offset >= MAX32;
        int extra = (zs ? 16 : 0) + (zo ? 8 : 0);
        int extraLen = extra == 0 ? 0 : 4 + extra;
        ByteBuffer b = le(46 + e.name.length + extraLen);
        short version = (short) (zs || zo ? 45 : 20);
        b.putInt(0x02014b50).putShort(version).putShort(version).putShort((short) 0).putShort((short) 0)
                .putShort((short) 0).putShort((short) DOS_DATE_1980_01_01).putInt((int) e.crc)
                .putInt((int) (zs ? MAX32 : e.size)).putInt((int) (zs ? MAX32 : e.size))
                .putShort((short) e.name.length).putShort((short) extraLen).putShort((short) 0)
                .putShort((short) 0).putShort((short) 0).putInt(0).putInt((int) (zo ? MAX32 : e.offset)).put(e.name);
        if (extra > 0) {
            b.putShort((short) 1).putShort((short) extra);
            if (zs) b.putLong(e.size).putLong(e.size);
            if (zo) b.putLong(e.offset);
        }
        return b.flip();
    }

    /** Writes the central directory and end records, and closes the file. */
    @Override public void close() throws IOException {
        try (out) {
            long cdOffset = out.position();
            for (Entry e : entries) write(centralHeader(e));
            long cdSize = out.position() - cdOffset;
            boolean z = forceZip64 || cdOffset >= MAX32 || entries.size() >= 0xFFFF;
            if (z) {
                long zipEnd = out.position();
                write(le(56).putInt(0x06064b50).putLong(44).putShort((short) 45).putShort((short) 45).putInt(0)
                        .putInt(0).putLong(entries.size()).putLong(entries.size()).putLong(cdSize).putLong(cdOffset)
                        .flip());
                write(le(20).putInt(0x07064b50).putInt(0).putLong(zipEnd).putInt(1).flip());
            }
            short count = (short) (z ? 0xFFFF : entries.size());
            write(le(22).putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort(count).putShort(count)
                    .putInt((int) (z ? MAX32 : cdSize)).putInt((int) (z ? MAX32 : cdOffset)).putShort((short) 0).flip());
            out.force(false);
        }
    }

    private void write(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) out.write(b);
    }

    private static ByteBuffer le(int n) { return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN); }
}
