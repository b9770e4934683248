package io.github.gomaflow.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Sweeps and multi-chain ensembles as Spark tasks in local mode equal the same work done here, bit for bit. */
class SparkLocalModeTest {
    static final String TINY = """
            [training]
            seed = 7
            batchsize = 16
            epochs = 2
            iterations = 3
            base_lr = 0.01
            ess_samples = 32
            nsamples = 64
            [physical]
            L = 4
            Nd = 2
            M2 = -4.0
            lam = 8.0
            [model]
            n_layers = 2
            hidden_sizes = [4]
            """;

    @TempDir Path dir;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** evaluations.csv without the wall-clock columns (seconds, elapsed time), which no two runs share. */
    static List<String> evaluationsWithoutTime(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        String[] header = lines.get(0).split(",");
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(",", -1);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < f.length; i++) {
                if (header[i].contains("time") || header[i].contains("seconds")) continue;   // wall clock
                sb.append(f[i]).append(',');
            }
            out.add(sb.toString());
        }
        return out;
    }

    /** The safetensors JSON header less the one wall-clock field (elapsed_seconds). */
    static String headerWithoutWallClock(byte[] file) {
        long n = java.nio.ByteBuffer.wrap(file, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(file, 8, (int) n, java.nio.charset.StandardCharsets.UTF_8);
        String stripped = header.replaceAll("\"elapsed_seconds\":\"[^\"]*\"", "");
        assertTrue(stripped.length() < header.length(), "the header has elapsed_seconds");
        return stripped.strip();
    }

    /** The tensor bytes after the header. */
    static byte[] tensors(byte[] file) {
        long n = java.nio.ByteBuffer.wrap(file, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        return java.util.Arrays.copyOfRange(file, 8 + (int) n, file.length);
    }

    @Test void sweepAsSparkTasksEqualsTheLocalSweepBitForBit() throws IOException {
        Path cfg = dir.resolve("tiny.toml");
        Files.writeString(cfg, TINY);
        Run local = run("sweep", cfg.toString(), "--set", "model.n_layers=2,4", "--result", dir.resolve("local").toString(), "--threads", "2");
        assertEquals(0, local.code(), local.out() + local.err());
        Run spark = run("sweep", cfg.toString(), "--set", "model.n_layers=2,4", "--result", dir.resolve("spark").toString(),
                "--spark", "local[2]");
        assertEquals(0, spark.code(), spark.out() + spark.err());
        assertTrue(spark.out().contains("spark: 2 tasks on local[2]"), spark.out());
        int compared = 0;
        for (String run : new String[] {"tiny_n_layers=2", "tiny_n_layers=4"}) {
            Path a = dir.resolve("local/sweep_tiny").resolve(run);
            Path b = dir.resolve("spark/sweep_tiny").resolve(run);
            assertTrue(Files.isDirectory(a), "local run dir " + a);
            for (String f : new String[] {"model_final.ckpt", "model_best_ess.ckpt", "model_best_acceptance.ckpt", "checkpoint_latest.ckpt"}) {
                byte[] x = Files.readAllBytes(a.resolve(f)), y = Files.readAllBytes(b.resolve(f));
                assertEquals(headerWithoutWallClock(x), headerWithoutWallClock(y), run + "/" + f + " header");
                assertArrayEquals(tensors(x), tensors(y), run + "/" + f + " tensors");
                compared++;
            }
            assertArrayEquals(Files.readAllBytes(a.resolve("config.toml")), Files.readAllBytes(b.resolve("config.toml")));
            assertEquals(evaluationsWithoutTime(a.resolve("evaluations.csv")), evaluationsWithoutTime(b.resolve("evaluations.csv")), run);
        }
        assertEquals(8, compared);
        assertTrue(Files.isRegularFile(dir.resolve("spark/sweep_tiny/summary.csv")));
        // restartable: a second Spark sweep finds every point trained and starts no task
        Run again = run("sweep", cfg.toString(), "--set", "model.n_layers=2,4", "--result", dir.resolve("spark").toString(), "--spark", "local[2]");
        assertEquals(0, again.code(), again.out() + again.err());
        assertTrue(again.out().contains("0 of 2 points to train") && !again.out().contains("spark: "), again.out());
    }

    @Test void hmcChainsAsSparkTasksEqualTheLocalChains() throws IOException {
        Path cfg = dir.resolve("tiny.toml");
        Files.writeString(cfg, TINY);
        Run local = run("hmc", cfg.toString(), "--n", "300", "--therm", "50", "--chains", "3", "--out", dir.resolve("local.npz").toString(), "--quiet");
        assertEquals(0, local.code(), local.out() + local.err());
        Run spark = run("hmc", cfg.toString(), "--n", "300", "--therm", "50", "--chains", "3", "--out", dir.resolve("spark.npz").toString(),
                "--spark", "local[2]");
        assertEquals(0, spark.code(), spark.out() + spark.err());
        for (int k = 0; k < 3; k++) {
            byte[] a = Files.readAllBytes(dir.resolve("local.chain" + k + ".npz"));
            byte[] b = Files.readAllBytes(dir.resolve("spark.chain" + k + ".npz"));
            assertArrayEquals(a, b, "chain " + k);
        }
        // chains differ from each other (their own streams), and chain 0 is the plain single chain
        assertTrue(!java.util.Arrays.equals(Files.readAllBytes(dir.resolve("local.chain0.npz")), Files.readAllBytes(dir.resolve("local.chain1.npz"))));
        Run plain = run("hmc", cfg.toString(), "--n", "300", "--therm", "50", "--out", dir.resolve("plain.npz").toString(), "--quiet");
        assertEquals(0, plain.code(), plain.err());
        assertArrayEquals(Files.readAllBytes(dir.resolve("plain.npz")), Files.readAllBytes(dir.resolve("local.chain0.npz")));
    }

    @Test void flowChainsAsSparkTasksEqualTheLocalChains() throws IOException {
        Path cfg = dir.resolve("tiny.toml");
        Files.writeString(cfg, TINY);
        Run train = run("train", cfg.toString(), "--result", dir.resolve("res").toString(), "--quiet");
        assertEquals(0, train.code(), train.out() + train.err());
        String runDir = dir.resolve("res/tiny").toString();
        Run local = run("sample", runDir, "--n", "500", "--chains", "2", "--threads", "1", "--out", dir.resolve("f.npz").toString(), "--quiet");
        assertEquals(0, local.code(), local.out() + local.err());
        Run spark = run("sample", runDir, "--n", "500", "--chains", "2", "--out", dir.resolve("g.npz").toString(), "--spark", "local[2]");
        assertEquals(0, spark.code(), spark.out() + spark.err());
        for (int k = 0; k < 2; k++) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("f.chain" + k + ".npz")), Files.readAllBytes(dir.resolve("g.chain" + k + ".npz")), "chain " + k);
        }
        Run analyze = run("analyze", dir.resolve("g.chain0.npz").toString(), dir.resolve("g.chain1.npz").toString(), "--json");
        assertEquals(0, analyze.code(), analyze.err());
        assertTrue(analyze.out().contains("\"n\":1000,"), analyze.out());
    }

    @Test void aLocalMasterWithTooFewCoresIsRefused() {
        BadInputException e = assertThrows(BadInputException.class, () -> SparkTaskBackend.validate("local[1]", 2));
        assertTrue(e.getMessage().contains("local[2]"), e.getMessage());
        assertThrows(BadInputException.class, () -> SparkTaskBackend.validate("mesos://x", 1));
        SparkTaskBackend.validate("spark://127.0.0.1:7077", 4);
        SparkTaskBackend.validate("local[*]", 4);
    }
}
