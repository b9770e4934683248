package io.github.gomaflow.io;

import static io.github.gomaflow.io.NpyFixtures.doubles;
import static io.github.gomaflow.io.NpyFixtures.floats;
import static io.github.gomaflow.io.NpyFixtures.npy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.lattice.Lattice;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnsembleReaderTest {
    @TempDir Path dir;

    /** 3 configurations on a 2×3 lattice, value = 100c + site. */
    private static float[] ramp(int n, int v) {
        float[] c = new float[n * v];
        for (int i = 0; i < c.length; i++) c[i] = 100 * (i / v) + i % v;
        return c;
    }

    @ParameterizedTest @ValueSource(ints = {1, 2, 3})
    void readsEveryNpyVersionAndStreamsInChunks(int version) throws IOException {
        float[] c = ramp(3, 6);
        Path f = dir.resolve("e.npy");
        Files.write(f, npy("<f4", new long[] {3, 2, 3}, floats(c), version, false));
        try (EnsembleReader r = EnsembleReader.open(f)) {
            assertEquals(3, r.size());
            assertEquals(new Lattice(2, 3), r.lattice());
            assertTrue(Double.isNaN(r.mSquared()));
            assertEquals(EnsembleReader.SOURCE_UNKNOWN, r.source());
            float[] buf = new float[2 * 6];
            assertEquals(2, r.read(buf, 2));
            assertArrayEquals(Arrays.copyOfRange(c, 0, 12), buf);
            assertEquals(1, r.read(buf, 2));
            assertArrayEquals(Arrays.copyOfRange(c, 12, 18), Arrays.copyOfRange(buf, 0, 6));
            assertEquals(0, r.read(buf, 2));
        }
    }

    @ParameterizedTest @ValueSource(booleans = {false, true})
    void readsNpzStoredAndDeflated(boolean deflate) throws IOException {
        float[] c = ramp(4, 6);
        boolean[] acc = {true, false, true, true};
        Path f = dir.resolve("e.npz");
        NpyFixtures.writeZip(f, NpyFixtures.ensemble(new int[] {2, 3}, c, 0.5, 0.25, acc), deflate);
        try (EnsembleReader r = EnsembleReader.open(f)) {
            assertEquals(4, r.size());
            assertEquals(0.5, r.mSquared());
            assertEquals(0.25, r.lambda());
            assertEquals(EnsembleReader.SOURCE_HMC, r.source());
            assertArrayEquals(acc, r.accepted());
            assertTrue(Double.isNaN(r.logQ()[2]));
            float[] buf = new float[24];
            r.skip(1, new float[6]);
            assertEquals(3, r.read(buf, 10));
            assertArrayEquals(Arrays.copyOfRange(c, 6, 24), Arrays.copyOf(buf, 18));
        }
    }

    @Test void missingFileIsBadInputNamingIt() {
        BadInputException e = assertThrows(BadInputException.class, () -> EnsembleReader.open(dir.resolve("nope.npz")));
        assertTrue(e.getMessage().contains("nope.npz") && e.getMessage().contains("no such"), e.getMessage());
    }

    @Test void notAnEnsemble() throws IOException {
        Path f = Files.writeString(dir.resolve("x.npz"), "hello world");
        BadInputException e = assertThrows(BadInputException.class, () -> EnsembleReader.open(f));
        assertTrue(e.getMessage().contains("x.npz"), e.getMessage());
    }

    @Test void fortranOrderIsRejected() throws IOException {
        Path f = dir.resolve("f.npy");
        Files.write(f, npy("<f4", new long[] {1, 2, 2}, floats(1, 2, 3, 4), 1, true));
        BadInputException e = assertThrows(BadInputException.class, () -> EnsembleReader.open(f));
        assertTrue(e.getMessage().contains("Fortran"), e.getMessage());
    }

    @Test void wrongDtypeIsRejected() throws IOException {
        Path f = dir.resolve("d.npy");
        Files.write(f, npy("<f8", new long[] {1, 2, 2}, doubles(1, 2, 3, 4)));
        BadInputException e = assertThrows(BadInputException.class, () -> EnsembleReader.open(f));
        assertTrue(e.getMessage().contains("<f8") && e.getMessage().contains("<f4"), e.getMessage());
        Path g = dir.resolve("u.npy");
        Files.write(g, npy(">f4", new long[] {1, 2, 2}, floats(1, 2, 3, 4)));
        assertThrows(BadInputException.class, () -> EnsembleReader.open(g));
    }

    @Test void wrongShapeIsRejected() throws IOException {
        Path f = dir.resolve("s.npy");
        Files.write(f, npy("<f4", new long[] {4}, floats(1, 2, 3, 4)));
        BadInputException e = assertThrows(BadInputException.class, () -> EnsembleReader.open(f));
        assertTrue(e.getMessage().contains("shape"), e.getMessage());
        Path g = dir.resolve("one.npy");
        Files.write(g, npy("<f4", new long[] {2, 1, 2}, floats(1, 2, 3, 4)));
        assertThrows(BadInputException.class, () -> EnsembleReader.open(g));
    }

    @Test void latticeShapeMustMatchCfgs() throws IOException {
        Map<String, byte[]> m = NpyFixtures.ensemble(new int[] {2, 3}, ramp(2, 6), 1, 0, new boolean[2]);
        m.put("lattice_shape.npy", npy("<i8", new long[] {2}, NpyFixtures.longs(3, 2)));
        Path f = dir.resolve("m.npz");
        NpyFixtures.writeZip(f, m, false);
        BadInputException e = assertThrows(BadInputException.class, () -> EnsembleReader.open(f));
        assertTrue(e.getMessage().contains("lattice_shape"), e.getMessage());
    }

    @Test void perSampleArraysMustHaveLengthN() throws IOException {
        Map<String, byte[]> m = NpyFixtures.ensemble(new int[] {2, 3}, ramp(2, 6), 1, 0, new boolean[2]);
        m.put("log_p.npy", npy("<f8", new long[] {3}, doubles(1, 2, 3)));
        Path f = dir.resolve("l.npz");
        NpyFixtures.writeZip(f, m, false);
        BadInputException e = assertThrows(BadInputException.class, () -> EnsembleReader.open(f));
        assertTrue(e.getMessage().contains("log_p"), e.getMessage());
    }

    @Test void truncatedNpyIsDetectedOnOpen() throws IOException {
        byte[] full = npy("<f4", new long[] {3, 2, 2}, floats(new float[12]));
        Path f = dir.resolve("t.npy");
        Files.write(f, Arrays.copyOf(full, full.length - 5));
        BadInputException e = assertThrows(BadInputException.class, () -> EnsembleReader.open(f));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test void truncatedNpzIsBadInput() throws IOException {
        Path f = dir.resolve("t.npz");
        NpyFixtures.writeZip(f, NpyFixtures.ensemble(new int[] {2, 3}, ramp(5, 6), 1, 0, new boolean[5]), true);
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, all.length / 2));
        BadInputException e = assertThrows(BadInputException.class, () -> EnsembleReader.open(f));
        assertTrue(e.getMessage().contains("t.npz"), e.getMessage());
    }

    @Test void npzEntryShorterThanItsHeaderIsTruncated() throws IOException {
        Map<String, byte[]> m = NpyFixtures.ensemble(new int[] {2, 3}, ramp(3, 6), 1, 0, new boolean[3]);
        byte[] c = m.get("cfgs.npy");
        m.put("cfgs.npy", Arrays.copyOf(c, c.length - 8));
        for (boolean deflate : new boolean[] {false, true}) {
            Path f = dir.resolve("short" + deflate + ".npz");
            NpyFixtures.writeZip(f, m, deflate);
            BadInputException e = assertThrows(BadInputException.class, () -> {
                try (EnsembleReader r = EnsembleReader.open(f)) {
                    r.read(new float[18], 3);
                }
            });
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }
    }

    @Test void headerParsesScalarsAndVersions() throws IOException {
        byte[] b = npy("<f8", new long[0], doubles(2.5), 2, false);
        NpyReader r = NpyReader.open(new ByteArrayInputStream(b), "x");
        assertEquals(0, r.header().rank());
        assertEquals(1, r.header().count());
        assertArrayEquals(new double[] {2.5}, r.readAllDoubles());
        byte[] bad = npy("<f4", new long[] {1}, floats(1), 1, false);
        bad[6] = 4;
        BadInputException e = assertThrows(BadInputException.class, () -> NpyReader.open(new ByteArrayInputStream(bad), "v4"));
        assertTrue(e.getMessage().contains("version 4"), e.getMessage());
    }

    @Test void readsFilesWrittenByNumpy() throws Exception {
        Assumptions.assumeTrue(NpyFixtures.numpyAvailable(), "python3 with numpy not available");
        Path f = dir.resolve("np.npz");
        Path g = dir.resolve("npc.npz");
        Path h = dir.resolve("np.npy");
        String script = "import numpy as np\n"
                + "c = (np.arange(3*4*2, dtype=np.float32) * 0.5).reshape(3, 4, 2)\n"
                + "kw = dict(cfgs=c, log_q=np.array([np.nan]*3), log_p=-np.arange(1.0, 4.0), accepted=np.array([True, False, True]),"
                + " lattice_shape=np.array([4, 2], dtype=np.int64), m2=np.float64(-4.0), lam=np.float64(8.0), source=np.int8(0))\n"
                + "np.savez('" + f + "', **kw)\n"
                + "np.savez_compressed('" + g + "', **kw)\n"
                + "np.save('" + h + "', c)\n";
        Process p = new ProcessBuilder("python3", "-c", script).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
        for (Path file : new Path[] {f, g, h}) {
            try (EnsembleReader r = EnsembleReader.open(file)) {
                assertEquals(new Lattice(4, 2), r.lattice());
                float[] buf = new float[24];
                assertEquals(3, r.read(buf, 3));
                for (int i = 0; i < 24; i++) assertEquals(0.5f * i, buf[i]);
                if (file != h) {
                    assertEquals(-4.0, r.mSquared());
                    assertEquals(8.0, r.lambda());
                    assertEquals(EnsembleReader.SOURCE_FLOW, r.source());
                    assertArrayEquals(new boolean[] {true, false, true}, r.accepted());
                    assertArrayEquals(new double[] {-1, -2, -3}, r.logP());
                }
            }
        }
    }
}
