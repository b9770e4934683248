package io.github.gomaflow.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * An independent reader for tests: parses .npz archives with java.util.zip and .npy headers by
 * hand, and runs python3+numpy when it is installed.
 */
public final class NpzTestSupport {
    private NpzTestSupport() {}

    /** One parsed .npy: header dict text (trimmed) and little-endian data. */
    public record Npy(int major, String dict, ByteBuffer data) {}

    /** Reads every entry of an .npz, checking STORED, CRC-32 and the .npy magic and alignment. */
    public static Map<String, Npy> readNpz(Path file) throws IOException {
        Map<String, Npy> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                assertEquals(ZipEntry.STORED, e.getMethod(), e.getName() + " must be STORED");
                byte[] bytes;
                try (InputStream in = zip.getInputStream(e)) {
                    bytes = in.readAllBytes();
                }
                assertEquals(e.getSize(), bytes.length, e.getName());
                CRC32 crc = new CRC32();
                crc.update(bytes);
                assertEquals(e.getCrc(), crc.getValue(), "CRC of " + e.getName());
                out.put(e.getName(), parseNpy(bytes));
            }
        }
        return out;
    }

    /** Parses one .npy file image. */
    public static Npy parseNpy(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[6];
        b.get(magic);
        assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'}, magic);
        int major = b.get();
        assertEquals(0, b.get(), "minor version");
        int headerLen = major == 1 ? Short.toUnsignedInt(b.getShort()) : b.getInt();
        int start = b.position();
        assertEquals(0, (start + headerLen) % 64, "data must start 64-byte aligned");
        String dict = new String(bytes, start, headerLen, StandardCharsets.US_ASCII);
        assertEquals('\n', dict.charAt(dict.length() - 1));
        ByteBuffer data = ByteBuffer.wrap(bytes, start + headerLen, bytes.length - start - headerLen).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
        return new Npy(major, dict.trim(), data);
    }

    private static Boolean numpyPresent;

    /** True if {@code python3 -c "import numpy"} works here (probed once per JVM). */
    public static synchronized boolean pythonWithNumpy() {
        if (numpyPresent == null) {
            try {
                numpyPresent = python("import numpy") == 0;
            } catch (IOException e) {
                numpyPresent = false;
            }
        }
        return numpyPresent;
    }

    /** Runs {@code python3 -c script args…}; returns the exit code, stdout+stderr appended to {@code output}. */
    public static int python(String script, String... args) throws IOException {
        return python(new StringBuilder(), script, args);
    }

    public static int python(StringBuilder output, String script, String... args) throws IOException {
        String[] cmd = new String[3 + args.length];
        cmd[0] = "python3";
        cmd[1] = "-c";
        cmd[2] = script;
        System.arraycopy(args, 0, cmd, 3, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            output.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
