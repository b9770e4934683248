package io.github.gomaflow.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.config.GomaConfig;
import io.github.gomaflow.config.OptimizerSpec;
import io.github.gomaflow.config.PhysicalParams;
import io.github.gomaflow.config.TrainingParams;
import io.github.gomaflow.prior.Prior;
import io.github.gomaflow.prior.Priors;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
    /**
     * A flow whose density equals the target up to a constant: φ = z and
     * log|det| = log r(z) + S(φ) + C, so log q = −S − C and every log-weight is C.
     */
    static class ExactFlow extends AffineFlow {
        private final GomaConfig config;
        private final Prior prior;
        private final double sign;

        ExactFlow(GomaConfig config, double sign) {
            super(config);
            this.config = config;
            this.prior = Priors.of(config.training().prior());
            this.sign = sign;
        }

        @Override public void forward(float[] z, int batch, float[] phi, double[] logDet) {
            System.arraycopy(z, 0, phi, 0, z.length < phi.length ? z.length : phi.length);
            int v = config.physical().lattice().volume();
            double[] s = new double[batch];
            double[] logR = new double[batch];
            new ScalarPhi4Action(config.physical().lattice(), config.physical().mSquared(), config.physical().lambda())
                    .action(phi, batch, s);
            prior.logDensity(z, v, batch, logR);
            for (int b = 0; b < batch; b++) logDet[b] = sign * (logR[b] + s[b]) + 3.5;
        }
    }

    private static GomaConfig config(int essSamples, int nsamples) {
        GomaConfig c = TrainingRunTest.tiny("e", 1, false, "");
        TrainingParams t = c.training();
        return new GomaConfig("e", c.version(), c.device(), new TrainingParams(t.seed(), t.batchsize(), 1, 1, t.baseLr(),
                t.optimizer(), t.prior(), t.lrScheduler(), "", essSamples, nsamples, false), c.physical(), c.model());
    }

    @Test void exactFlowHasUnitEssAndFullAcceptance() {
        GomaConfig c = config(300, 700); // not multiples of the evaluation chunk
        Evaluator.Evaluation e = new Evaluator(c, new ExactFlow(c, 1), Priors.of(c.training().prior())).evaluate(1);
        assertEquals(1.0, e.ess(), 1e-12);
        assertEquals(1.0, e.acceptanceRate(), 0.0);
        assertEquals(-3.5, e.loss(), 1e-9, "loss = mean(log q + S) = −C");
    }

    @Test void mismatchedFlowHasLowEssDependingOnlyOnTheEpoch() {
        GomaConfig c = config(512, 1024);
        Evaluator ev = new Evaluator(c, new ExactFlow(c, -1), Priors.of(c.training().prior()));
        Evaluator.Evaluation a = ev.evaluate(3);
        assertTrue(a.ess() < 0.1, "ESS " + a.ess());
        assertTrue(a.acceptanceRate() < 0.5, "acceptance " + a.acceptanceRate());
        assertEquals(a, ev.evaluate(3));
        assertNotEquals(a, ev.evaluate(4));
    }

    /**
     * Free field (λ = 0, m² = 1, 2D): among q = N(c, σ²) per site, reverse KL is minimal at c = 0,
     * σ² = V / (2 tr A) = 1 / (2(m² + 2d)), i.e. a = log σ = −½ log 10 for d = 2. Training must get there.
     */
    @Test void trainerFindsTheReverseKlOptimumOfAnAffineFlow() {
        GomaConfig base = TrainingRunTest.tiny("free", 1, false, "");
        TrainingParams t = base.training();
        GomaConfig c = new GomaConfig("free", base.version(), base.device(), new TrainingParams(t.seed(), 32, 1, 400, 0.05,
                new OptimizerSpec.Adam(0.9, 0.999, 1e-8), t.prior(), new io.github.gomaflow.config.ScheduleSpec.Constant(), "",
                64, 128, false), new PhysicalParams(List.of(4, 4), 1.0, 0.0), base.model());
        AffineFlow flow = new AffineFlow(c);
        Trainer trainer = new Trainer(c, flow, Priors.of(c.training().prior()), Optimizer.of(t.optimizer(), flow.parameters().length));
        Trainer.EpochResult first = trainer.trainEpoch(1, (e, s, l) -> { });
        TrainingParams t2 = c.training();
        GomaConfig slow = new GomaConfig("free", c.version(), c.device(), new TrainingParams(t2.seed(), 32, 2, 400, 0.005,
                t2.optimizer(), t2.prior(), t2.lrScheduler(), "", 64, 128, false), c.physical(), c.model());
        Trainer fine = new Trainer(slow, flow, Priors.of(c.training().prior()), trainer.optimizer());
        Trainer.EpochResult second = fine.trainEpoch(2, (e, s, l) -> { });
        assertEquals(-0.5 * Math.log(10), flow.parameters()[0], 0.01, "log σ");
        assertEquals(0.0, flow.parameters()[1], 0.02, "shift");
        assertTrue(second.meanLoss() < first.meanLoss(), second + " vs " + first);
    }
}
