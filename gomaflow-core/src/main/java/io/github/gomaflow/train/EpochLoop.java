package io.github.gomaflow.train;

import io.github.gomaflow.config.GomaConfig;
import io.github.gomaflow.config.TrainingParams;
import io.github.gomaflow.io.ProgressListener;
import io.github.gomaflow.prior.Prior;
import io.github.gomaflow.train.Evaluator.Evaluation;
import io.github.gomaflow.io.EnsembleWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The epochs of a run: train, evaluate, record, checkpoint (in that order, see {@link TrainingRun}). */
final class EpochLoop {
    private static final int STATUS_EVERY = 10;
    /** A run expected to take longer than this (seconds) gets an estimate after its first epoch. */
    static final double ESTIMATE_ABOVE_SECONDS = 120;
    /** ESS below this at the end of a run of at least {@link #NOT_LEARNING_MIN_EPOCHS} epochs: not learning. */
    static final double NOT_LEARNING_ESS = 0.01;
    static final int NOT_LEARNING_MIN_EPOCHS = 5;
    /** Learning rates above this make a flow's weights jump by more than their own size. */
    static final double ABSURD_LEARNING_RATE = 1.0;
    record Result(int lastEpoch, Evaluation last, BestScores best, double elapsed, java.util.List<String> warnings) {}

    private final GomaConfig config;
    private final TrainingParams tp;
    private final Path runDir;
    private final TrainableFlow flow;
    private final Optimizer optimizer;
    private final Trainer trainer;
    private final Evaluator evaluator;
    private final EvaluationsCsv csv;
    private final RunLog log;
    private final ProgressListener listener;
    private final boolean gomalizingflow;
    private String status = "";

    EpochLoop(GomaConfig config, Path runDir, TrainableFlow flow, Prior prior, Optimizer optimizer, EvaluationsCsv csv,
              RunLog log, ProgressListener listener) {
        this.config = config;
        this.tp = config.training();
        this.runDir = runDir;
        this.flow = flow;
        this.optimizer = optimizer;
        this.trainer = new Trainer(config, flow, prior, optimizer);
        this.evaluator = new Evaluator(config, flow, prior);
        this.csv = csv;
        this.log = log;
        this.listener = listener;
        this.gomalizingflow = tp.evaluation() == TrainingParams.Evaluation.GOMALIZINGFLOW;
    }

    /**
     * @param start   first epoch to run
     * @param best    best scores before {@code start}
     * @param elapsed seconds of training and evaluation before {@code start} (for elapsed_time)
     * @param maxSeconds budget of this call (training + evaluation seconds): the epoch during which it
     *                runs out is the last (+∞: run to {@code epochs})
     */
    Result run(int start, BestScores best, double elapsed, double maxSeconds) throws IOException {
        double spent = 0;
        long total = (long) tp.epochs() * tp.iterations();
        Evaluation last = null;
        int epoch;
        double maxLr = 0;
        int maxLrEpoch = 0;
        Trainer.StepObserver observer = new Trainer.StepObserver() {
            private String line = "";

            // The status text is rebuilt every STATUS_EVERY steps only: formatting is the one
            // allocation per step here, and a display refreshes a few times a second at most.
            @Override public void afterStep(int e, int step, double loss) {
                if (step % STATUS_EVERY == 1 || step == tp.iterations() || line.isEmpty()) {
                    line = String.format(Locale.ROOT, "epoch %d/%d  loss %.4g%s", e, tp.epochs(), loss, status);
                }
                listener.update((long) (e - 1) * tp.iterations() + step, total, line);
            }

            @Override public void skippedStep(int e, int step, String problem) { log.line("skipped " + problem); }
        };
        for (epoch = start; epoch <= tp.epochs(); epoch++) {
            long t0 = System.nanoTime();
            Trainer.EpochResult train = trainer.trainEpoch(epoch, observer);
            long t1 = System.nanoTime();
            EnsembleWriter history = tp.writeHistory() ? historyWriter() : null;
            try {
                Evaluation ev = evaluator.evaluate(epoch, history == null ? null : history::append);
                double secondsTrain = (t1 - t0) * 1e-9;
                double secondsEval = (System.nanoTime() - t1) * 1e-9;
                elapsed += secondsTrain + secondsEval;
                spent += secondsTrain + secondsEval;
                // GomalizingFlow's elapsed_time is this epoch's time, ours the run's so far (docs/OUTPUTS.md)
                double elapsedColumn = gomalizingflow ? secondsTrain + secondsEval : elapsed;
                BestScores previous = best;
                best = best.update(epoch, ev.ess(), ev.acceptanceRate());
                double lr = tp.lrScheduler().learningRate(epoch, tp.baseLr());
                if (!(lr <= maxLr)) {
                    maxLr = lr;
                    maxLrEpoch = epoch;
                }
                csv.write(new EvaluationsCsv.Row(epoch, ev.loss(), ev.ess(), best, ev.acceptanceRate(), elapsedColumn,
                        tp.essSamples(), lr, secondsTrain, secondsEval, train.meanLoss(), train.skippedSteps()));
                requireFiniteParameters(epoch);
                Checkpoint ck = checkpoint(epoch, best, elapsed);
                ck.write(runDir.resolve(TrainingRun.LATEST));
                if (previous.improvesEss(ev.ess())) ck.write(runDir.resolve(TrainingRun.BEST_ESS));
                if (previous.improvesAcceptance(ev.acceptanceRate())) ck.write(runDir.resolve(TrainingRun.BEST_ACCEPTANCE));
                if (history != null) keepHistory(history, previous.improvesEss(ev.ess()), epoch == tp.epochs());
                double percent = tp.evaluation().percent(ev.acceptanceRate());
                status = String.format(Locale.ROOT, "  |  ess %.3f  acc %.1f%%", ev.ess(), percent);
                log.line(String.format(Locale.ROOT, "epoch %d/%d  loss %.5g  ess %.4f  acc %.2f%%  lr %.3g  (%.1f s + %.1f s eval)%s",
                        epoch, tp.epochs(), ev.loss(), ev.ess(), percent, lr, secondsTrain, secondsEval,
                        train.skippedSteps() > 0 ? "  skipped " + train.skippedSteps() + " steps" : ""));
                last = ev;
                if (epoch == start) estimate(epoch, secondsTrain + secondsEval);
            } catch (IOException | RuntimeException e) {
                if (history != null) history.abort(); // nothing left to remove once kept
                throw e;
            }
            if (spent >= maxSeconds && epoch < tp.epochs()) {
                log.line(String.format(Locale.ROOT, "time budget of %.0f s reached after epoch %d of %d (%.1f s); stopping"
                        + " (continue with --resume)", maxSeconds, epoch, tp.epochs(), spent));
                epoch++;   // as if the loop had advanced: epoch − 1 is the last completed one
                break;
            }
        }
        java.util.List<String> warnings = notLearning(epoch - 1, last, best, maxLr, maxLrEpoch);
        for (String w : warnings) log.fileOnly("gomaflow: warning: " + w);
        return new Result(epoch - 1, last, best, elapsed, warnings);
    }

    /** A writer for this epoch's evaluation chain ({@value TrainingRun#HISTORY_EPOCH} until kept). */
    private EnsembleWriter historyWriter() throws IOException {
        return new EnsembleWriter(runDir.resolve(TrainingRun.HISTORY_EPOCH), config.physical().lattice(),
                config.physical().mSquared(), config.physical().lambda(), EnsembleWriter.Source.FLOW,
                evaluator.chainLength());
    }

    /**
     * Keeps the epoch's evaluation chain as GomalizingFlow keeps its history*.bson: as
     * {@value TrainingRun#HISTORY_BEST_ESS} when the epoch has the best ESS so far, as
     * {@value TrainingRun#HISTORY_FINAL} after the last epoch; otherwise it is deleted.
     */
    private void keepHistory(EnsembleWriter history, boolean bestEss, boolean last) throws IOException {
        history.close();
        Path file = history.path();
        if (bestEss && last) Files.copy(file, runDir.resolve(TrainingRun.HISTORY_BEST_ESS), StandardCopyOption.REPLACE_EXISTING);
        if (last) Files.move(file, runDir.resolve(TrainingRun.HISTORY_FINAL), StandardCopyOption.REPLACE_EXISTING);
        else if (bestEss) Files.move(file, runDir.resolve(TrainingRun.HISTORY_BEST_ESS), StandardCopyOption.REPLACE_EXISTING);
        else Files.delete(file);
    }

    /** A checkpoint is never written with NaN or infinite weights: the run stops instead. */
    private void requireFiniteParameters(int epoch) {
        float[] p = flow.parameters();
        for (int i = 0; i < p.length; i++) {
            if (!Float.isFinite(p[i])) {
                throw new NonFiniteException("epoch " + epoch + ": parameter " + i + " became " + p[i] + " (the weights diverged)",
                        epoch, tp.iterations());
            }
        }
    }

    /** After the first epoch of a long run: how long the rest will take at this pace. */
    private void estimate(int epoch, double secondsPerEpoch) {
        int remaining = tp.epochs() - epoch;
        double total = remaining * secondsPerEpoch;
        if (remaining > 0 && total > ESTIMATE_ABOVE_SECONDS) {
            log.line(String.format(Locale.ROOT, "estimate: %d more epochs at %.1f s/epoch take about %s on this machine"
                    + " (Ctrl-C keeps every finished epoch; continue later with --resume)", remaining, secondsPerEpoch,
                    duration(total)));
        }
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 3600) return String.format(Locale.ROOT, "%d min", Math.max(1, Math.round(s / 60.0)));
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600 + 30) / 60 % 60);
    }

    /**
     * Warnings (for train.log and the console) when a finished run clearly did not learn: ESS below
     * {@value #NOT_LEARNING_ESS} at the end (and never above twice that) after at least
     * {@value #NOT_LEARNING_MIN_EPOCHS} epochs, or a learning rate above {@value #ABSURD_LEARNING_RATE}.
     * The run's files are complete, so it still ends normally (docs/RELIABILITY.md).
     */
    private static java.util.List<String> notLearning(int lastEpoch, Evaluation last, BestScores best, double maxLr, int maxLrEpoch) {
        java.util.List<String> w = new java.util.ArrayList<>();
        if (last == null) return w;
        if (maxLr > ABSURD_LEARNING_RATE) {
            w.add(String.format(Locale.ROOT, "the learning rate reached %.3g (epoch %d); flows train with"
                    + " rates around 1e-4 to 1e-2, and steps this large throw the weights about (check base_lr and lr_scheduler)",
                    maxLr, maxLrEpoch));
        }
        if (lastEpoch >= NOT_LEARNING_MIN_EPOCHS && last.ess() < NOT_LEARNING_ESS && best.ess() < 2 * NOT_LEARNING_ESS) {
            w.add(String.format(Locale.ROOT, "training is not learning: ESS %.4f at epoch %d (best %.4f);"
                    + " a flow this poor gives almost no accepted proposals (lower base_lr, or check the configuration)",
                    last.ess(), lastEpoch, best.ess()));
        }
        return w;
    }

    /** The full training state after {@code epoch}: parameters, optimiser state, best scores. */
    Checkpoint checkpoint(int epoch, BestScores best, double elapsed) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("optimizer", optimizer.name());
        meta.put("optimizer_step", Long.toString(optimizer.stepCount()));
        best.putInto(meta);
        meta.put("training_seed", Long.toString(tp.seed()));
        meta.put("rng_next", "Streams(seed=" + tp.seed() + ", \"train\", epoch=" + (epoch + 1) + ", step=1)");
        meta.put("kernels", flow.kernels());
        meta.put("elapsed_seconds", Double.toString(elapsed));
        meta.put("target_epochs", Integer.toString(tp.epochs()));
        return new Checkpoint(config, flow.parameters(), epoch, meta, optimizer.state(), flow.runningStatistics());
    }
}
