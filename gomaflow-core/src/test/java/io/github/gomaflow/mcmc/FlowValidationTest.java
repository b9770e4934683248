package io.github.gomaflow.mcmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.action.FreeField;
import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.analysis.AnalysisOptions;
import io.github.gomaflow.analysis.AnalysisResult;
import io.github.gomaflow.analysis.EnsembleAnalysis;
import io.github.gomaflow.analysis.GammaEstimate;
import io.github.gomaflow.config.ConfigLoader;
import io.github.gomaflow.config.GomaConfig;
import io.github.gomaflow.flow.FlowEngine;
import io.github.gomaflow.flow.FlowModel;
import io.github.gomaflow.io.EnsembleWriter;
import io.github.gomaflow.io.ProgressListener;
import io.github.gomaflow.lattice.Lattice;
import io.github.gomaflow.prior.Priors;
import io.github.gomaflow.train.Checkpoint;
import io.github.gomaflow.train.TrainingRun;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4 item 7, flow half: train a small flow on the free field (λ = 0, m² = 0.5, 2D L = 8), sample
 * it with independence Metropolis, and check χ₂ = 1/(2m²) and G(t) against the exact values within
 * 3σ. Slow: ~1 min on a quiet 2-core machine (training dominates).
 */
@Tag("slow")
class FlowValidationTest {
    @TempDir Path dir;

    @Test void trainedFlowReproducesTheFreeField() throws IOException {
        GomaConfig cfg = ConfigLoader.parse("""
                [training]
                seed = 3
                batchsize = 64
                epochs = 4
                iterations = 100
                base_lr = 0.003
                nsamples = 1024
                ess_samples = 256
                [physical]
                L = 8
                Nd = 2
                M2 = 0.5
                lam = 0.0
                [model]
                n_layers = 8
                hidden_sizes = [8, 8]
                """, "free", w -> {});
        TrainingRun.execute(cfg, new TrainingRun.Options(dir, 2, false, false, "test", null), ProgressListener.NONE);
        Checkpoint ckpt = Checkpoint.read(dir.resolve("free").resolve("model_final.ckpt"));
        Lattice lattice = cfg.physical().lattice();
        FlowModel model = FlowModel.withParameters(lattice, ckpt.config().model(), ckpt.parameters());
        ScalarPhi4Action action = new ScalarPhi4Action(lattice, 0.5, 0.0);
        Path ens = dir.resolve("free.npz");
        int n = 100_000;
        ChainSummary chain;
        try (FlowEngine engine = new FlowEngine(model, FlowSampler.DEFAULT_BATCH, 2);
             EnsembleWriter w = new EnsembleWriter(ens, lattice, 0.5, 0.0, EnsembleWriter.Source.FLOW, n)) {
            FlowProposals proposals = new FlowProposals(engine, Priors.of(cfg.training().prior()), lattice.volume(),
                    FlowSampler.DEFAULT_BATCH);
            chain = new FlowSampler(proposals, action, FlowSampler.DEFAULT_BATCH)
                    .run(n, 0, 5, w, ProgressListener.NONE, () -> false);
        }
        assertTrue(chain.acceptance() > 0.2, "the flow must have learnt something: acceptance " + chain.acceptance());
        AnalysisResult r = EnsembleAnalysis.analyze(ens, AnalysisOptions.defaults(), ProgressListener.NONE);
        FreeField exact = new FreeField(lattice, 0.5);
        within3Sigma(exact.chi2(), r.observables().get("chi2"), "chi2");
        for (int t = 0; t < lattice.extent(0); t++) {
            within3Sigma(exact.zeroMomentumCorrelator(t), r.correlator().get(t), "G(" + t + ")");
        }
    }

    private static void within3Sigma(double exact, GammaEstimate e, String what) {
        assertTrue(e.error() > 0 && Double.isFinite(e.error()), what + ": error " + e.error());
        assertEquals(exact, e.value(), 3 * e.error(), what + " = " + e.value() + " ± " + e.error() + ", exact " + exact);
    }
}
