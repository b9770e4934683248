package io.github.gomaflow.validation;

import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.analysis.AnalysisOptions;
import io.github.gomaflow.analysis.AnalysisResult;
import io.github.gomaflow.analysis.EnsembleAnalysis;
import io.github.gomaflow.analysis.GammaEstimate;
import io.github.gomaflow.config.GomaConfig;
import io.github.gomaflow.config.PhysicalParams;
import io.github.gomaflow.flow.FlowEngine;
import io.github.gomaflow.flow.FlowModel;
import io.github.gomaflow.io.EnsembleWriter;
import io.github.gomaflow.io.ProgressListener;
import io.github.gomaflow.lattice.Lattice;
import io.github.gomaflow.mcmc.ChainSummary;
import io.github.gomaflow.mcmc.FlowProposals;
import io.github.gomaflow.mcmc.FlowSampler;
import io.github.gomaflow.mcmc.HmcChain;
import io.github.gomaflow.mcmc.Integrator;
import io.github.gomaflow.prior.Priors;
import io.github.gomaflow.train.Checkpoint;
import io.github.gomaflow.train.TrainingRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The end-to-end pipeline of the physics validation, through the same library calls the CLI makes:
 * train ({@link TrainingRun}) → flow ensemble ({@link FlowSampler}) or HMC ensemble ({@link HmcChain})
 * streamed to an .npz file → {@link EnsembleAnalysis}. Progress goes to stdout (which surefire
 * redirects to target/surefire-reports), so a slow run can be followed.
 */
final class ValidationRuns {
    /** Worker threads: the machine's processors (results do not depend on it). */
    static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());

    private ValidationRuns() {}

    /** An ensemble's analysis with the chain that made it. */
    record Ensemble(AnalysisResult analysis, ChainSummary chain) {
        GammaEstimate get(String name) {
            GammaEstimate e = analysis.observables().get(name);
            if (e == null) throw new AssertionError("analysis has no observable " + name);
            return e;
        }
    }

    /** Trains {@code config} into {@code root/<name>} and returns its final checkpoint. */
    static Path train(GomaConfig config, Path root) throws IOException {
        long t0 = System.nanoTime();
        TrainingRun.Summary s = TrainingRun.execute(config,
                new TrainingRun.Options(root, THREADS, false, true, "validation-test", null), ProgressListener.NONE);
        log("trained %s: %d epochs, last acceptance %.3f, last ESS %.3f, best acceptance %.3f (%.1f s)", config.name(),
                s.lastEpoch(), s.last().acceptanceRate(), s.last().ess(), s.best().acceptanceRate(), seconds(t0));
        return s.runDir().resolve(TrainingRun.FINAL);
    }

    /** Independence-Metropolis ensemble of n steps (no thermalisation: the chain starts at a flow sample). */
    static Ensemble sampleFlow(Path checkpoint, long n, long seed, Path out) throws IOException {
        long t0 = System.nanoTime();
        Checkpoint c = Checkpoint.read(checkpoint);
        PhysicalParams p = c.config().physical();
        Lattice lattice = p.lattice();
        FlowModel model = FlowModel.withParameters(lattice, c.config().model(), c.parameters());
        ScalarPhi4Action action = new ScalarPhi4Action(lattice, p.mSquared(), p.lambda());
        int batch = FlowSampler.DEFAULT_BATCH;
        ChainSummary chain;
        try (FlowEngine engine = new FlowEngine(model, batch, THREADS);
             EnsembleWriter w = new EnsembleWriter(out, lattice, p.mSquared(), p.lambda(), EnsembleWriter.Source.FLOW, n)) {
            FlowSampler sampler = new FlowSampler(
                    new FlowProposals(engine, Priors.of(c.config().training().prior()), lattice.volume(), batch), action, batch);
            chain = sampler.run(n, 0, seed, w, ProgressListener.NONE, () -> false);
        }
        log("flow ensemble %s: %s (%.1f s)", out.getFileName(), chain.describe(), seconds(t0));
        return analyse(out, chain);
    }

    /** HMC ensemble of n trajectories (τ = 1, leapfrog, ε tuned to 80 % acceptance in 1000 thermalisation trajectories). */
    static Ensemble hmc(Lattice lattice, double mSquared, double lambda, long n, long seed, Path out) throws IOException {
        long t0 = System.nanoTime();
        ScalarPhi4Action action = new ScalarPhi4Action(lattice, mSquared, lambda);
        HmcChain.Options o = new HmcChain.Options(1.0, 20, Integrator.LEAPFROG, 1000, 0.8, true);
        HmcChain.Result r;
        try (EnsembleWriter w = new EnsembleWriter(out, lattice, mSquared, lambda, EnsembleWriter.Source.HMC, n)) {
            r = HmcChain.run(action, o, n, seed, w, ProgressListener.NONE, () -> false);
        }
        log("hmc ensemble %s: K=%d eps=%.4f <exp(-dH)>=%.4f %s (%.1f s)", out.getFileName(), r.steps(), r.stepSize(),
                r.meanExpMinusDH(), r.chain().describe(), seconds(t0));
        return analyse(out, r.chain());
    }

    private static Ensemble analyse(Path file, ChainSummary chain) {
        AnalysisResult a = EnsembleAnalysis.analyze(file, AnalysisOptions.defaults(), ProgressListener.NONE);
        StringBuilder sb = new StringBuilder();
        a.observables().forEach((k, e) -> sb.append(String.format(Locale.ROOT, "%n  %-15s %.6f +- %.6f  tau_int %.2f",
                k, e.value(), e.error(), e.tauInt())));
        for (int t = 0; t < a.correlator().size(); t++) {
            GammaEstimate g = a.correlator().get(t);
            sb.append(String.format(Locale.ROOT, "%n  G_t[%d]         %.6f +- %.6f", t, g.value(), g.error()));
        }
        log("analysis of %s (%d samples, bins of %d):%s", file.getFileName(), a.samples(), a.binSize(), sb);
        return new Ensemble(a, chain);
    }

    /** (value − expected)/error. */
    static double sigma(GammaEstimate e, double expected) {
        return (e.value() - expected) / e.error();
    }

    static void log(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    static double seconds(long t0) {
        return (System.nanoTime() - t0) * 1e-9;
    }
}
