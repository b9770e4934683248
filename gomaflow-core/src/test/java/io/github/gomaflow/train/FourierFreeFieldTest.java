package io.github.gomaflow.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.analysis.EffectiveSampleSize;
import io.github.gomaflow.analysis.FreeEnergy;
import io.github.gomaflow.config.DeviceParams;
import io.github.gomaflow.config.GomaConfig;
import io.github.gomaflow.config.ModelParams;
import io.github.gomaflow.config.OptimizerSpec;
import io.github.gomaflow.config.PhysicalParams;
import io.github.gomaflow.config.PriorSpec;
import io.github.gomaflow.config.ScheduleSpec;
import io.github.gomaflow.config.TrainingParams;
import io.github.gomaflow.flow.FlowEngine;
import io.github.gomaflow.flow.FlowModel;
import io.github.gomaflow.io.ProgressListener;
import io.github.gomaflow.lattice.Lattice;
import io.github.gomaflow.prior.Prior;
import io.github.gomaflow.prior.Priors;
import io.github.gomaflow.rng.Streams;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Fourier base layer on the free field (λ = 0, m² &gt; 0), where its exact widths σ_k = 1/√(2(m² + p̂²_k))
 * make q = p: the per-sample log weight equals the exact log Z, a briefly trained layer alone reaches
 * ESS &gt; 0.99, and the free energy of a trained Fourier + coupling flow agrees with the exact
 * log Z = (V/2) log π − ½ Σ_k log(m² + p̂²_k) with honest errors (pulls over independent proposal sets).
 * Also end to end through {@link TrainingRun}: the checkpoint names the widths, and resume is bit-identical.
 */
class FourierFreeFieldTest {
    private static final Prior PRIOR = Priors.of(new PriorSpec.Normal(0, 1));

    static ModelParams spec(int nLayers) { return new ModelParams(2021, nLayers, List.of(4), 3, 1, 2, true, false, true, false); }

    /** Proposals of a flow: log q = log r(z) − logDet and log p̃ = −S for n samples drawn from stream (seed, "z"). */
    static void proposals(FlowEngine engine, ScalarPhi4Action action, int n, long seed, double[] logQ, double[] logP) {
        int v = action.lattice().volume();
        int batch = 512;
        float[] z = new float[v * batch];
        float[] phi = new float[v * batch];
        double[] logDet = new double[batch];
        double[] logR = new double[batch];
        double[] s = new double[batch];
        var rng = Streams.stream(seed, "z");
        for (int done = 0; done < n; done += batch) {
            int b = Math.min(batch, n - done);
            PRIOR.sample(rng, z, v * b);
            engine.forward(z, b, phi, logDet);
            PRIOR.logDensity(z, v, b, logR);
            action.action(phi, b, s);
            for (int i = 0; i < b; i++) {
                logQ[done + i] = logR[i] - logDet[i];
                logP[done + i] = -s[i];
            }
        }
    }

    /** w = log p̃ − log q = log Z for every sample when q = p, up to float rounding of S and log r (~V·1e-6). */
    @Test void exactWidthsGiveTheExactLogZForEverySample() {
        int checked = 0;
        for (int[] ext : new int[][] {{8, 8}, {3, 4, 5}, {7}}) {
            Lattice lattice = new Lattice(ext);
            double m2 = 0.5;
            FlowModel model = FlowModel.create(lattice, spec(0), m2);
            ScalarPhi4Action action = new ScalarPhi4Action(lattice, m2, 0.0);
            double exact = FreeEnergy.exactFreeFieldLogZ(ext, m2);
            int n = 300;
            double[] logQ = new double[n];
            double[] logP = new double[n];
            try (FlowEngine e = new FlowEngine(model, 512, 2)) {
                proposals(e, action, n, 1, logQ, logP);
            }
            double loss = 0;
            for (int i = 0; i < n; i++) {
                assertEquals(exact, logP[i] - logQ[i], 2e-5 * lattice.volume(), java.util.Arrays.toString(ext) + " sample " + i);
                loss += (logQ[i] - logP[i]) / n;
                checked++;
            }
            // the reverse-KL loss E[log q − log p̃] is −log Z exactly
            assertEquals(-exact, loss, 2e-5 * lattice.volume());
        }
        assertEquals(900, checked);
    }

    /** Trains with Adam on the engine's reverse-KL gradient; returns the model. */
    static FlowModel train(FlowModel model, ScalarPhi4Action action, int steps, int batch, double lr, long seed) {
        int v = action.lattice().volume();
        float[] z = new float[v * batch];
        float[] phi = new float[v * batch];
        double[] logDet = new double[batch];
        double[] s = new double[batch];
        float[] grad = new float[model.parameterCount()];
        Adam adam = Adam.withDefaults(model.parameterCount());
        var rng = Streams.stream(seed, "train-z");
        try (FlowEngine e = new FlowEngine(model, batch, 2)) {
            for (int step = 0; step < steps; step++) {
                PRIOR.sample(rng, z, z.length);
                e.lossGradient(z, batch, action, phi, logDet, s, grad);
                adam.step(model.parameters(), grad, lr);
            }
        }
        return model;
    }

    static double ess(FlowModel model, ScalarPhi4Action action, int n, long seed) {
        double[] logQ = new double[n];
        double[] logP = new double[n];
        try (FlowEngine e = new FlowEngine(model, 512, 2)) {
            proposals(e, action, n, seed, logQ, logP);
        }
        double[] w = new double[n];
        for (int i = 0; i < n; i++) w[i] = logP[i] - logQ[i];
        return EffectiveSampleSize.of(w, n);
    }

    /** The layer alone, from σ = 1 (far from the free field: ESS ≪ 1), trained briefly at 2D L = 8, m² = 0.5. */
    @Test void trainedLayerAloneReachesEssAbove099() {
        Lattice lattice = new Lattice(8, 8);
        ScalarPhi4Action action = new ScalarPhi4Action(lattice, 0.5, 0.0);
        FlowModel model = FlowModel.create(lattice, spec(0)); // σ = 1
        double before = ess(model, action, 4096, 7);
        assertTrue(before < 0.1, "ESS at σ = 1 should be small, got " + before);
        train(model, action, 400, 256, 0.05, 3);
        double after = ess(model, action, 8192, 8);
        assertTrue(after > 0.99, "ESS of the trained Fourier layer " + after);
    }

    /**
     * Fourier + 2 couplings at 2D 4×4, m² = 0.5, λ = 0, trained briefly: 16 independent proposal sets of 4096
     * give log Z estimates whose pulls (est − exact)/error have a mean square within the central 99.8 % of
     * χ²₁₆/16 ([0.24, 2.3]), and none beyond 4σ.
     */
    @Test void trainedFlowFreeEnergyAgreesWithTheExactLogZWithHonestErrors() {
        int[] ext = {4, 4};
        Lattice lattice = new Lattice(ext);
        double m2 = 0.5;
        ScalarPhi4Action action = new ScalarPhi4Action(lattice, m2, 0.0);
        FlowModel model = train(FlowModel.create(lattice, spec(2), m2), action, 150, 64, 0.003, 5);
        double exact = FreeEnergy.exactFreeFieldLogZ(ext, m2);
        int runs = 16, n = 4096;
        double pull2 = 0, ess = 0;
        for (int r = 0; r < runs; r++) {
            double[] logQ = new double[n];
            double[] logP = new double[n];
            try (FlowEngine e = new FlowEngine(model, 512, 2)) {
                proposals(e, action, n, 100 + r, logQ, logP);
            }
            FreeEnergy.Estimate est = FreeEnergy.estimate(logQ, logP);
            double pull = (est.value() - exact) / est.error();
            assertTrue(Math.abs(pull) < 4, "run " + r + ": " + est + " vs exact " + exact);
            pull2 += pull * pull;
            ess += est.ess() / runs;
        }
        assertTrue(ess < 0.999, "the couplings must make the flow inexact (ESS " + ess + "), else the test shows nothing");
        double meanSquare = pull2 / runs;
        assertTrue(meanSquare > 0.24 && meanSquare < 2.3, "mean square pull " + meanSquare + " (mean ESS " + ess + ")");
    }

    static GomaConfig config(String name, int epochs) {
        TrainingParams tp = new TrainingParams(12345, 32, epochs, 5, 0.01, new OptimizerSpec.Adam(0.9, 0.999, 1e-8),
                new PriorSpec.Normal(0, 1), new ScheduleSpec.Constant(), "", 64, 128, false);
        return new GomaConfig(name, "0.1.0", new DeviceParams(-1), tp, new PhysicalParams(List.of(4, 6), 0.5, 0.0), spec(1));
    }

    /** train → checkpoint with {@code fourier.log_sigma} → resume: 2 + 1 epochs give the bits of 3 epochs in one run. */
    @Test void trainsThroughTheRunAndResumesBitIdentically(@TempDir Path dir) throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        TrainingRun.execute(config("run", 3), new TrainingRun.Options(a, 2, false, false, "t", null), ProgressListener.NONE);
        TrainingRun.execute(config("run", 2), new TrainingRun.Options(b, 1, false, false, "t", null), ProgressListener.NONE);
        TrainingRun.execute(config("run", 3), new TrainingRun.Options(b, 2, true, false, "t", null), ProgressListener.NONE);
        Checkpoint ca = Checkpoint.read(a.resolve("run/model_final.ckpt"));
        Checkpoint cb = Checkpoint.read(b.resolve("run/model_final.ckpt"));
        assertTrue(ca.config().model().fourierBase());
        assertArrayEquals(TrainingRunTest.bits(ca.parameters()), TrainingRunTest.bits(cb.parameters()));
        var tensors = io.github.gomaflow.io.SafeTensors.read(a.resolve("run/model_final.ckpt")).tensors();
        var widths = tensors.get("fourier.log_sigma");
        assertArrayEquals(new long[] {3 * 4}, widths.shape()); // 4×6: folded momenta 0..2 times 0..3
        int offset = ca.parameters().length - 12;
        // the widths moved from their free-field start and are stored as they are in memory
        double[] start = new io.github.gomaflow.flow.FourierBasis(new Lattice(4, 6)).freeFieldLogWidths(0.5);
        boolean moved = false;
        for (int o = 0; o < 12; o++) {
            assertEquals(ca.parameters()[offset + o], widths.data()[o]);
            moved |= Math.abs(widths.data()[o] - start[o]) > 1e-4;
        }
        assertTrue(moved);
    }
}
