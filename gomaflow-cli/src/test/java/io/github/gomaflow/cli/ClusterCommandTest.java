package io.github.gomaflow.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.cli.HmcCommandTest.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterCommandTest {
    @TempDir Path dir;

    private Path config(String physical) throws IOException {
        Path f = dir.resolve("small.toml");
        Files.writeString(f, """
                [config]
                version = "0.1.0"
                [training]
                seed = 7
                [physical]
                %s
                """.formatted(physical));
        return f;
    }

    @Test void writesAClusterEnsembleThatAnalyzeReads() throws IOException {
        Path cfg = config("L = 4\nNd = 3\nM2 = -4.0\nlam = 5.113");
        Path out = dir.resolve("c.npz");
        Result r = HmcCommandTest.run("cluster", cfg.toString(), "--n", "200", "--therm", "100", "--out", out.toString(),
                "--quiet");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("cluster: 200 configurations of small"), r.out());
        assertTrue(r.out().contains("mean cluster size"), r.out());
        List<String> h = HmcCommandTest.headers(out);
        assertTrue(h.get(0).startsWith("cfgs.npy {'descr': '<f4', 'fortran_order': False, 'shape': (200, 4, 4, 4), }"), h.get(0));
        Result a = HmcCommandTest.run("analyze", out.toString(), "--json");
        assertEquals(0, a.code(), a.err());
        assertTrue(a.out().contains("\"source\":\"cluster\""), a.out());
        Result text = HmcCommandTest.run("analyze", out.toString());
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("source cluster"), text.out());
    }

    @Test void sameSeedGivesTheSameFile() throws IOException {
        Path cfg = config("L = 6\nNd = 2\nM2 = -4.0\nlam = 8.0");
        byte[][] files = new byte[3][];
        String[] seeds = {"5", "5", "6"};
        for (int k = 0; k < 3; k++) {
            Path out = dir.resolve("c" + k + ".npz");
            Result r = HmcCommandTest.run("cluster", cfg.toString(), "--n", "50", "--therm", "20", "--seed", seeds[k],
                    "--out", out.toString(), "--quiet");
            assertEquals(0, r.code(), r.err());
            files[k] = Files.readAllBytes(out);
        }
        assertArrayEquals(files[0], files[1]);
        assertFalse(java.util.Arrays.equals(files[0], files[2]));
    }

    @Test void badInputGivesOneLineAndExitCode2() throws IOException {
        Path cfg = config("L = 4\nNd = 2\nM2 = -4.0\nlam = 8.0");
        Path existing = dir.resolve("existing.npz");
        Files.writeString(existing, "keep me");
        String[][] cases = {
                {"cluster", cfg.toString(), "--n", "0"},
                {"cluster", cfg.toString(), "--n", "10", "--therm", "-1"},
                {"cluster", cfg.toString(), "--n", "10", "--sweeps-per-step", "0"},
                {"cluster", cfg.toString(), "--n", "10", "--clusters", "-2"},
                {"cluster", dir.resolve("missing.toml").toString(), "--n", "10"},
                {"cluster", cfg.toString(), "--n", "10", "--out", existing.toString()},
        };
        for (String[] args : cases) {
            Result r = HmcCommandTest.run(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().startsWith("gomaflow: "), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
        assertEquals("keep me", Files.readString(existing), "an existing file is kept without --force");
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "nothing may be written on bad input");
        }
        Result forced = HmcCommandTest.run("cluster", cfg.toString(), "--n", "10", "--therm", "5", "--out",
                existing.toString(), "--force", "--quiet");
        assertEquals(0, forced.code(), forced.err());
        assertFalse(Files.readString(existing, java.nio.charset.StandardCharsets.ISO_8859_1).equals("keep me"));
    }
}
