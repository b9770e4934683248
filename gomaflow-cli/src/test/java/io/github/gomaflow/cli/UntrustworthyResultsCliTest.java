package io.github.gomaflow.cli;

import static io.github.gomaflow.cli.CliRun.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.io.NpyFixtures;
import io.github.gomaflow.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import io.github.gomaflow.cli.CliRun.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Results that cannot be trusted never exit 0. */
class UntrustworthyResultsCliTest {
    @TempDir Path dir;


    private Path config(String name, String physical, String training) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, """
                [training]
                seed = 3
                batchsize = 16
                epochs = 1
                iterations = 2
                ess_samples = 32
                nsamples = 64
                %s
                [physical]
                L = 4
                Nd = 2
                %s
                [model]
                n_layers = 2
                hidden_sizes = [4]
                """.formatted(training, physical));
        return f;
    }

    private Path trainedModel() throws IOException {
        Path cfg = config("m.toml", "M2 = -4.0\nlam = 8.0", "");
        assertEquals(0, run("train", cfg.toString(), "--result", dir.resolve("res").toString(), "--quiet").code());
        return dir.resolve("res/m/model_final.ckpt");
    }

    private Path withParameters(Path model, String name, java.util.function.DoubleUnaryOperator f) throws IOException {
        Checkpoint c = Checkpoint.read(model);
        float[] p = c.parameters().clone();
        for (int i = 0; i < p.length; i++) p[i] = (float) f.applyAsDouble(p[i]);
        Path out = dir.resolve(name);
        new Checkpoint(c.config(), p, c.epoch(), c.metadata(), c.optimizerState(), c.runningStatistics()).write(out);
        return out;
    }

    @Test void aModelWithNanParametersIsRefused() throws IOException {
        Path nan = withParameters(trainedModel(), "nan.ckpt", x -> x == 0 ? x : Double.NaN);
        Run r = run("sample", nan.toString(), "--n", "100", "--out", dir.resolve("e.npz").toString(), "--quiet");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("nan.ckpt: parameter") && r.err().contains("NaN"), r.err());
        assertFalse(Files.exists(dir.resolve("e.npz")));
    }

    @Test void aModelWithNonFiniteDensitiesStopsWithoutAnEnsemble() throws IOException {
        Path huge = withParameters(trainedModel(), "huge.ckpt", x -> Math.copySign(3e38, x));
        Run r = run("sample", huge.toString(), "--n", "100", "--out", dir.resolve("e.npz").toString(), "--quiet");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("non-finite densities"), r.err());
        assertFalse(Files.exists(dir.resolve("e.npz")), "no ensemble of a broken model");
        try (var s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".e.npz.")), "no temporaries left");
        }
    }

    @Test void analyzeRefusesAFlowEnsembleWithNonFiniteLogQ() throws IOException {
        Map<String, byte[]> e = new java.util.LinkedHashMap<>(NpyFixtures.ensemble(new int[] {4, 4}, new float[3 * 16], 0.5, 0, new boolean[3]));
        e.put("log_q.npy", NpyFixtures.npy("<f8", new long[] {3}, NpyFixtures.doubles(1, Double.NaN, 2)));
        e.put("log_p.npy", NpyFixtures.npy("<f8", new long[] {3}, NpyFixtures.doubles(1, 1, 2)));
        e.put("source.npy", NpyFixtures.npy("|i1", new long[0], new byte[] {0}));
        Path f = dir.resolve("nan.npz");
        NpyFixtures.writeZip(f, e, false);
        Run r = run("analyze", f.toString(), "--quiet");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("log_q[1] is NaN"), r.err());
    }

    @Test void hmcWithAcceptanceZeroExitsNonZero() throws IOException {
        Path cfg = config("extreme.toml", "M2 = 1.0\nlam = 1e300", "");
        Run r = run("hmc", cfg.toString(), "--n", "200", "--therm", "100", "--out", dir.resolve("h.npz").toString(), "--quiet");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("cannot be trusted"), r.err());
    }

    @Test void compareWithNothingComparableIsNotAgreement() throws IOException {
        Path a = NpyFixtures.writeEnsemble(dir.resolve("a.npz"), new int[] {4, 4}, new float[16], 0.5, 0);
        Path b = NpyFixtures.writeEnsemble(dir.resolve("b.npz"), new int[] {4, 4}, new float[16], 0.5, 0);
        Run r = run("compare", a.toString(), b.toString(), "--quiet");
        assertEquals(CompareCommand.EXIT_NOTHING_COMPARED, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("nothing was compared") && !r.out().contains("agree"), r.out());
    }

    @Test void compareWarnsWhenTheActionsDiffer() throws IOException {
        float[] c = new float[400 * 16];
        for (int i = 0; i < c.length; i++) c[i] = (float) Math.sin(1.7 * i * i);
        Path a = NpyFixtures.writeEnsemble(dir.resolve("a.npz"), new int[] {4, 4}, c, 0.5, 0);
        Path b = NpyFixtures.writeEnsemble(dir.resolve("b.npz"), new int[] {4, 4}, c, 0.7, 0);
        Run r = run("compare", a.toString(), b.toString(), "--quiet");
        assertTrue(r.out().contains("warning: the ensembles are of different actions"), r.out());
    }

    @Test void trainingWithAnAbsurdLearningRateSaysSo() throws IOException {
        Path cfg = config("lr.toml", "M2 = -4.0\nlam = 8.0", "base_lr = 1000.0");
        Run r = run("train", cfg.toString(), "--result", dir.resolve("res").toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        assertTrue((r.out() + r.err()).contains("warning: the learning rate reached 1.00e+03"), r.out() + r.err());
    }
}
