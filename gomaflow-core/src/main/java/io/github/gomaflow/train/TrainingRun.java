package io.github.gomaflow.train;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.config.ConfigWriter;
import io.github.gomaflow.config.GomaConfig;
import io.github.gomaflow.config.TrainingParams;
import io.github.gomaflow.io.AtomicFiles;
import io.github.gomaflow.io.DirectoryLock;
import io.github.gomaflow.io.Temporaries;
import io.github.gomaflow.io.ProgressListener;
import io.github.gomaflow.prior.Prior;
import io.github.gomaflow.prior.Priors;
import io.github.gomaflow.train.Evaluator.Evaluation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A whole {@code gomaflow train} run in its result directory {@code RESULT/<config name>/}
 * (docs/OUTPUTS.md): config.toml, evaluations.csv, provenance.json, train.log and the checkpoints
 * model_final, model_best_ess, model_best_acceptance and checkpoint_latest (every epoch).
 * Per epoch: train ({@link Trainer}), evaluate ({@link Evaluator}), append the CSV row, then write
 * the checkpoints, so that {@code --resume} finds a consistent state after any interruption.
 */
public final class TrainingRun {
    /** File names inside the run directory. */
    public static final String CONFIG = "config.toml", EVALUATIONS = "evaluations.csv", PROVENANCE = "provenance.json",
            LOG = "train.log", FINAL = "model_final.ckpt", BEST_ESS = "model_best_ess.ckpt",
            BEST_ACCEPTANCE = "model_best_acceptance.ckpt", LATEST = "checkpoint_latest.ckpt",
            HISTORY_FINAL = "history_final.npz", HISTORY_BEST_ESS = "history_best_ess.npz",
            HISTORY_EPOCH = "history_epoch.npz";

    /** The training plot the command line adds at the end of a run (io.github.gomaflow.plot.TrainingPlot). */
    public static final String TRAINING_PLOT = "training.png";

    private static final String[] OWN_FILES = {CONFIG, EVALUATIONS, PROVENANCE, LOG, FINAL, BEST_ESS, BEST_ACCEPTANCE, LATEST,
            HISTORY_FINAL, HISTORY_BEST_ESS, HISTORY_EPOCH};

    /**
     * Files that commands write into a run directory after training (sample, hmc, report, analyze
     * --plots); {@code train --force} removes them with the old run, since they describe the old model.
     */
    private static final String[] DERIVED_FILES = {TRAINING_PLOT, "ensemble.npz", "hmc.npz", "report.html"};

    /** The first line {@link io.github.gomaflow.config.ConfigWriter} writes: tells our config.toml from a user's. */
    private static final String OWN_CONFIG_PREFIX = "# gomaflow configuration";

    /**
     * @param resultRoot the {@code --result} directory; the run lives in {@code resultRoot/<name>}
     * @param threads    worker threads ≥ 1
     * @param resume     continue from {@code checkpoint_latest.ckpt}
     * @param force      overwrite an existing run's files
     * @param version    gomaflow version for provenance
     * @param sourceHint a path inside the gomaflow checkout (for the git commit), or null
     * @param epochsGiven whether the epochs of {@code config} are meant (library callers; --epochs on the
     *                   command line); if not, a resumed run keeps the epochs it was started with
     * @param maxSeconds wall-clock budget of this invocation (training + evaluation): the epoch during which
     *                   it runs out is the last one (+∞: no budget)
     */
    public record Options(Path resultRoot, int threads, boolean resume, boolean force, String version, Path sourceHint,
                          boolean epochsGiven, double maxSeconds) {
        public Options {
            if (threads < 1) throw new BadInputException("--threads must be >= 1, got " + threads);
            if (!(maxSeconds > 0)) throw new BadInputException("--max-time must be > 0 seconds, got " + maxSeconds);
        }

        public Options(Path resultRoot, int threads, boolean resume, boolean force, String version, Path sourceHint,
                       boolean epochsGiven) {
            this(resultRoot, threads, resume, force, version, sourceHint, epochsGiven, Double.POSITIVE_INFINITY);
        }

        public Options(Path resultRoot, int threads, boolean resume, boolean force, String version, Path sourceHint) {
            this(resultRoot, threads, resume, force, version, sourceHint, true);
        }
    }

    /**
     * @param runDir          the run directory
     * @param lastEpoch       the last completed epoch
     * @param last            the evaluation of the last epoch run now (null if none ran)
     * @param best            best ESS and acceptance so far
     * @param wallSeconds     wall time of this invocation
     * @param epochsThisRun   epochs trained by this invocation
     * @param warnings        signs that the run did not learn (absurd learning rate, ESS near 0), each one line
     */
    public record Summary(Path runDir, int lastEpoch, Evaluation last, BestScores best, double wallSeconds,
                          int epochsThisRun, java.util.List<String> warnings) {}

    /** Creates the flow to train (the fast engine in production). */
    @FunctionalInterface
    public interface FlowFactory {
        TrainableFlow create(GomaConfig config, int maxBatch, int threads);
    }

    private GomaConfig config;
    private final Options options;
    private final ProgressListener listener;
    private final Path runDir;
    private RunLog log;

    private TrainingRun(GomaConfig config, Options options, ProgressListener listener) {
        this.config = config;
        this.options = options;
        this.listener = listener;
        this.runDir = options.resultRoot().resolve(config.name());
    }

    /** Trains {@code config} with the fast engine. */
    public static Summary execute(GomaConfig config, Options options, ProgressListener listener) throws IOException {
        return execute(config, options, listener, EngineFlow::new);
    }

    /**
     * Trains {@code config} with flows from {@code factory}.
     *
     * @throws BadInputException  for an existing run directory without --resume/--force, a missing or
     *                            incompatible checkpoint
     * @throws NonFiniteException if training diverges (the last good checkpoint is kept)
     */
    public static Summary execute(GomaConfig config, Options options, ProgressListener listener, FlowFactory factory)
            throws IOException {
        return new TrainingRun(config, options, listener).run(factory);
    }

    @SuppressWarnings("try")   // the directory lock is held for the whole block
    private Summary run(FlowFactory factory) throws IOException {
        long t0 = System.nanoTime();
        requirePlainName(config.name());
        EngineFlow.requireGradientSupport(config);
        if (Files.exists(runDir) && !Files.isDirectory(runDir)) {
            throw new BadInputException("result path " + runDir + " exists and is not a directory");
        }
        if (options.resume() && !Files.isDirectory(runDir)) {
            throw new BadInputException(runDir + ": nothing to resume (no such run directory); start without --resume");
        }
        Files.createDirectories(runDir);
        try (DirectoryLock lock = DirectoryLock.acquire(runDir, "gomaflow train")) {
            Temporaries.removeStale(runDir);
            return runLocked(factory, t0);
        }
    }

    private Summary runLocked(FlowFactory factory, long t0) throws IOException {
        Checkpoint resumeFrom = options.resume() ? checkResume() : null;
        if (resumeFrom == null) prepareFreshDirectory(options.force() || options.resume());
        if (resumeFrom != null && !options.epochsGiven()) config = withEpochs(config, resumeFrom.config().training().epochs());
        TrainingParams tp = config.training();
        try (TrainableFlow flow = factory.create(config, Math.max(tp.batchsize(), Evaluator.BATCH), options.threads());
             RunLog runLog = new RunLog(runDir.resolve(LOG), listener)) {
            this.log = runLog;
            AtomicFiles.write(runDir.resolve(CONFIG), ConfigWriter.toToml(config).getBytes(StandardCharsets.UTF_8));
            Prior prior = Priors.of(tp.prior());
            Optimizer optimizer = Optimizer.of(tp.optimizer(), flow.parameters().length);
            BestScores best = BestScores.NONE;
            int start = 1;
            double elapsed = 0;
            if (resumeFrom != null) {
                best = restore(resumeFrom, flow, optimizer);
                start = resumeFrom.epoch() + 1;
                elapsed = elapsedSeconds(resumeFrom);
            } else if (!tp.pretrained().isEmpty()) {
                loadPretrained(Path.of(tp.pretrained()), flow, optimizer);
            }
            writeProvenance(flow, start);
            log.line(String.format(Locale.ROOT, "gomaflow train: %s -> %s (epochs %d, %d steps of batch %d each; threads %d, kernels %s)",
                    config.name(), runDir, tp.epochs(), tp.iterations(), tp.batchsize(), options.threads(), flow.kernels()));
            if (resumeFrom != null) log.line("resuming after epoch " + resumeFrom.epoch() + " (optimiser step " + optimizer.stepCount() + ")");
            try (EvaluationsCsv csv = resumeFrom != null ? EvaluationsCsv.resume(runDir.resolve(EVALUATIONS), resumeFrom.epoch())
                    : EvaluationsCsv.create(runDir.resolve(EVALUATIONS))) {
                return loop(flow, prior, optimizer, csv, start, best, elapsed, resumeFrom != null, t0);
            }
        }
    }

    private Summary loop(TrainableFlow flow, Prior prior, Optimizer optimizer, EvaluationsCsv csv, int start, BestScores best,
                         double elapsed, boolean resumed, long t0) throws IOException {
        try {
            EpochLoop loop = new EpochLoop(config, runDir, flow, prior, optimizer, csv, log, listener);
            EpochLoop.Result r = loop.run(start, best, elapsed, options.maxSeconds());
            if (r.lastEpoch() >= start || resumed) {
                loop.checkpoint(r.lastEpoch(), r.best(), r.elapsed()).write(runDir.resolve(FINAL));
            }
            double wall = (System.nanoTime() - t0) * 1e-9;
            log.line(String.format(Locale.ROOT, "finished: epoch %d, best ESS %.4f (epoch %d), best acceptance %.2f%% (epoch %d), %.1f s",
                    r.lastEpoch(), r.best().ess(), r.best().epochEss(), config.training().evaluation().percent(r.best().acceptanceRate()),
                    r.best().epochAcceptance(), wall));
            return new Summary(runDir, r.lastEpoch(), r.last(), r.best(), wall, r.lastEpoch() - start + 1, r.warnings());
        } catch (NonFiniteException e) {
            String kept = lastCheckpoint();
            NonFiniteException full = new NonFiniteException("training stopped at " + e.getMessage() + "; " + kept
                    + " (set training.skip_nonfinite = true to skip such steps, or lower the learning rate)", e.epoch(), e.step());
            log.fileOnly("gomaflow: " + full.getMessage());
            throw full;
        }
    }

    /** What the last checkpoint holds, honestly: checked for finite weights before it is called good. */
    private String lastCheckpoint() {
        Path latest = runDir.resolve(LATEST);
        if (!Files.isRegularFile(latest)) return "no checkpoint was written yet";
        try {
            Checkpoint c = Checkpoint.read(latest);
            c.requireFinite(latest);
            return "the last good checkpoint is " + latest + " (epoch " + c.epoch() + ")";
        } catch (BadInputException bad) {
            return "the last checkpoint " + latest + " cannot be used either (" + bad.getMessage() + ")";
        }
    }

    /**
     * The checkpoint to resume from, or null to start afresh, which is allowed only when the run was
     * killed before its first epoch ended (nothing but our own start-up files is there). Never starts
     * afresh over results.
     */
    private Checkpoint checkResume() {
        Path latest = runDir.resolve(LATEST);
        if (Files.exists(latest, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isRegularFile(latest)) {
                throw new BadInputException(latest + ": is not a regular file (a directory, a pipe, a device or a broken or"
                        + " looping link); there is nothing to resume from, and --resume never starts afresh over a run's"
                        + " results: move it away, or start over with --force");
            }
        } else {
            if (startedWithoutResults()) return null;
            throw new BadInputException(runDir + ": nothing to resume (no " + LATEST + "), and the directory holds results"
                    + " or files gomaflow did not write; --resume never starts afresh over them: use --force to start over,"
                    + " or another --result");
        }
        Checkpoint c = Checkpoint.read(latest);
        if (!comparable(c.config()).equals(comparable(config))) {
            throw new BadInputException("the configuration differs from the one of the run in " + runDir
                    + " (only training.epochs may change with --resume; use --force to start over)");
        }
        return c;
    }

    private static GomaConfig withEpochs(GomaConfig c, int epochs) {
        TrainingParams t = c.training();
        TrainingParams t2 = t.with(epochs, t.pretrained());
        return new GomaConfig(c.name(), c.version(), c.device(), t2, c.physical(), c.model());
    }

    /**
     * A run name becomes a directory under --result: it must be a plain file name (no separators, not
     * "." or "..", no control characters), or a configuration named {@code ...toml} would write into the
     * parent of the result directory.
     */
    static void requirePlainName(String name) {
        boolean bad = name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
                || name.indexOf('\\') >= 0 || name.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f);
        if (bad) {
            throw new BadInputException("run name '" + name + "' (the configuration's file name without .toml) is not a plain"
                    + " file name; allowed: a name without '/', '\\' or control characters, other than '.' and '..'"
                    + " (rename the configuration file)");
        }
    }

    private static GomaConfig comparable(GomaConfig c) {
        TrainingParams t = c.training();
        TrainingParams t0 = t.with(0, "");
        return new GomaConfig("", c.version(), c.device(), t0, c.physical(), c.model());
    }

    /**
     * True if the run directory holds only what gomaflow train writes before its first epoch ends: our
     * own config.toml (recognised by its first line), train.log, provenance.json, an evaluations.csv with
     * no rows, the lock file and temporaries. Then a killed start can begin again and nothing is lost.
     */
    private boolean startedWithoutResults() {
        Path cfg = runDir.resolve(CONFIG);
        try {
            if (!Files.isRegularFile(cfg) || !Files.readString(cfg, StandardCharsets.UTF_8).startsWith(OWN_CONFIG_PREFIX)) return false;
            Path csv = runDir.resolve(EVALUATIONS);
            if (Files.exists(csv) && (!Files.isRegularFile(csv) || Files.readAllLines(csv, StandardCharsets.UTF_8).size() > 1)) {
                return false;
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
        java.util.Set<String> startUp = java.util.Set.of(CONFIG, LOG, PROVENANCE, EVALUATIONS, DirectoryLock.FILE_NAME);
        try (var s = Files.list(runDir)) {
            return s.map(f -> f.getFileName().toString())
                    .allMatch(n -> startUp.contains(n) || (n.startsWith(".") && n.endsWith(".tmp")));
        } catch (IOException e) {
            return false;
        }
    }

    private void prepareFreshDirectory(boolean overwrite) throws IOException {
        boolean empty;
        try (var s = Files.list(runDir)) {
            empty = s.allMatch(f -> f.getFileName().toString().equals(DirectoryLock.FILE_NAME));
        }
        if (!empty && !overwrite) {
            throw new BadInputException("result directory " + runDir
                    + " exists and is not empty; use --resume to continue it or --force to start over (which removes"
                    + " the old run's checkpoints, evaluations, ensembles, report and plots)");
        }
        for (String f : OWN_FILES) Files.deleteIfExists(runDir.resolve(f));
        if (options.force()) {
            for (String f : DERIVED_FILES) Files.deleteIfExists(runDir.resolve(f));
            deletePlots(runDir.resolve("plots"));
        }
    }

    /** The PNGs gomaflow wrote into RUN_DIR/plots (and the folder if nothing else is left in it). */
    private static void deletePlots(Path plots) throws IOException {
        if (!Files.isDirectory(plots, LinkOption.NOFOLLOW_LINKS)) return;
        try (var s = Files.list(plots)) {
            for (Path p : s.toList()) {
                if (p.getFileName().toString().endsWith(".png") && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.delete(p);
                }
            }
        }
        try (var s = Files.list(plots)) {
            if (s.findAny().isEmpty()) Files.delete(plots);
        }
    }

    private BestScores restore(Checkpoint c, TrainableFlow flow, Optimizer optimizer) {
        Path file = runDir.resolve(LATEST);
        float[] p = flow.parameters();
        System.arraycopy(c.parameters(), 0, p, 0, p.length);
        restoreRunningStatistics(c, flow, file);
        try {
            if (!optimizer.name().equals(c.metadata().get("optimizer"))) {
                throw new IllegalArgumentException("optimiser " + c.metadata().get("optimizer") + " != " + optimizer.name());
            }
            optimizer.restore(Long.parseLong(c.metadata().get("optimizer_step")), c.optimizerState());
            return BestScores.from(c.metadata());
        } catch (RuntimeException e) {
            throw new BadInputException(file + ": training state cannot be restored (" + e.getMessage() + ")", e);
        }
    }

    private double elapsedSeconds(Checkpoint c) {
        try {
            return Double.parseDouble(c.metadata().getOrDefault("elapsed_seconds", "0"));
        } catch (NumberFormatException e) {
            throw new BadInputException(runDir.resolve(LATEST) + ": metadata elapsed_seconds is not a number");
        }
    }

    private void loadPretrained(Path file, TrainableFlow flow, Optimizer optimizer) {
        if (file.getFileName().toString().endsWith(".bson")) {
            // GomalizingFlow's own trained_model*.bson, mapped onto this configuration's model
            float[] p = io.github.gomaflow.io.bson.GomalizingFlowFiles.readModel(file, config);
            if (p.length != flow.parameters().length) {
                throw new BadInputException(file + ": maps to " + p.length + " parameters, the model has " + flow.parameters().length);
            }
            System.arraycopy(p, 0, flow.parameters(), 0, p.length);
            log.line("starting from GomalizingFlow's weights " + file + ", " + continueGomalizingFlowAdam(file, optimizer));
            return;
        }
        Checkpoint c = Checkpoint.read(file);
        c.requireFinite(file);
        var a = c.config().model();
        var b = config.model();
        boolean same = a.nLayers() == b.nLayers() && a.hiddenSizes().equals(b.hiddenSizes()) && a.kernelSize() == b.kernelSize()
                && a.useFinalTanh() == b.useFinalTanh() && a.useBn() == b.useBn() && a.fourierBase() == b.fourierBase()
                && c.config().physical().dimension() == config.physical().dimension()
                && (!b.fourierBase() || c.config().physical().latticeShape().equals(config.physical().latticeShape()));
        if (!same || c.parameters().length != flow.parameters().length) {
            throw new BadInputException(file + ": pretrained model does not match [model] of " + config.name()
                    + " (n_layers, hidden_sizes, kernel_size, use_final_tanh, use_bn, fourier_base and the dimension must agree; with fourier_base also the lattice shape)");
        }
        System.arraycopy(c.parameters(), 0, flow.parameters(), 0, c.parameters().length);
        restoreRunningStatistics(c, flow, file);
        log.line("starting from pretrained weights " + file + " (epoch " + c.epoch() + "), " + continueOptimizer(c, optimizer));
    }

    /**
     * For a checkpoint made by {@code import-gf} from GomalizingFlow's file: continues its ADAM state when
     * [training] asks for the same optimiser (GomalizingFlow's restore). gomaflow's own checkpoints give
     * weights only, with a fresh optimiser ({@code --resume} continues a run). Returns what was done, for
     * the log.
     */
    private static String continueOptimizer(Checkpoint c, Optimizer optimizer) {
        if (!c.metadata().containsKey("imported_from")) return "fresh optimiser";
        String name = c.metadata().get("optimizer");
        String step = c.metadata().get("optimizer_step");
        if (c.optimizerState().isEmpty() || name == null || step == null) return "fresh optimiser (the file holds no optimiser state)";
        if (!name.equals(optimizer.name())) {
            return "fresh optimiser (the file's " + name + " state is not continued by [training] opt = " + optimizer.name() + ")";
        }
        try {
            optimizer.restore(Long.parseLong(step), c.optimizerState());
        } catch (IllegalArgumentException e) {
            return "fresh optimiser (its " + name + " state does not fit: " + e.getMessage() + ")";
        }
        return "continuing its " + name + " state (step " + step + ")";
    }

    /**
     * Continues the ADAM state stored in GomalizingFlow's file when [training] asks for Adam with the same
     * β and ε (as GomalizingFlow's own restore does); otherwise the optimiser starts fresh. Returns what
     * was done, for the log.
     */
    private String continueGomalizingFlowAdam(Path file, Optimizer optimizer) {
        var state = io.github.gomaflow.io.bson.GomalizingFlowFiles.readAdamState(file, config);
        if (state.isEmpty()) return "fresh optimiser (the file holds no ADAM state)";
        var a = state.get();
        if (!(config.training().optimizer() instanceof io.github.gomaflow.config.OptimizerSpec.Adam spec)
                || !close(spec.beta1(), a.beta1()) || !close(spec.beta2(), a.beta2()) || !close(spec.epsilon(), a.epsilon())) {
            return String.format(Locale.ROOT, "fresh optimiser (the file's ADAM(β=(%s, %s), ε=%s) state is not continued by"
                    + " [training] opt = %s)", a.beta1(), a.beta2(), a.epsilon(), optimizer.name());
        }
        Map<String, float[]> s = new java.util.LinkedHashMap<>();
        s.put("adam_m", a.m());
        s.put("adam_v", a.v());
        optimizer.restore(a.steps(), s);
        return "continuing its ADAM state (step " + a.steps() + ")";
    }

    private static boolean close(double x, double y) { return Math.abs(x - y) <= 1e-6 * Math.abs(y); }

    /** Copies the checkpoint's batch-norm running statistics into the flow (kept at (0, 1) if it has none). */
    private static void restoreRunningStatistics(Checkpoint c, TrainableFlow flow, Path file) {
        float[] r = flow.runningStatistics();
        if (c.runningStatistics().length == 0) return;
        if (c.runningStatistics().length != r.length) {
            throw new BadInputException(file + ": holds " + c.runningStatistics().length
                    + " batch-norm running statistics, the model needs " + r.length);
        }
        System.arraycopy(c.runningStatistics(), 0, r, 0, r.length);
    }

    private void writeProvenance(TrainableFlow flow, int startEpoch) throws IOException {
        Map<String, Object> p = new LinkedHashMap<>();
        java.util.List<Object> earlier = startEpoch > 1 ? Provenance.sessions(runDir.resolve(PROVENANCE)) : java.util.List.of();
        p.put("gomaflow_version", options.version());
        p.put("git_commit", options.sourceHint() == null ? "unknown" : Provenance.gitCommit(options.sourceHint()));
        p.putAll(Provenance.machine());
        p.put("threads", options.threads());
        p.put("kernels", flow.kernels());
        p.put("training_seed", config.training().seed());
        p.put("model_seed", config.model().seed());
        p.put("start_time", Instant.now().toString());
        p.put("start_epoch", startEpoch);
        p.put("pretrained", config.training().pretrained());
        p.put("target_epochs", config.training().epochs());
        if (!earlier.isEmpty()) p.put(Provenance.EARLIER_SESSIONS, earlier);
        AtomicFiles.write(runDir.resolve(PROVENANCE), Provenance.json(p).getBytes(StandardCharsets.UTF_8));
    }
}
