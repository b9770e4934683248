package io.github.gomaflow.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.gomaflow.lattice.Lattice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnsembleWriterTest {
    @TempDir Path dir;

    /** Sample i, site s has value i + s/100 (exact enough in float for a check). */
    private static float value(int i, int site) { return i + site / 100f; }

    private Path writeEnsemble(Path out, Lattice lattice, int n, long expected, boolean zip64) throws IOException {
        float[] phi = new float[lattice.volume() + 3];
        try (EnsembleWriter w = new EnsembleWriter(out, lattice, -4.0, 8.0, EnsembleWriter.Source.FLOW, expected, zip64)) {
            for (int i = 0; i < n; i++) {
                for (int s = 0; s < lattice.volume(); s++) phi[3 + s] = value(i, s);
                w.append(phi, 3, -10.0 - i, -20.0 - 2 * i, i % 3 != 1);
            }
            assertEquals(n, w.count());
        }
        return out;
    }

    @Test void archiveHasTheAgreedArraysWithCorrectHeadersAndData() throws IOException {
        Lattice lattice = new Lattice(3, 4);
        int n = 7;
        Path out = writeEnsemble(dir.resolve("ens.npz"), lattice, n, 1000, false);
        Map<String, NpzTestSupport.Npy> a = NpzTestSupport.readNpz(out);
        assertEquals(List.of("cfgs.npy", "log_q.npy", "log_p.npy", "accepted.npy", "lattice_shape.npy", "m2.npy",
                "lam.npy", "source.npy", "n_requested.npy"), List.copyOf(a.keySet()));
        assertEquals("{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", a.get("n_requested.npy").dict());
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (7, 3, 4), }", a.get("cfgs.npy").dict());
        assertEquals("{'descr': '<f8', 'fortran_order': False, 'shape': (7,), }", a.get("log_q.npy").dict());
        assertEquals("{'descr': '|b1', 'fortran_order': False, 'shape': (7,), }", a.get("accepted.npy").dict());
        assertEquals("{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }", a.get("lattice_shape.npy").dict());
        assertEquals("{'descr': '<f8', 'fortran_order': False, 'shape': (), }", a.get("m2.npy").dict());
        assertEquals("{'descr': '|i1', 'fortran_order': False, 'shape': (), }", a.get("source.npy").dict());
        var cfgs = a.get("cfgs.npy").data();
        assertEquals(n * 12 * 4, cfgs.remaining());
        // C order [i, x0, x1] = site x0*4 + x1
        assertEquals(value(5, 2 * 4 + 3), cfgs.getFloat(4 * (5 * 12 + 2 * 4 + 3)));
        for (int i = 0; i < n; i++) {
            assertEquals(-10.0 - i, a.get("log_q.npy").data().getDouble(8 * i));
            assertEquals(-20.0 - 2 * i, a.get("log_p.npy").data().getDouble(8 * i));
            assertEquals(i % 3 != 1 ? 1 : 0, a.get("accepted.npy").data().get(i));
        }
        assertEquals(3L, a.get("lattice_shape.npy").data().getLong(0));
        assertEquals(4L, a.get("lattice_shape.npy").data().getLong(8));
        assertEquals(-4.0, a.get("m2.npy").data().getDouble(0));
        assertEquals(8.0, a.get("lam.npy").data().getDouble(0));
        assertEquals(0, a.get("source.npy").data().get(0));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(out), files.toList(), "temporaries must be deleted");
        }
    }

    @Test void theProjectReaderReadsWhatTheWriterWrites() throws IOException {
        Lattice lattice = new Lattice(3, 4);
        Path out = writeEnsemble(dir.resolve("rt.npz"), lattice, 9, 1, false);
        try (EnsembleReader r = EnsembleReader.open(out)) {
            assertEquals(9, r.size());
            assertEquals(lattice, r.lattice());
            assertEquals(-4.0, r.mSquared());
            assertEquals(8.0, r.lambda());
            assertEquals(EnsembleReader.SOURCE_FLOW, r.source());
            float[] cfg = new float[9 * 12];
            assertEquals(9, r.read(cfg, 9));
            for (int i = 0; i < 9; i++) {
                assertEquals(-10.0 - i, r.logQ()[i]);
                assertEquals(-20.0 - 2 * i, r.logP()[i]);
                assertEquals(i % 3 != 1, r.accepted()[i]);
                for (int s = 0; s < 12; s++) assertEquals(value(i, s), cfg[i * 12 + s]);
            }
        }
    }

    @Test void sameContentGivesIdenticalBytes() throws IOException {
        Lattice lattice = new Lattice(2, 2, 2);
        byte[] a = Files.readAllBytes(writeEnsemble(dir.resolve("a.npz"), lattice, 4, 4, false));
        byte[] b = Files.readAllBytes(writeEnsemble(dir.resolve("b.npz"), lattice, 4, 4, false));
        assertTrue(java.util.Arrays.equals(a, b), "equal content, equal bytes");
        // the requested length is recorded: a chain of 4 asked for 99 was stopped early
        try (EnsembleReader full = EnsembleReader.open(dir.resolve("a.npz"));
             EnsembleReader early = EnsembleReader.open(writeEnsemble(dir.resolve("c.npz"), lattice, 4, 99, false))) {
            assertEquals(4, full.requested());
            assertEquals(99, early.requested());
            assertEquals(4, early.size());
        }
    }

    @Test void abortLeavesNothing() throws IOException {
        EnsembleWriter w = new EnsembleWriter(dir.resolve("x.npz"), new Lattice(4), 1, 0, EnsembleWriter.Source.HMC, 10);
        w.append(new float[4], 0, Double.NaN, -1, true);
        w.abort();
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
        assertThrows(IllegalStateException.class, () -> w.append(new float[4], 0, 0, 0, true));
    }

    @Test void numpyReadsTheArchive() throws IOException {
        assumeTrue(NpzTestSupport.pythonWithNumpy(), "python3 with numpy not installed");
        checkWithNumpy(writeEnsemble(dir.resolve("ens.npz"), new Lattice(3, 4), 7, 2, false));
    }

    @Test void numpyReadsAForcedZip64Archive() throws IOException {
        Path out = writeEnsemble(dir.resolve("ens64.npz"), new Lattice(3, 4), 7, 7, true);
        NpzTestSupport.readNpz(out); // java.util.zip understands ZIP64 too
        assumeTrue(NpzTestSupport.pythonWithNumpy(), "python3 with numpy not installed");
        checkWithNumpy(out);
    }

    private static void checkWithNumpy(Path file) throws IOException {
        String script = """
                import sys, numpy as np
                d = np.load(sys.argv[1])
                c = d['cfgs']
                assert c.dtype == np.float32 and c.shape == (7, 3, 4), (c.dtype, c.shape)
                assert c[5, 2, 3] == np.float32(5 + 11 / 100), c[5, 2, 3]
                assert (d['log_q'] == -10.0 - np.arange(7)).all()
                assert (d['log_p'] == -20.0 - 2 * np.arange(7)).all()
                assert d['accepted'].dtype == np.bool_ and list(d['accepted']) == [i % 3 != 1 for i in range(7)]
                assert list(d['lattice_shape']) == [3, 4] and d['lattice_shape'].dtype == np.int64
                assert d['m2'].shape == () and float(d['m2']) == -4.0 and float(d['lam']) == 8.0
                assert d['source'].dtype == np.int8 and int(d['source']) == 0
                print('ok')
                """;
        StringBuilder output = new StringBuilder();
        int rc = NpzTestSupport.python(output, script, file.toString());
        assertEquals(0, rc, output.toString());
        assertTrue(output.toString().contains("ok"));
        assertFalse(output.toString().contains("Warning"), output.toString());
    }
}
