package io.github.gomaflow.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.analysis.AnalysisOptions;
import io.github.gomaflow.analysis.EnsembleAnalysis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Corrupt and hostile ensembles give one clear line, never good-looking numbers or an OutOfMemoryError. */
class CorruptEnsembleTest {
    @TempDir Path dir;

    private static float[] cfgs(int n, int v) {
        float[] c = new float[n * v];
        for (int i = 0; i < c.length; i++) c[i] = (float) Math.sin(0.37 * i);
        return c;
    }

    @Test void aFlippedBitInTheConfigurationsFailsTheCrcCheck() throws IOException {
        Path f = NpyFixtures.writeEnsemble(dir.resolve("e.npz"), new int[] {4, 4}, cfgs(200, 16), 0.5, 0.0);
        // good file analyses fine
        EnsembleAnalysis.analyze(f, AnalysisOptions.defaults(), ProgressListener.NONE);
        byte[] b = Files.readAllBytes(f);
        int at = indexOf(b, "cfgs.npy".getBytes()) + 400;   // inside the member's float data
        b[at] ^= 0x10;
        Files.write(f, b);
        BadInputException e = assertThrows(BadInputException.class,
                () -> EnsembleAnalysis.analyze(f, AnalysisOptions.defaults(), ProgressListener.NONE));
        assertTrue(e.getMessage().contains("cfgs.npy") && e.getMessage().contains("CRC-32 mismatch"), e.getMessage());
    }

    @Test void aFlippedBitInLogPFailsTheCrcCheck() throws IOException {
        Path f = NpyFixtures.writeEnsemble(dir.resolve("e.npz"), new int[] {4, 4}, cfgs(50, 16), 0.5, 0.0);
        byte[] b = Files.readAllBytes(f);
        int at = indexOf(b, "log_p.npy".getBytes());
        at = indexOf(b, "log_p.npy".getBytes(), at + 1) >= 0 ? at : at;   // the local header precedes the data
        b[at + 9 + 128 + 20] ^= 0x01;
        Files.write(f, b);
        BadInputException e = assertThrows(BadInputException.class, () -> EnsembleReader.open(f).close());
        assertTrue(e.getMessage().contains("CRC-32 mismatch"), e.getMessage());
    }

    @Test void aHeaderDeclaringAHugeArrayInASmallFileIsRefusedBeforeAllocating() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>(NpyFixtures.ensemble(new int[] {4, 4}, cfgs(10, 16), 0.5, 0.0, new boolean[10]));
        entries.put("log_q.npy", NpyFixtures.npy("<f8", new long[] {1_000_000_000L}, NpyFixtures.doubles(1, 2, 3)));
        Path f = dir.resolve("huge.npz");
        NpyFixtures.writeZip(f, entries, false);
        BadInputException e = assertThrows(BadInputException.class, () -> EnsembleReader.open(f).close());
        assertTrue(e.getMessage().contains("log_q.npy") && e.getMessage().contains("needs 8000000"), e.getMessage());
    }

    @Test void aShapeWhoseSizeOverflowsIsOneClearLine() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>(NpyFixtures.ensemble(new int[] {4, 4}, cfgs(10, 16), 0.5, 0.0, new boolean[10]));
        entries.put("log_p.npy", NpyFixtures.npy("<f8", new long[] {1L << 40, 1L << 40}, NpyFixtures.doubles(1)));
        Path f = dir.resolve("overflow.npz");
        NpyFixtures.writeZip(f, entries, false);
        BadInputException e = assertThrows(BadInputException.class, () -> EnsembleReader.open(f).close());
        assertTrue(e.getMessage().contains("does not fit in 64 bits"), e.getMessage());
    }

    static int indexOf(byte[] hay, byte[] needle) { return indexOf(hay, needle, 0); }

    static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
