package io.github.gomaflow.mcmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.config.ModelParams;
import io.github.gomaflow.flow.FlowEngine;
import io.github.gomaflow.flow.FlowModel;
import io.github.gomaflow.io.EnsembleWriter;
import io.github.gomaflow.io.NpzTestSupport;
import io.github.gomaflow.io.ProgressListener;
import io.github.gomaflow.lattice.Lattice;
import io.github.gomaflow.prior.Prior;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sampler on a real (untrained, randomly initialised) flow. */
class FlowProposalsTest {
    @TempDir Path dir;

    /** N(0, 1) per site. */
    static final Prior STANDARD_NORMAL = new Prior() {
        @Override public double logDensity(double x) { return -0.5 * x * x - 0.5 * Math.log(2 * Math.PI); }

        @Override public void sample(RandomGenerator rng, float[] z, int n) {
            for (int i = 0; i < n; i++) z[i] = (float) rng.nextGaussian();
        }
    };

    private static final Lattice LATTICE = new Lattice(4, 6);
    private static final ScalarPhi4Action ACTION = new ScalarPhi4Action(LATTICE, -1.0, 1.0);
    private static final ModelParams SPEC = new ModelParams(2021, 4, List.of(4), 3, 1, 2, true, false);

    private Path sample(String name, int threads, long n) throws IOException {
        FlowModel model = FlowModel.create(LATTICE, SPEC);
        Path f = dir.resolve(name);
        try (FlowEngine engine = new FlowEngine(model, 96, threads);
             EnsembleWriter w = new EnsembleWriter(f, LATTICE, -1.0, 1.0, EnsembleWriter.Source.FLOW, n)) {
            FlowSampler s = new FlowSampler(new FlowProposals(engine, STANDARD_NORMAL, LATTICE.volume(), 96), ACTION, 96);
            ChainSummary r = s.run(n, 10, 3, w, ProgressListener.NONE, () -> false);
            assertEquals(n, r.samples());
            assertTrue(r.acceptance() > 0 && r.acceptance() < 1, "acceptance " + r.acceptance());
        }
        return f;
    }

    @Test void resultsDoNotDependOnTheThreadCount() throws IOException {
        byte[] one = Files.readAllBytes(sample("t1.npz", 1, 250));
        byte[] two = Files.readAllBytes(sample("t2.npz", 2, 250));
        assertArrayEquals(one, two);
    }

    @Test void recordedLogQIsTheFlowDensityOfTheRecordedConfiguration() throws IOException {
        int n = 200;
        var e = NpzTestSupport.readNpz(sample("q.npz", 2, n));
        ByteBuffer cfgs = e.get("cfgs.npy").data();
        ByteBuffer logQ = e.get("log_q.npy").data();
        ByteBuffer logP = e.get("log_p.npy").data();
        int v = LATTICE.volume();
        // re-derive log q(φ) = log r(f⁻¹(φ)) − log|det ∂f/∂z| through the inverse flow
        float[] phi = new float[v * n];
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < v; s++) phi[s * n + i] = cfgs.getFloat(4 * (i * v + s));
        }
        float[] z = new float[v * n];
        double[] logDet = new double[n];
        double[] logR = new double[n];
        double[] action = new double[n];
        try (FlowEngine engine = new FlowEngine(FlowModel.create(LATTICE, SPEC), n, 1)) {
            engine.inverse(phi, n, z, logDet);
        }
        STANDARD_NORMAL.logDensity(z, v, n, logR);
        ACTION.action(phi, n, action);
        for (int i = 0; i < n; i++) {
            assertEquals(logR[i] - logDet[i], logQ.getDouble(8 * i), 2e-3, "sample " + i);
            assertEquals(-action[i], logP.getDouble(8 * i), 1e-9 * (1 + Math.abs(action[i])), "sample " + i);
        }
    }
}
