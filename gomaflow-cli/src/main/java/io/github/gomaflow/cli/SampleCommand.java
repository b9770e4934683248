package io.github.gomaflow.cli;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.config.GomaConfig;
import io.github.gomaflow.flow.FlowEngine;
import io.github.gomaflow.flow.FlowModel;
import io.github.gomaflow.io.EnsembleWriter;
import io.github.gomaflow.io.ProgressListener;
import io.github.gomaflow.lattice.Lattice;
import io.github.gomaflow.mcmc.ChainSummary;
import io.github.gomaflow.mcmc.FlowProposals;
import io.github.gomaflow.mcmc.FlowSampler;
import io.github.gomaflow.prior.Prior;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gomaflow sample}: independence-Metropolis ensemble from a trained flow (docs/SAMPLERS.md). */
@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Independence-Metropolis ensemble with proposals from a trained flow.")
public final class SampleCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_DIR|MODEL",
            description = "A training result directory, or a .ckpt file.")
    Path source;

    @Option(names = "--n", required = true, paramLabel = "N", description = "Steps of the chain to record (> 0).")
    long n;

    @Option(names = "--out", paramLabel = "FILE", description = "Ensemble file (default RUN_DIR/ensemble.npz).")
    Path out;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: the configuration's training seed).")
    Long seed;

    @Option(names = "--threads", paramLabel = "T", description = "Worker threads (default: all processors). "
            + "Results do not depend on it.")
    Integer threads;

    @Option(names = "--therm", paramLabel = "K", defaultValue = "0",
            description = "Chain steps run before recording starts (default ${DEFAULT-VALUE}: the chain starts from "
                    + "a flow sample, which is already distributed as q).")
    long therm;

    @Option(names = "--model", paramLabel = "WHICH", defaultValue = "final",
            description = "Checkpoint of RUN_DIR to use: final, best_ess or best_acceptance (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--quiet", description = "No progress output.")
    boolean quiet;

    @Option(names = "--force", description = "Replace an existing ensemble file.")
    boolean force;

    @Option(names = "--symmetrize", description = "Propose from q_sym(phi) = [q(phi) + q(-phi)]/2: each proposal's sign is"
            + " flipped with probability 1/2 (one inverse pass more per batch). Exact; the proposals, and so the chain,"
            + " cannot favour one sign of M (docs/SAMPLERS.md).")
    boolean symmetrize;

    @Option(names = "--mix", paramLabel = "hmc:K[:S]", description = "Composite chain: after every flow step, K HMC"
            + " trajectories (tau = 1, S leapfrog steps, default 10, randomised lengths) move the state; exact, since each"
            + " move leaves the target invariant (docs/SAMPLERS.md).")
    String mix;

    @Option(names = "--z2-flip", description = "After every step flip the chain's state phi -> -phi with probability 1/2"
            + " (exact for the even phi^4 action; one inverse pass more per batch).")
    boolean z2Flip;

    @Mixin ChainsMixin chains;

    @Spec CommandSpec spec;

    @SuppressWarnings("try")   // the run-directory lock is held for the whole block
    @Override public Integer call() throws Exception {
        if (n <= 0) throw new BadInputException("--n must be > 0, got " + n);
        if (therm < 0) throw new BadInputException("--therm must be >= 0, got " + therm);
        int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (t < 1 || t > 1024) throw new BadInputException("--threads must be in 1..1024, got " + t);
        Path checkpointFile = TrainedFlow.checkpointFile(source, model);
        TrainedFlow trained = TrainedFlow.load(checkpointFile);
        GomaConfig cfg = trained.config();
        var p = cfg.physical();
        Lattice lattice = p.lattice();
        ScalarPhi4Action action = trained.action();
        io.github.gomaflow.train.MemoryEstimate.require(cfg, FlowSampler.DEFAULT_BATCH, t, checkpointFile.toString(), "sampling");
        FlowModel flow = trained.model();
        Prior prior = trained.prior();
        Path file = out != null ? out : checkpointFile.toAbsolutePath().getParent().resolve("ensemble.npz");
        if (Files.isDirectory(file)) throw new BadInputException("--out " + file + " is a directory; give a file name");
        if (chains.fansOut()) {
            return MultiChain.run(spec, chains, file, spec.positionalParameters().get(0).originalStringValues().get(0), checkpointFile);
        }
        ChainRunSupport.requireWritable(file, force);
        if (seed != null && seed < 0) throw new BadInputException("--seed " + seed + ": allowed: 0 … " + Long.MAX_VALUE);
        long s = chains.seed(seed != null ? seed : cfg.training().seed());
        PrintWriter stdout = spec.commandLine().getOut();
        ProgressListener progress = ConsoleProgress.forStdout(stdout, quiet);
        int batch = FlowSampler.DEFAULT_BATCH;
        ChainSummary c;
        try (var lock = ChainRunSupport.lockRunDirectory(file, "gomaflow " + spec.name()); ChainRunSupport run = new ChainRunSupport(); FlowEngine engine = new FlowEngine(flow, batch, t)) {
            // batch norm: running statistics, so that log q of a proposal does not depend on its batch
            engine.setBatchNormTraining(false);
            FlowSampler sampler = new FlowSampler(new FlowProposals(engine, prior, lattice.volume(), batch), action, batch)
                    .withSymmetry(symmetrize, z2Flip);
            int[] hmcMix = parseMix();
            if (hmcMix[0] > 0) sampler.withHmcMoves(hmcMix[0], hmcMix[1]);
            EnsembleWriter w = new EnsembleWriter(file, lattice, p.mSquared(), p.lambda(), EnsembleWriter.Source.FLOW, n);
            try {
                c = ChainRunSupport.recordInto(w, () -> sampler.run(n, therm, s, w, progress, run::stopRequested));
            } finally {
                progress.close();
            }
        }
        stdout.printf(Locale.ROOT, "sample: %d configurations of %s (%s, m2=%s, lam=%s) from %s -> %s%n", c.samples(),
                cfg.name(), lattice, p.mSquared(), p.lambda(), checkpointFile, file);
        if (mix != null) stdout.println("  composite chain: " + parseMix()[0] + " HMC trajectories after every flow step");
        if (symmetrize || z2Flip) {
            stdout.println("  " + (symmetrize ? "symmetrised proposals q_sym" : "") + (symmetrize && z2Flip ? ", " : "")
                    + (z2Flip ? "global sign flip after every step" : ""));
        }
        stdout.printf(Locale.ROOT, "  acceptance %.2f %%  longest rejection run %d  tau_acc %.3f  (seed %d, therm %d, "
                + "%d threads)%n", 100 * c.acceptance(), c.longestRejectionRun(), c.tauAcc(), s, therm, t);
        stdout.printf(Locale.ROOT, "  %.0f configurations/s%s%n", c.throughput(),
                c.nonFinite() > 0 ? "  (" + c.nonFinite() + " proposals with non-finite weight)" : "");
        if (c.samples() < n) stdout.printf(Locale.ROOT, "  stopped early: %d of %d recorded%n", c.samples(), n);
        c.rejectionRunWarning().ifPresent(w -> stdout.println("  " + w));
        stdout.flush();
        if (c.samples() > 1 && Math.round(c.acceptance() * c.samples()) <= 1) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("gomaflow: sample: the chain never moved (no proposal accepted after the first); it is one"
                    + " configuration repeated and cannot be trusted (kept in " + file + " for inspection)");
            err.flush();
            return 1;
        }
        return 0;
    }

    /** {trajectories, leapfrog steps} of --mix hmc:K[:S]; {0, 0} without --mix. */
    int[] parseMix() {
        if (mix == null) return new int[] {0, 0};
        String[] parts = mix.split(":", -1);
        try {
            if (parts[0].equals("hmc") && (parts.length == 2 || parts.length == 3)) {
                int k = Integer.parseInt(parts[1]);
                int s = parts.length == 3 ? Integer.parseInt(parts[2]) : 10;
                if (k >= 1 && k <= 1000 && s >= 1 && s <= 1000) return new int[] {k, s};
            }
        } catch (NumberFormatException e) {
            // falls through to the message
        }
        throw new BadInputException("--mix " + mix + ": allowed: hmc:K or hmc:K:S with K trajectories (1 … 1000) after every"
                + " flow step and S leapfrog steps per trajectory (1 … 1000, default 10)");
    }
}
