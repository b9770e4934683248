package io.github.gomaflow.train;

import io.github.gomaflow.config.GomaConfig;
import io.github.gomaflow.config.TrainingParams;
import io.github.gomaflow.io.ProgressListener;
import io.github.gomaflow.prior.Prior;
import io.github.gomaflow.train.Evaluator.Evaluation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The epochs of a run: train, evaluate, record, checkpoint (in that order, see {@link TrainingRun}). */
final class EpochLoop {
    private static final int STATUS_EVERY = 10;
    record Result(int lastEpoch, Evaluation last, BestScores best, double elapsed) {}

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
    }

    /**
     * @param start   first epoch to run
     * @param best    best scores before {@code start}
     * @param elapsed seconds of training and evaluation before {@code start} (for elapsed_time)
     */
    Result run(int start, BestScores best, double elapsed) throws IOException {
        long total = (long) tp.epochs() * tp.iterations();
        Evaluation last = null;
        int epoch;
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
            Evaluation ev = evaluator.evaluate(epoch);
            double secondsTrain = (t1 - t0) * 1e-9;
            double secondsEval = (System.nanoTime() - t1) * 1e-9;
            elapsed += secondsTrain + secondsEval;
            BestScores previous = best;
            best = best.update(epoch, ev.ess(), ev.acceptanceRate());
            double lr = tp.lrScheduler().learningRate(epoch, tp.baseLr());
            csv.write(new EvaluationsCsv.Row(epoch, ev.loss(), ev.ess(), best, ev.acceptanceRate(), elapsed,
                    tp.essSamples(), lr, secondsTrain, secondsEval, train.meanLoss(), train.skippedSteps()));
            Checkpoint ck = checkpoint(epoch, best, elapsed);
            ck.write(runDir.resolve(TrainingRun.LATEST));
            if (previous.improvesEss(ev.ess())) ck.write(runDir.resolve(TrainingRun.BEST_ESS));
            if (previous.improvesAcceptance(ev.acceptanceRate())) ck.write(runDir.resolve(TrainingRun.BEST_ACCEPTANCE));
            status = String.format(Locale.ROOT, "  |  ess %.3f  acc %.1f%%", ev.ess(), 100 * ev.acceptanceRate());
            log.line(String.format(Locale.ROOT, "epoch %d/%d  loss %.5g  ess %.4f  acc %.2f%%  lr %.3g  (%.1f s + %.1f s eval)%s",
                    epoch, tp.epochs(), ev.loss(), ev.ess(), 100 * ev.acceptanceRate(), lr, secondsTrain, secondsEval,
                    train.skippedSteps() > 0 ? "  skipped " + train.skippedSteps() + " steps" : ""));
            last = ev;
        }
        return new Result(epoch - 1, last, best, elapsed);
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
        return new Checkpoint(config, flow.parameters(), epoch, meta, optimizer.state(), flow.runningStatistics());
    }
}
