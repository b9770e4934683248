package io.github.gomaflow.cli;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.config.ConfigLoader;
import io.github.gomaflow.config.GomaConfig;
import io.github.gomaflow.io.EnsembleWriter;
import io.github.gomaflow.io.ProgressListener;
import io.github.gomaflow.mcmc.HmcChain;
import io.github.gomaflow.mcmc.Integrator;
import java.io.IOException;
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

/** {@code gomaflow hmc}: HMC ensemble of the configuration's action (docs/SAMPLERS.md). */
@Command(name = "hmc", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"HMC ensemble of the same action (baseline for flow sampling).",
                "The step size is tuned during thermalisation to the target acceptance with tau held fixed "
                        + "(K = round(tau/eps)), then frozen."})
public final class HmcCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG.toml|RUN_DIR",
            description = "Configuration ([physical] is used), or a training run directory: its config.toml is used and the"
                    + " ensemble goes to RUN_DIR/hmc.npz, where 'gomaflow report' finds it.")
    Path config;

    @Option(names = "--n", required = true, paramLabel = "N", description = "Trajectories to record (> 0).")
    long n;

    @Option(names = "--tau", paramLabel = "T", defaultValue = "1.0", description = "Trajectory length (default ${DEFAULT-VALUE}).")
    double tau;

    @Option(names = "--steps", paramLabel = "K", defaultValue = "20",
            description = "Integration steps per trajectory before tuning (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--therm", paramLabel = "K", defaultValue = "1000",
            description = "Thermalisation trajectories, not recorded; the step size is tuned during them (default ${DEFAULT-VALUE}).")
    long therm;

    @Option(names = "--out", paramLabel = "FILE", description = "Ensemble file (default ./hmc_<config name>.npz).")
    Path out;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: the configuration's training seed).")
    Long seed;

    @Option(names = "--target-acceptance", paramLabel = "A", defaultValue = "0.8",
            description = "Target acceptance of the step-size tuning, in (0, 1) (default ${DEFAULT-VALUE}).")
    double target;

    @Option(names = "--integrator", paramLabel = "NAME", defaultValue = "leapfrog",
            description = "leapfrog or omelyan (2nd-order minimum norm) (default ${DEFAULT-VALUE}).")
    String integrator;

    @Option(names = "--no-tune", description = "Keep eps = tau/K fixed during thermalisation.")
    boolean noTune;

    @Option(names = "--fixed-length", description = "Every trajectory exactly K steps (by default K_i is uniform in"
            + " K/2…3K/2, which keeps modes from rotating by the same angle every trajectory; see docs/SAMPLERS.md).")
    boolean fixedLength;

    @Option(names = "--z2-flip", description = "After each trajectory flip phi -> -phi with probability 1/2 (exact for the"
            + " even phi^4 action; lets a broken-phase chain visit both signs of M).")
    boolean z2Flip;

    @Option(names = "--fourier-accel", description = "Fourier acceleration: kinetic term 1/2 sum_k |pi_k|^2/M_k in the"
            + " lattice's Hartley basis with M_k = (8/pi^2)(p^2_k + M2): every free mode of mass^2 M2 then turns by a quarter"
            + " period in tau = 1 (docs/SAMPLERS.md).")
    boolean fourierAccel;

    @Option(names = "--fourier-mass", paramLabel = "M2|auto", description = "M2 > 0 of --fourier-accel, or auto: 1/(2 chi_c)"
            + " measured by plain HMC in the first half of --therm (default: m^2 for a free field, lam = 0 and m^2 > 0;"
            + " auto otherwise).")
    String fourierMass;

    @Option(names = "--quiet", description = "No progress output.")
    boolean quiet;

    @Option(names = "--force", description = "Replace an existing ensemble file.")
    boolean force;

    @Mixin ChainsMixin chains;

    @Spec CommandSpec spec;

    @SuppressWarnings("try")   // the run-directory lock is held for the whole block
    @Override public Integer call() throws Exception {
        HmcChain.Options partial = options();
        boolean runDir = Files.isDirectory(config);
        Path configFile = runDir ? config.resolve("config.toml") : config;
        if (runDir && !Files.isRegularFile(configFile)) {
            throw new BadInputException(config + ": a directory without config.toml; give a configuration file or a run directory"
                    + " written by gomaflow train");
        }
        GomaConfig loaded = ConfigLoader.load(configFile);
        // a run directory's config.toml is named after the run, not "config"
        GomaConfig cfg = runDir ? new GomaConfig(config.toAbsolutePath().normalize().getFileName().toString(), loaded.version(),
                loaded.device(), loaded.training(), loaded.physical(), loaded.model()) : loaded;
        var p = cfg.physical();
        ScalarPhi4Action action;
        try {
            action = new ScalarPhi4Action(p.lattice(), p.mSquared(), p.lambda());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(config + ": [physical] " + e.getMessage());
        }
        HmcChain.Options options = withFourierMass(partial, p.mSquared(), p.lambda());
        Path file = out != null ? out : runDir ? config.resolve("hmc.npz") : Path.of("hmc_" + cfg.name() + ".npz");
        if (Files.isDirectory(file)) throw new BadInputException("--out " + file + " is a directory; give a file name");
        if (chains.fansOut()) {
            return MultiChain.run(spec, chains, file, spec.positionalParameters().get(0).originalStringValues().get(0), configFile);
        }
        ChainRunSupport.requireWritable(file, force);
        if (seed != null && seed < 0) throw new BadInputException("--seed " + seed + ": allowed: 0 … " + Long.MAX_VALUE);
        long s = chains.seed(seed != null ? seed : cfg.training().seed());
        PrintWriter stdout = spec.commandLine().getOut();
        ProgressListener progress = ConsoleProgress.forStdout(stdout, quiet);
        HmcChain.Result r;
        try (var lock = ChainRunSupport.lockRunDirectory(file, "gomaflow " + spec.name()); ChainRunSupport run = new ChainRunSupport()) {
            EnsembleWriter w = new EnsembleWriter(file, action.lattice(), p.mSquared(), p.lambda(),
                    EnsembleWriter.Source.HMC, n);
            try {
                r = ChainRunSupport.recordInto(w, () -> HmcChain.run(action, options, n, s, w, progress, run::stopRequested));
            } finally {
                progress.close();
            }
        }
        var c = r.chain();
        stdout.printf(Locale.ROOT, "hmc: %d configurations of %s (%s, m2=%s, lam=%s) -> %s%n", c.samples(), cfg.name(),
                action.lattice(), p.mSquared(), p.lambda(), file);
        stdout.printf(Locale.ROOT, "  integrator %s  tau %s  K %d%s  eps %.5g%s  (seed %d, therm %d)%n",
                options.integrator().name().toLowerCase(Locale.ROOT), tau, r.steps(),
                options.randomLength() ? " (random " + (r.steps() + 1) / 2 + ".." + Math.max((r.steps() + 1) / 2, 3 * r.steps() / 2) + ")" : "",
                r.stepSize(), (options.z2Flip() ? "  z2-flip" : "") + (r.fourierMassSquared() > 0
                        ? String.format(Locale.ROOT, "  fourier-accel M2 %.4g%s", r.fourierMassSquared(),
                        options.fourierMassSquared() == HmcChain.Options.FOURIER_MASS_AUTO ? " (auto)" : "") : ""), s, therm);
        stdout.printf(Locale.ROOT, "  acceptance %.2f %%  longest rejection run %d  tau_acc %.3f  <exp(-dH)> %.4f%n",
                100 * c.acceptance(), c.longestRejectionRun(), c.tauAcc(), r.meanExpMinusDH());
        stdout.printf(Locale.ROOT, "  %.0f trajectories/s%s%n", c.throughput(),
                c.nonFinite() > 0 ? "  (" + c.nonFinite() + " trajectories with non-finite dH, rejected)" : "");
        if (c.samples() < n) stdout.printf(Locale.ROOT, "  stopped early: %d of %d recorded%n", c.samples(), n);
        stdout.flush();
        String problem = untrustworthy(c.acceptance(), r.steps(), r.stepSize());
        if (problem != null) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("gomaflow: hmc: " + problem + "; this chain cannot be trusted (kept in " + file
                    + " for inspection; check [physical] and --tau, --steps, --target-acceptance)");
            err.flush();
            return 1;
        }
        return 0;
    }

    /** Acceptance below this fraction of the target means the step-size tuning failed (or the action is extreme). */
    static final double ACCEPTANCE_FLOOR_FRACTION = 0.125;
    /** Step sizes below this are the tuner giving up (a trajectory would need more than τ/ε steps). */
    static final double SMALLEST_STEP_SIZE = 1e-6;

    /**
     * Why a finished HMC chain is not to be trusted, or null: acceptance below {@value #ACCEPTANCE_FLOOR_FRACTION} of
     * the target (0.1 for the default 0.8), a step size that collapsed, or K at its cap.
     */
    String untrustworthy(double acceptance, int k, double stepSize) {
        double floor = ACCEPTANCE_FLOOR_FRACTION * target;
        if (!(acceptance >= floor)) {
            return String.format(Locale.ROOT, "acceptance %.2f %% is below the floor of %.1f %% (the step-size tuning failed or"
                    + " the action is extreme)", 100 * acceptance, 100 * floor);
        }
        if (!(stepSize >= SMALLEST_STEP_SIZE) || k >= HmcChain.MAX_STEPS) {
            return String.format(Locale.ROOT, "the step-size tuning failed (eps %.3g, K %d)", stepSize, k);
        }
        return null;
    }

    private HmcChain.Options options() {
        if (n <= 0) throw new BadInputException("--n must be > 0, got " + n);
        if (!(tau > 0) || !Double.isFinite(tau)) throw new BadInputException("--tau must be > 0, got " + tau);
        if (steps < 1 || steps > HmcChain.MAX_STEPS) {
            throw new BadInputException("--steps must be in 1.." + HmcChain.MAX_STEPS + ", got " + steps);
        }
        if (therm < 0) throw new BadInputException("--therm must be >= 0, got " + therm);
        if (!(target > 0 && target < 1)) throw new BadInputException("--target-acceptance must be in (0, 1), got " + target);
        Integrator integ;
        try {
            integ = Integrator.parse(integrator);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--integrator must be leapfrog or omelyan, got '" + integrator + "'");
        }
        if (fourierMass != null && !fourierAccel) throw new BadInputException("--fourier-mass needs --fourier-accel");
        if (fourierMass != null && !fourierMass.equals("auto")) {
            double m2;
            try {
                m2 = Double.parseDouble(fourierMass);
            } catch (NumberFormatException e) {
                m2 = Double.NaN;
            }
            if (!(m2 > 0 && Double.isFinite(m2))) {
                throw new BadInputException("--fourier-mass must be a finite number > 0 or auto, got '" + fourierMass + "'");
            }
        }
        return new HmcChain.Options(tau, steps, integ, therm, target, !noTune, !fixedLength, z2Flip);
    }

    /**
     * The Fourier-acceleration mass: --fourier-mass (a number, or auto), else m² for a free field (λ = 0, m² &gt; 0),
     * else auto; 0 without --fourier-accel.
     */
    private HmcChain.Options withFourierMass(HmcChain.Options o, double mSquared, double lambda) {
        if (!fourierAccel) return o;
        double auto = HmcChain.Options.FOURIER_MASS_AUTO;
        double m2 = fourierMass != null ? (fourierMass.equals("auto") ? auto : Double.parseDouble(fourierMass))
                : lambda == 0 && mSquared > 0 ? mSquared : auto;
        return new HmcChain.Options(o.trajectoryLength(), o.steps(), o.integrator(), o.thermalisation(),
                o.targetAcceptance(), o.tune(), o.randomLength(), o.z2Flip(), m2);
    }
}
