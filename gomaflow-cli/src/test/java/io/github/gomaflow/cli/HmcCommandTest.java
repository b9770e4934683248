package io.github.gomaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class HmcCommandTest {
    @TempDir Path dir;

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        CommandLine cl = Main.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

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

    /** Entry name → the .npy header dict text of an ensemble archive. */
    static List<String> headers(Path npz) throws IOException {
        List<String> out = new ArrayList<>();
        try (ZipFile zip = new ZipFile(npz.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                try (InputStream in = zip.getInputStream(e)) {
                    byte[] head = in.readNBytes(128);
                    int len = (head[8] & 0xFF) | (head[9] & 0xFF) << 8;
                    out.add(e.getName() + " " + new String(head, 10, Math.min(len, 118), StandardCharsets.US_ASCII).trim());
                }
            }
        }
        return out;
    }

    @Test void writesAnHmcEnsembleAndReportsTheChain() throws IOException {
        Path cfg = config("L = 4\nNd = 2\nM2 = -4.0\nlam = 8.0");
        Path out = dir.resolve("sub/hmc.npz");
        Result r = run("hmc", cfg.toString(), "--n", "300", "--therm", "200", "--out", out.toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("hmc: 300 configurations of small"), r.out());
        assertTrue(r.out().contains("acceptance"), r.out());
        assertTrue(r.err().isEmpty(), r.err());
        List<String> h = headers(out);
        assertEquals(9, h.size());
        assertTrue(h.contains("n_requested.npy {'descr': '<i8', 'fortran_order': False, 'shape': (1,), }"), h.toString());
        assertTrue(h.get(0).startsWith("cfgs.npy {'descr': '<f4', 'fortran_order': False, 'shape': (300, 4, 4), }"), h.get(0));
        assertTrue(h.contains("source.npy {'descr': '|i1', 'fortran_order': False, 'shape': (), }"), h.toString());
    }

    @Test void badInputGivesOneLineAndExitCode2() throws IOException {
        Path cfg = config("L = 4\nNd = 2\nM2 = -4.0\nlam = 8.0");
        String[][] cases = {
                {"hmc", cfg.toString(), "--n", "0"},
                {"hmc", cfg.toString(), "--n", "10", "--tau", "-1"},
                {"hmc", cfg.toString(), "--n", "10", "--integrator", "euler"},
                {"hmc", cfg.toString(), "--n", "10", "--target-acceptance", "1.5"},
                {"hmc", dir.resolve("missing.toml").toString(), "--n", "10"},
                {"hmc", cfg.toString(), "--n", "10", "--fourier-mass", "0.5"},
                {"hmc", cfg.toString(), "--n", "10", "--fourier-accel", "--fourier-mass", "-1"},
                {"hmc", cfg.toString(), "--n", "10", "--fourier-accel", "--fourier-mass", "NaN"},
                {"hmc", cfg.toString(), "--n", "10", "--fourier-accel", "--fourier-mass", "automatic"},
        };
        for (String[] args : cases) {
            Result r = run(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().startsWith("gomaflow: "), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "nothing may be written on bad input");
        }
    }

    @Test void freeFieldWithNonPositiveMassIsRejected() throws IOException {
        Path cfg = config("L = 4\nNd = 2\nM2 = 0.0\nlam = 0.0");
        Result r = run("hmc", cfg.toString(), "--n", "10", "--out", dir.resolve("x.npz").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("small.toml"), r.err());
    }

    @Test void fourierAccelerationRunsWithTheDefaultOrTheGivenMass() throws IOException {
        Path cfg = config("L = 4\nNd = 2\nM2 = -4.0\nlam = 8.0");
        Result r = run("hmc", cfg.toString(), "--n", "200", "--therm", "100", "--fourier-accel", "--out",
                dir.resolve("a.npz").toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("fourier-accel M2 1.000 (auto)"), "50 probe trajectories are too few: M² = 1; " + r.out());
        r = run("hmc", cfg.toString(), "--n", "200", "--therm", "400", "--fourier-accel", "--out",
                dir.resolve("auto.npz").toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("(?s).*fourier-accel M2 [0-9.]+ \\(auto\\).*"), "λ ≠ 0: M² is measured; " + r.out());
        assertFalse(r.out().contains("fourier-accel M2 1.000 (auto)"), r.out());
        Path free = dir.resolve("free.toml");
        Files.writeString(free, "[config]\nversion = \"0.1.0\"\n[training]\nseed = 7\n[physical]\nL = 6\nNd = 2\nM2 = 0.3\nlam = 0.0\n");
        r = run("hmc", free.toString(), "--n", "200", "--therm", "100", "--fourier-accel", "--out",
                dir.resolve("b.npz").toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("fourier-accel M2 0.3000 "), "the free field's m² is the default M²; " + r.out());
        r = run("hmc", free.toString(), "--n", "200", "--therm", "100", "--fourier-accel", "--fourier-mass", "2.5",
                "--out", dir.resolve("c.npz").toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("fourier-accel M2 2.500 "), r.out());
        r = run("hmc", free.toString(), "--n", "200", "--therm", "100", "--out", dir.resolve("d.npz").toString(), "--quiet");
        assertFalse(r.out().contains("fourier-accel"), r.out());
    }
}
