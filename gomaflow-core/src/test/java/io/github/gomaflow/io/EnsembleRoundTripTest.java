package io.github.gomaflow.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.lattice.Lattice;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** The production {@link EnsembleWriter} and the {@link EnsembleReader} agree on the format (ZIP64 too). */
class EnsembleRoundTripTest {
    @TempDir Path dir;

    @ParameterizedTest @ValueSource(booleans = {false, true})
    void writerOutputReadsBackExactly(boolean zip64) throws IOException {
        Lattice l = new Lattice(3, 4);
        int n = 37, v = l.volume();
        float[] cfgs = new float[n * v];
        for (int i = 0; i < cfgs.length; i++) cfgs[i] = (float) Math.sin(0.37 * i) * (i % 7);
        Path f = dir.resolve("rt.npz");
        try (EnsembleWriter w = new EnsembleWriter(f, l, -4.0, 8.0, EnsembleWriter.Source.FLOW, 10, zip64)) {
            for (int c = 0; c < n; c++) w.append(cfgs, c * v, -c - 0.5, -2.0 * c, c % 3 != 0);
        }
        try (EnsembleReader r = EnsembleReader.open(f)) {
            assertEquals(n, r.size());
            assertEquals(l, r.lattice());
            assertEquals(-4.0, r.mSquared());
            assertEquals(8.0, r.lambda());
            assertEquals(EnsembleReader.SOURCE_FLOW, r.source());
            for (int c = 0; c < n; c++) {
                assertEquals(-c - 0.5, r.logQ()[c]);
                assertEquals(-2.0 * c, r.logP()[c]);
                assertEquals(c % 3 != 0, r.accepted()[c]);
            }
            float[] back = new float[n * v];
            int got = 0;
            while (got < n) {
                float[] chunk = new float[5 * v];
                int k = r.read(chunk, 5);
                assertTrue(k > 0);
                System.arraycopy(chunk, 0, back, got * v, k * v);
                got += k;
            }
            assertArrayEquals(cfgs, back);
            assertEquals(0, r.read(new float[v], 1));
        }
    }
}
