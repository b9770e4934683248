package io.github.gomaflow.mcmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.io.EnsembleWriter;
import io.github.gomaflow.io.ProgressListener;
import io.github.gomaflow.lattice.Lattice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HmcChainTest {
    private static final ScalarPhi4Action EXAMPLE2D = new ScalarPhi4Action(Lattice.hypercubic(2, 8), -4.0, 8.0);

    @Test void tuningReachesTheTargetAcceptance() throws IOException {
        for (double target : new double[] {0.6, 0.9}) {
            var o = new HmcChain.Options(1.0, 20, Integrator.LEAPFROG, 2000, target, true);
            HmcChain.Result r = HmcChain.run(EXAMPLE2D, o, 4000, 1, null, ProgressListener.NONE, () -> false);
            // binomial error with τ_acc ≈ 1: √(a(1−a)/4000) ≈ 0.008 (tolerance 0.03 ≈ 4σ)
            assertTrue(r.chain().acceptance() > target - 0.03, "acceptance " + r.chain().acceptance() + ", K=" + r.steps());
            assertEquals(1.0, r.steps() * r.stepSize(), 1e-12, "τ is held fixed");
            // and K is the smallest integer that gets there: one step fewer falls short of the target
            var fewer = new HmcChain.Options(1.0, r.steps() - 1, Integrator.LEAPFROG, 500, target, false);
            HmcChain.Result f = HmcChain.run(EXAMPLE2D, fewer, 4000, 2, null, ProgressListener.NONE, () -> false);
            assertTrue(f.chain().acceptance() < target + 0.03, "K-1=" + (r.steps() - 1) + ": " + f.chain().acceptance());
        }
    }

    @Test void withoutTuningTheStepCountIsKept() throws IOException {
        var o = new HmcChain.Options(0.5, 7, Integrator.OMELYAN, 10, 0.8, false);
        HmcChain.Result r = HmcChain.run(EXAMPLE2D, o, 10, 1, null, ProgressListener.NONE, () -> false);
        assertEquals(7, r.steps());
        assertEquals(0.5 / 7, r.stepSize(), 1e-15);
    }

    @Test void sameSeedGivesTheSameEnsembleBytes(@TempDir Path dir) throws IOException {
        ScalarPhi4Action a = new ScalarPhi4Action(new Lattice(4, 6), -1.0, 1.0);
        var o = new HmcChain.Options(1.0, 10, Integrator.LEAPFROG, 50, 0.8, true);
        byte[][] bytes = new byte[3][];
        long[] seeds = {5, 5, 6};
        for (int k = 0; k < 3; k++) {
            Path f = dir.resolve("e" + k + ".npz");
            try (EnsembleWriter w = new EnsembleWriter(f, a.lattice(), -1.0, 1.0, EnsembleWriter.Source.HMC, 100)) {
                HmcChain.Result r = HmcChain.run(a, o, 100, seeds[k], w, ProgressListener.NONE, () -> false);
                assertEquals(100, r.chain().samples());
                assertEquals(100, w.count());
            }
            bytes[k] = Files.readAllBytes(f);
        }
        assertTrue(Arrays.equals(bytes[0], bytes[1]));
        assertNotEquals(Arrays.hashCode(bytes[0]), Arrays.hashCode(bytes[2]));
    }

    @Test void stopEndsTheChainEarly() throws IOException {
        int[] polls = {0};
        var o = new HmcChain.Options(1.0, 10, Integrator.LEAPFROG, 0, 0.8, true);
        HmcChain.Result r = HmcChain.run(EXAMPLE2D, o, 1000, 1, null, ProgressListener.NONE, () -> ++polls[0] > 30);
        assertEquals(30, r.chain().samples());
    }

    @Test void stepsForClampsAndRounds() {
        assertEquals(20, HmcChain.stepsFor(1.0, 0.05));
        assertEquals(1, HmcChain.stepsFor(1.0, 5.0));
        assertEquals(HmcChain.MAX_STEPS, HmcChain.stepsFor(1.0, 0.0));
        assertEquals(HmcChain.MAX_STEPS, HmcChain.stepsFor(1.0, Double.NaN));
        assertEquals(20, HmcChain.stepsAtMost(1.0, 0.05));
        assertEquals(21, HmcChain.stepsAtMost(1.0, 0.0499));
        assertEquals(1, HmcChain.stepsAtMost(1.0, 3.0));
    }
}
