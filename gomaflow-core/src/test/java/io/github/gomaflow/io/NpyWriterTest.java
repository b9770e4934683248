package io.github.gomaflow.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyWriterTest {
    @TempDir Path dir;

    @Test void headerIsRewrittenWithTheActualCountAtTheSameLength() throws IOException {
        Path f = dir.resolve("a.npy");
        NpyWriter w = new NpyWriter(f, NpyWriter.DType.FLOAT32, new int[] {2, 3}, 1_000_000_000L);
        for (int i = 0; i < 4; i++) w.writeFloats(new float[] {i, 1, 2, 3, 4, 5}, 0, 6);
        assertEquals(4, w.records());
        w.close();
        NpzTestSupport.Npy npy = NpzTestSupport.parseNpy(Files.readAllBytes(f));
        assertEquals(1, npy.major());
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (4, 2, 3), }", npy.dict());
        assertEquals(4 * 6 * 4, npy.data().remaining());
        assertEquals(3f, npy.data().getFloat(4 * 18));
        assertEquals(w.byteSize(), Files.size(f));
    }

    @Test void incompleteRecordIsAnError() throws IOException {
        NpyWriter w = new NpyWriter(dir.resolve("b.npy"), NpyWriter.DType.FLOAT32, new int[] {4}, 1);
        w.writeFloats(new float[3], 0, 3);
        assertThrows(IllegalStateException.class, w::close);
    }

    @Test void wrongTypeIsAnError() throws IOException {
        try (NpyWriter w = new NpyWriter(dir.resolve("c.npy"), NpyWriter.DType.BOOL, new int[0], 1)) {
            assertThrows(IllegalStateException.class, () -> w.writeDouble(1));
        }
    }

    @Test void hugeHeaderSwitchesToFormat2() {
        byte[] h = NpyWriter.header(NpyWriter.DType.FLOAT64, new long[] {3}, 70_000, 0);
        assertEquals(2, h[6]);
        assertEquals(0, h.length % 64);
        int len = (h[8] & 0xFF) | (h[9] & 0xFF) << 8 | (h[10] & 0xFF) << 16 | (h[11] & 0xFF) << 24;
        assertEquals(h.length - 12, len);
        assertTrue(new String(h, 12, 60, java.nio.charset.StandardCharsets.US_ASCII).startsWith("{'descr': '<f8'"));
    }

    @Test void zeroDimensionalScalar() {
        NpzTestSupport.Npy npy = NpzTestSupport.parseNpy(NpyWriter.scalar(2.5));
        assertEquals("{'descr': '<f8', 'fortran_order': False, 'shape': (), }", npy.dict());
        assertEquals(2.5, npy.data().getDouble(0));
        assertEquals(8, npy.data().remaining());
    }
}
