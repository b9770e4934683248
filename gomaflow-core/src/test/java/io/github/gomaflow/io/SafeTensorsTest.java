package io.github.gomaflow.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.io.SafeTensors.FloatTensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
    @TempDir Path dir;

    private static Map<String, FloatTensor> sample() {
        Map<String, FloatTensor> t = new LinkedHashMap<>();
        t.put("parameters", FloatTensor.vector(new float[] {1.5f, -2.25f, Float.MIN_VALUE, -0.0f, 3e38f}));
        t.put("matrix", new FloatTensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}));
        return t;
    }

    @Test void roundTripKeepsBitsShapesAndMetadata() throws IOException {
        Path f = dir.resolve("a.safetensors");
        Map<String, String> meta = Map.of("config", "[model]\nname = \"x\\y\"\t\u00e9\u0001", "epoch", "7");
        SafeTensors.write(f, sample(), meta);
        SafeTensors.Contents c = SafeTensors.read(f);
        assertEquals(meta, c.metadata());
        assertEquals(List.of("parameters", "matrix"), List.copyOf(c.tensors().keySet()));
        float[] p = c.tensors().get("parameters").data();
        float[] expected = sample().get("parameters").data();
        for (int i = 0; i < p.length; i++) assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(p[i]));
        assertArrayEquals(new long[] {2, 3}, c.tensors().get("matrix").shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, c.tensors().get("matrix").data());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
        if (java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
            assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(f),
                    "atomic writes keep the permissions an ordinary file gets (umask), not 0600");
        }
    }

    /** Parses the layout by hand, as Python's safetensors does. */
    @Test void byteLayoutIsSafetensors() throws IOException {
        Path f = dir.resolve("b.safetensors");
        SafeTensors.write(f, sample(), Map.of("format", "test"));
        byte[] b = Files.readAllBytes(f);
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong();
        assertEquals(0, (8 + n) % 8, "data starts 8-byte aligned");
        String header = new String(b, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\""), header);
        assertTrue(header.stripTrailing().endsWith("}"), header);
        assertTrue(header.substring(header.stripTrailing().length()).chars().allMatch(ch -> ch == ' '));
        assertTrue(header.contains("\"parameters\":{\"dtype\":\"F32\",\"shape\":[5],\"data_offsets\":[0,20]}"), header);
        assertTrue(header.contains("\"matrix\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[20,44]}"), header);
        assertTrue(header.contains("\"__metadata__\":{\"format\":\"test\"}"), header);
        assertEquals(8 + n + 44, b.length);
        // little-endian IEEE-754: 1.5f = 0x3FC00000 → bytes 00 00 C0 3F
        int d = (int) (8 + n);
        assertArrayEquals(new byte[] {0, 0, (byte) 0xC0, 0x3F}, Arrays.copyOfRange(b, d, d + 4));
        // matrix element [1][2] = 6.0f = 0x40C00000, last four bytes
        assertArrayEquals(new byte[] {0, 0, (byte) 0xC0, 0x40}, Arrays.copyOfRange(b, b.length - 4, b.length));
    }

    @Test void truncatedFileIsRejectedNamingTheFile() throws IOException {
        Path f = dir.resolve("c.safetensors");
        SafeTensors.write(f, sample(), Map.of());
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length - 3));
        BadInputException e = assertThrows(BadInputException.class, () -> SafeTensors.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        Files.write(f, Arrays.copyOf(b, 20));
        assertThrows(BadInputException.class, () -> SafeTensors.read(f));
        Files.write(f, Arrays.copyOf(b, 5));
        assertThrows(BadInputException.class, () -> SafeTensors.read(f));
    }

    @Test void foreignAndCorruptFilesAreRejected() throws IOException {
        Path f = dir.resolve("d.bin");
        Files.writeString(f, "this is a text file, not a checkpoint at all");
        assertThrows(BadInputException.class, () -> SafeTensors.read(f));
        assertThrows(BadInputException.class, () -> SafeTensors.read(dir.resolve("missing.ckpt")));
        // a valid safetensors file with a dtype we do not read
        String h = "{\"x\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}";
        Files.write(f, withHeader(h, 8));
        BadInputException e = assertThrows(BadInputException.class, () -> SafeTensors.read(f));
        assertTrue(e.getMessage().contains("F64"), e.getMessage());
        // offsets that do not match the shape, overlapping tensors, broken JSON
        Files.write(f, withHeader("{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8));
        assertThrows(BadInputException.class, () -> SafeTensors.read(f));
        Files.write(f, withHeader("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"y\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12));
        assertThrows(BadInputException.class, () -> SafeTensors.read(f));
        Files.write(f, withHeader("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],", 8));
        assertThrows(BadInputException.class, () -> SafeTensors.read(f));
    }

    @Test void handWrittenHeaderIsAccepted() {
        byte[] b = withHeader("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"__metadata__\":{\"k\":\"v\"}}   ", 8);
        ByteBuffer.wrap(b, b.length - 8, 8).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.5f).putFloat(-4f);
        SafeTensors.Contents c = SafeTensors.decode(b);
        assertArrayEquals(new float[] {0.5f, -4f}, c.tensors().get("w").data());
        assertEquals(Map.of("k", "v"), c.metadata());
    }

    private static byte[] withHeader(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(h.length).put(h);
        return buf.array();
    }
}
