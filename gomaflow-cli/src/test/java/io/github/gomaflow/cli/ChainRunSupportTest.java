package io.github.gomaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.io.EnsembleWriter;
import io.github.gomaflow.lattice.Lattice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainRunSupportTest {
    @Test void aFailingChainStillWritesWhatItRecorded(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("partial.npz");
        EnsembleWriter w = new EnsembleWriter(out, new Lattice(2, 2), 1.0, 0.5, EnsembleWriter.Source.HMC, 100);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ChainRunSupport.recordInto(w, () -> {
            for (int i = 0; i < 3; i++) w.append(new float[4], 0, Double.NaN, -i, true);
            throw new IllegalStateException("diverged");
        }));
        assertEquals("diverged", e.getMessage());
        List<String> h = HmcCommandTest.headers(out);
        assertTrue(h.get(0).startsWith("cfgs.npy {'descr': '<f4', 'fortran_order': False, 'shape': (3, 2, 2), }"), h.get(0));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "temporaries must be gone");
        }
    }

    @Test void aSuccessfulChainReturnsItsResultAndClosesTheWriter(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("ok.npz");
        EnsembleWriter w = new EnsembleWriter(out, new Lattice(2, 2), 1.0, 0.5, EnsembleWriter.Source.HMC, 1);
        assertEquals(7, ChainRunSupport.recordInto(w, () -> {
            w.append(new float[4], 0, Double.NaN, 0, true);
            return 7;
        }));
        assertTrue(Files.isRegularFile(out));
        assertThrows(IllegalStateException.class, () -> w.append(new float[4], 0, 0, 0, true));
    }
}
