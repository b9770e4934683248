package io.github.gomaflow.io.bson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.config.ConfigLoader;
import io.github.gomaflow.config.GomaConfig;
import io.github.gomaflow.flow.FlowEngine;
import io.github.gomaflow.flow.FlowModel;
import io.github.gomaflow.lattice.Lattice;
import io.github.gomaflow.prior.Prior;
import io.github.gomaflow.prior.Priors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against GomalizingFlow's own files (shared/gomalizingflow-assets beside the repository: a model it
 * trained and the Metropolis history it wrote with that model): our engine must give every history
 * state the log q and −S that GomalizingFlow recorded, to float32 rounding.
 */
public class GomalizingFlowFilesTest {
    @TempDir Path dir;

    /** shared/gomalizingflow-assets, looked for above the working directory (CI puts shared/ beside the clone). */
    public static Path assets() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path a = p.resolve("shared/gomalizingflow-assets");
            if (Files.isRegularFile(a.resolve("trained_model.bson"))) return a;
        }
        Assumptions.abort("shared/gomalizingflow-assets not found above " + Path.of("").toAbsolutePath());
        return null;
    }

    /** Largest |ours − theirs| / max(1, |theirs|) of log q and of −S over the whole history. */
    static double[] deviations(Path assets) {
        GomaConfig config = ConfigLoader.load(assets.resolve("config.toml"), w -> { });
        float[] params = GomalizingFlowFiles.readModel(assets.resolve("trained_model.bson"), config);
        GomalizingFlowFiles.History h = GomalizingFlowFiles.readHistory(assets.resolve("history.bson"));
        Lattice lattice = config.physical().lattice();
        assertEquals(java.util.Arrays.toString(lattice.extents()), java.util.Arrays.toString(h.extents()));
        FlowModel model = FlowModel.create(lattice, config.model());
        System.arraycopy(params, 0, model.parameters(), 0, params.length);
        Prior prior = Priors.of(config.training().prior());
        ScalarPhi4Action action = new ScalarPhi4Action(lattice, config.physical().mSquared(), config.physical().lambda());
        int v = lattice.volume(), n = h.size(), batch = 256;
        double maxQ = 0, maxP = 0;
        float[] phi = new float[v * batch], z = new float[v * batch];
        double[] logDet = new double[batch], logR = new double[batch], s = new double[batch];
        try (FlowEngine engine = new FlowEngine(model, batch, 2)) {
            for (int start = 0; start < n; start += batch) {
                int b = Math.min(batch, n - start);
                for (int c = 0; c < b; c++) {
                    for (int site = 0; site < v; site++) phi[site * b + c] = h.cfgs()[(start + c) * v + site];
                }
                engine.inverse(phi, b, z, logDet);
                prior.logDensity(z, v, b, logR);
                action.action(phi, b, s);
                for (int c = 0; c < b; c++) {
                    double logQ = logR[c] - logDet[c];
                    maxQ = Math.max(maxQ, Math.abs(logQ - h.logQ()[start + c]) / Math.max(1, Math.abs(h.logQ()[start + c])));
                    maxP = Math.max(maxP, Math.abs(-s[c] - h.logP()[start + c]) / Math.max(1, Math.abs(h.logP()[start + c])));
                }
            }
        }
        return new double[] {maxQ, maxP, n};
    }

    @Test void logQAndMinusSOfEveryHistoryStateAgreeWithGomalizingFlowToFloat32Rounding() {
        double[] dev = deviations(assets());
        assertEquals(8256, (int) dev[2], "history length");
        // float32 has a 6e-8 relative step; sums over 64 sites and 16 layers accumulate some 100 of them
        assertTrue(dev[0] < 1e-5, "largest relative deviation of log q: " + dev[0]);
        assertTrue(dev[1] < 1e-5, "largest relative deviation of -S: " + dev[1]);
    }

    @Test void foreignOrBrokenBsonIsOneClearLine() throws IOException {
        Path assets = assets();
        byte[] model = Files.readAllBytes(assets.resolve("trained_model.bson"));
        Path truncated = Files.write(dir.resolve("t.bson"), java.util.Arrays.copyOf(model, model.length / 2));
        BadInputException e = assertThrows(BadInputException.class, () -> Bson.read(truncated));
        assertTrue(e.getMessage().startsWith(truncated + ": not a valid BSON file"), e.getMessage());
        GomaConfig config = ConfigLoader.load(assets.resolve("config.toml"), w -> { });
        // another architecture: the configuration asks for 8 layers
        GomaConfig eight = new GomaConfig(config.name(), config.version(), config.device(), config.training(), config.physical(),
                new io.github.gomaflow.config.ModelParams(2021, 8, java.util.List.of(8, 8), 3, 1, 2, true, false));
        BadInputException layers = assertThrows(BadInputException.class,
                () -> GomalizingFlowFiles.readModel(assets.resolve("trained_model.bson"), eight));
        assertTrue(layers.getMessage().contains("16 coupling layers") && layers.getMessage().contains("n_layers = 8"), layers.getMessage());
        // a history is not a model, and a random binary is not BSON
        assertThrows(BadInputException.class, () -> GomalizingFlowFiles.readModel(assets.resolve("history.bson"), config));
        Path junk = Files.write(dir.resolve("j.bson"), new byte[] {1, 2, 3, 4, 5, 6, 7});
        assertThrows(BadInputException.class, () -> Bson.read(junk));
    }

    /**
     * GomalizingFlow's ADAM state: the run of config.toml took 1 epoch × 10 iterations, so t = 10; every
     * weight and bias has a state; and each moment sits where its parameter sits — checked element by
     * element for the first convolution of layer 1 by locating each Julia weight's value in our
     * parameters (no index formula shared with the code under test).
     */
    @Test void adamStateIsReadWithItsStepCountAndEveryMomentBesideItsParameter() {
        Path assets = assets();
        Path model = assets.resolve("trained_model.bson");
        GomaConfig config = ConfigLoader.load(assets.resolve("config.toml"), w -> { });
        GomalizingFlowFiles.AdamState a = GomalizingFlowFiles.readAdamState(model, config).orElseThrow();
        assertEquals(config.training().epochs() * (long) config.training().iterations(), a.steps());
        assertEquals(10, a.steps());
        assertEquals(0.9, a.beta1(), 0);
        assertEquals(0.999, a.beta2(), 0);
        assertEquals(config.training().baseLr(), a.eta(), 1e-9);
        float[] params = GomalizingFlowFiles.readModel(model, config);
        assertEquals(params.length, a.m().length);
        int zeroV = 0;
        for (float x : a.v()) if (!(x > 0)) zeroV++;
        assertEquals(0, zeroV, "parameters without a second moment");

        var file = Bson.read(model);
        JuliaValues j = new JuliaValues(file, "t");
        var layers = j.tuple(j.structFields(file.get("trained_model"), "Chain", "m").get(0), "layers");
        var net = j.tuple(j.structFields(j.structFields(layers.get(0), "AffineCoupling", "l").get(0), "Chain", "n").get(0), "net");
        JuliaValues.JuliaArray w = null;
        for (Object item : net) if (w == null && j.typeName(item).endsWith("Conv")) w = j.array(j.structFields(item, "Conv", "c").get(1), "w");
        var dict = j.structFields(j.structFields(file.get("opt"), "ADAM", "opt").get(3), "IdDict", "state");
        var keys = Bson.list(j.resolve(dict.get(0)), "k", "t");
        var values = Bson.list(j.resolve(dict.get(1)), "v", "t");
        int entry = -1;
        for (int i = 0; i < keys.size(); i++) if (java.util.Arrays.equals(j.array(keys.get(i), "k").floats(), w.floats())) entry = i;
        assertTrue(entry >= 0, "layer 1 conv 1 weight has a state entry");
        var mt = j.array(j.tuple(values.get(entry), "e").get(0), "mt").floats();
        var vt = j.array(j.tuple(values.get(entry), "e").get(1), "vt").floats();
        int firstConv = w.floats().length;   // layer 0, conv 0 weights open the flat layout
        for (int i = 0; i < w.floats().length; i++) {
            int at = -1;
            for (int f = 0; f < firstConv; f++) if (params[f] == w.floats()[i]) at = f;
            assertTrue(at >= 0, "weight value " + w.floats()[i] + " not among layer 1 conv 1's parameters");
            assertEquals(mt[i], a.m()[at], 0, "m beside its weight, Julia index " + i);
            assertEquals(vt[i], a.v()[at], 0, "v beside its weight, Julia index " + i);
        }
    }
}
