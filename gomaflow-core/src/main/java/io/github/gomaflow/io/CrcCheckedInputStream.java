package io.github.gomaflow.io;

import io.github.gomaflow.BadInputException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;

/**
 * The bytes of one zip entry with their CRC-32 checked against the entry's when the end is reached
 * (java.util.zip.ZipFile checks CRCs of deflated entries only; ours are STORED). Flipped bits in an
 * ensemble are then an error naming the member, as numpy reports them, not data analysed as good.
 */
final class CrcCheckedInputStream extends FilterInputStream {
    private final CRC32 crc = new CRC32();
    private final long expected;
    private final String source;
    private boolean checked;

    /**
     * @param expected the entry's CRC-32 (−1: unknown, nothing is checked)
     * @param source   names the member in messages
     */
    CrcCheckedInputStream(InputStream in, long expected, String source) {
        super(in);
        this.expected = expected;
        this.source = source;
    }

    @Override public int read() throws IOException {
        int b = in.read();
        if (b < 0) verify(); else crc.update(b);
        return b;
    }

    @Override public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0) verify(); else crc.update(b, off, n);
        return n;
    }

    @Override public long skip(long n) throws IOException {
        byte[] scratch = new byte[8192];
        long done = 0;
        while (done < n) {
            int got = read(scratch, 0, (int) Math.min(scratch.length, n - done));
            if (got < 0) break;
            done += got;
        }
        return done;
    }

    /** Reads to the end of the entry and checks the CRC (also when the caller read exactly the data). */
    void readToEndAndVerify() throws IOException {
        byte[] scratch = new byte[8192];
        while (read(scratch, 0, scratch.length) >= 0) {
            // drain
        }
    }

    private void verify() {
        if (checked || expected < 0) return;
        checked = true;
        if (crc.getValue() != expected) {
            throw new BadInputException(source + ": CRC-32 mismatch (stored " + Long.toHexString(expected) + ", data "
                    + Long.toHexString(crc.getValue()) + "): the file is corrupt");
        }
    }
}
