package io.github.gomaflow.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.config.GomaConfig;
import io.github.gomaflow.config.TrainingParams;
import io.github.gomaflow.io.EnsembleReader;
import io.github.gomaflow.io.ProgressListener;
import io.github.gomaflow.prior.Priors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code training.evaluation = "gomalizingflow"}: GomalizingFlow's batch, chain length, re-seeding and units. */
class GomalizingFlowEvaluationTest {
    @TempDir Path dir;

    static GomaConfig config(int batchsize, int epochs, TrainingParams.Evaluation mode, boolean history) {
        GomaConfig c = TrainingRunTest.tiny("gf", epochs, false, "");
        TrainingParams t = c.training();
        return new GomaConfig("gf", c.version(), c.device(), new TrainingParams(t.seed(), batchsize, epochs, t.iterations(),
                t.baseLr(), t.optimizer(), t.prior(), t.lrScheduler(), "", t.essSamples(), t.nsamples(), false, mode, history),
                c.physical(), c.model());
    }

    /** Records the batch sizes the evaluator pushes through the flow. */
    static final class CountingFlow extends EvaluatorTest.ExactFlow {
        final List<Integer> batches = new ArrayList<>();

        CountingFlow(GomaConfig c, double sign) { super(c, sign); }

        @Override public void forward(float[] z, int batch, float[] phi, double[] logDet) {
            batches.add(batch);
            super.forward(z, batch, phi, logDet);
        }
    }

    /** The chain's states as the evaluator hands them out. */
    static final class Recorder implements Evaluator.ChainSink {
        final List<Double> logQ = new ArrayList<>();
        int accepted;

        @Override public void state(float[] phi, int offset, double q, double p, boolean a) {
            logQ.add(q);
            if (a) accepted++;
        }
    }

    @Test void chainLengthIsGomalizingFlowsCeilingOf8196() {
        // make_mcmc_ensamble: ceil(Int, 8196 / batchsize) batches of batchsize, every proposal kept
        assertEquals(8256, Evaluator.gfProposals(64)); // 129 · 64
        assertEquals(8200, Evaluator.gfProposals(100)); // 82 · 100
        assertEquals(8196, Evaluator.gfProposals(1));
        assertEquals(8196, Evaluator.gfProposals(8196));
        assertEquals(10000, Evaluator.gfProposals(10000));
    }

    @Test void essOnOneBatchThenEveryOneOf8256ProposalsCountedInPercent() throws IOException {
        GomaConfig c = config(64, 1, TrainingParams.Evaluation.GOMALIZINGFLOW, true);
        CountingFlow flow = new CountingFlow(c, -1);
        Recorder r = new Recorder();
        Evaluator.Evaluation e = new Evaluator(c, flow, Priors.of(c.training().prior())).evaluate(1, r);
        // one ESS batch of batchsize, then 129 chain batches of 64
        assertEquals(130, flow.batches.size());
        assertTrue(flow.batches.stream().allMatch(b -> b == 64), flow.batches.toString());
        assertEquals(8256, r.logQ.size());
        assertTrue(r.accepted > 1 && r.accepted < 8256 / 2, "accepted " + r.accepted);
        // percent over all proposals, the first (which starts the chain) included
        assertEquals(100.0 * r.accepted / 8256, e.acceptanceRate(), 1e-12);
    }

    @Test void exactFlowAccepts100Percent() {
        GomaConfig c = config(50, 1, TrainingParams.Evaluation.GOMALIZINGFLOW, true);
        Evaluator.Evaluation e = new Evaluator(c, new EvaluatorTest.ExactFlow(c, 1), Priors.of(c.training().prior())).evaluate(2);
        assertEquals(100.0, e.acceptanceRate(), 0.0);
        assertEquals(1.0, e.ess(), 1e-12);
        assertEquals(-3.5, e.loss(), 1e-9);
    }

    @Test void chainIsReseededIdenticallyEveryEpochButTheEssBatchIsNot() throws IOException {
        GomaConfig c = config(64, 1, TrainingParams.Evaluation.GOMALIZINGFLOW, true);
        Evaluator ev = new Evaluator(c, new EvaluatorTest.ExactFlow(c, -1), Priors.of(c.training().prior()));
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        Evaluator.Evaluation ea = ev.evaluate(3, a);
        Evaluator.Evaluation eb = ev.evaluate(7, b);
        assertEquals(a.logQ, b.logQ, "same proposals and decisions in epochs 3 and 7");
        assertEquals(ea.acceptanceRate(), eb.acceptanceRate(), 0.0);
        assertNotEquals(ea.ess(), eb.ess(), "the ESS batch is fresh each epoch");
        // our own mode draws a fresh chain each epoch
        GomaConfig ours = config(64, 1, TrainingParams.Evaluation.GOMAFLOW, true);
        Evaluator ev2 = new Evaluator(ours, new EvaluatorTest.ExactFlow(ours, -1), Priors.of(ours.training().prior()));
        Recorder c3 = new Recorder();
        Recorder c7 = new Recorder();
        ev2.evaluate(3, c3);
        ev2.evaluate(7, c7);
        assertEquals(128, c3.logQ.size());
        assertNotEquals(c3.logQ, c7.logQ);
    }

    @Test void csvHasGomalizingFlowsColumnsUnitsAndPerEpochTimeAndHistoryFiles() throws IOException {
        GomaConfig c = config(64, 3, TrainingParams.Evaluation.GOMALIZINGFLOW, true);
        TrainingRun.Summary s = TrainingRun.execute(c, new TrainingRun.Options(dir, 2, false, false, "t", null),
                ProgressListener.NONE, (cfg, m, t) -> new AffineFlow(cfg));
        Path run = s.runDir();
        List<String> lines = Files.readAllLines(run.resolve("evaluations.csv"));
        String[] header = lines.get(0).split(",");
        // GomalizingFlow's train.jl DataFrame, in its order
        assertArrayEquals(new String[] {"epoch", "loss", "ess", "best_ess", "best_acceptance_rate", "best_epoch_ess",
                "best_epoch_acceptance_rate", "acceptance_rate", "elapsed_time"}, java.util.Arrays.copyOf(header, 9));
        int acc = List.of(header).indexOf("acceptance_rate");
        int elapsed = List.of(header).indexOf("elapsed_time");
        int train = List.of(header).indexOf("seconds_train");
        int eval = List.of(header).indexOf("seconds_eval");
        assertEquals(4, lines.size());
        String[] last = lines.get(3).split(",");
        for (String row : lines.subList(1, 4)) {
            String[] f = row.split(",");
            // per epoch: train + evaluation of this epoch (each rounded to 1 ms)
            assertEquals(Double.parseDouble(f[train]) + Double.parseDouble(f[eval]), Double.parseDouble(f[elapsed]), 0.0021);
        }
        try (EnsembleReader h = EnsembleReader.open(run.resolve(TrainingRun.HISTORY_FINAL))) {
            assertEquals(8256, h.size());
            int n = 0;
            for (boolean a : h.accepted()) if (a) n++;
            assertTrue(h.accepted()[0]);
            assertEquals(100.0 * n / 8256, Double.parseDouble(last[acc]), 1e-9, "acceptance_rate in percent");
            assertTrue(n > 1, "with more than the first proposal accepted, percent and fraction differ: " + n);
        }
        assertTrue(Files.isRegularFile(run.resolve(TrainingRun.HISTORY_BEST_ESS)));
        assertFalse(Files.exists(run.resolve(TrainingRun.HISTORY_EPOCH)));
    }

    @Test void ourModeWritesCumulativeTimeAndFractionsAndHistoryCanBeOff() throws IOException {
        GomaConfig c = config(16, 3, TrainingParams.Evaluation.GOMAFLOW, false);
        TrainingRun.Summary s = TrainingRun.execute(c, new TrainingRun.Options(dir, 2, false, false, "t", null),
                ProgressListener.NONE, (cfg, m, t) -> new AffineFlow(cfg));
        List<String> lines = Files.readAllLines(s.runDir().resolve("evaluations.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        double sum = 0;
        for (String row : lines.subList(1, lines.size())) {
            String[] f = row.split(",");
            sum += Double.parseDouble(f[header.indexOf("seconds_train")]) + Double.parseDouble(f[header.indexOf("seconds_eval")]);
            assertEquals(sum, Double.parseDouble(f[header.indexOf("elapsed_time")]), 0.007);
            double a = Double.parseDouble(f[header.indexOf("acceptance_rate")]);
            assertTrue(a >= 0 && a <= 1, "fraction " + a);
        }
        assertFalse(Files.exists(s.runDir().resolve(TrainingRun.HISTORY_FINAL)));
        assertFalse(Files.exists(s.runDir().resolve(TrainingRun.HISTORY_BEST_ESS)));
    }

    @Test void ourModeHistoryIsTheEvaluationChainOfNsamples() throws IOException {
        GomaConfig c = config(16, 2, TrainingParams.Evaluation.GOMAFLOW, true);
        TrainingRun.Summary s = TrainingRun.execute(c, new TrainingRun.Options(dir, 2, false, false, "t", null),
                ProgressListener.NONE, (cfg, m, t) -> new AffineFlow(cfg));
        List<String> lines = Files.readAllLines(s.runDir().resolve("evaluations.csv"));
        int acc = List.of(lines.get(0).split(",")).indexOf("acceptance_rate");
        double lastAcceptance = Double.parseDouble(lines.get(lines.size() - 1).split(",")[acc]);
        try (EnsembleReader h = EnsembleReader.open(s.runDir().resolve(TrainingRun.HISTORY_FINAL))) {
            assertEquals(c.training().nsamples(), h.size());
            // the very chain the last epoch's acceptance_rate counted (after its first 10 %)
            int therm = h.size() / 10, n = 0;
            for (int i = therm; i < h.size(); i++) if (h.accepted()[i]) n++;
            assertEquals((double) n / (h.size() - therm), lastAcceptance, 1e-15);
            // log p of a repeated (rejected) state equals the previous one
            for (int i = 1; i < h.size(); i++) {
                if (!h.accepted()[i]) assertEquals(h.logP()[i - 1], h.logP()[i], 0.0);
            }
        }
    }

    @Test void configKeysParseRoundTripAndRefuseUnknownModesInOneLine() {
        String base = "[physical]\nL = 4\nNd = 2\nM2 = -4\nlam = 8\n[training]\n";
        GomaConfig d = io.github.gomaflow.config.ConfigLoader.parse(base, "d.toml", x -> {});
        assertEquals(TrainingParams.Evaluation.GOMAFLOW, d.training().evaluation());
        assertTrue(d.training().writeHistory());
        GomaConfig g = io.github.gomaflow.config.ConfigLoader.parse(base + "evaluation = \"gomalizingflow\"\nwrite_history = false\n",
                "g.toml", x -> {});
        assertEquals(TrainingParams.Evaluation.GOMALIZINGFLOW, g.training().evaluation());
        assertFalse(g.training().writeHistory());
        assertEquals(g, io.github.gomaflow.config.ConfigLoader.parse(io.github.gomaflow.config.ConfigWriter.toToml(g), "g.toml", x -> {}));
        io.github.gomaflow.BadInputException e = org.junit.jupiter.api.Assertions.assertThrows(io.github.gomaflow.BadInputException.class,
                () -> io.github.gomaflow.config.ConfigLoader.parse(base + "evaluation = \"GomalizingFlow.jl\"\n", "b.toml", x -> {}));
        assertTrue(e.getMessage().startsWith("b.toml: training.evaluation = \"GomalizingFlow.jl\""), e.getMessage());
        assertTrue(e.getMessage().contains("\"gomalizingflow\""), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
