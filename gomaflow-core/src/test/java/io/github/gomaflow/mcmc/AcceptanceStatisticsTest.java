package io.github.gomaflow.mcmc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.gomaflow.rng.Streams;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class AcceptanceStatisticsTest {
    /** ½ + Σ_t (1/N) #{i ∈ [0,N) : steps i+1…i+t exist and are all rejected}, by brute force. */
    private static double tauByDefinition(boolean[] acc) {
        int n = acc.length;
        double sum = 0;
        for (int t = 1; t < n; t++) {
            int count = 0;
            for (int i = 0; i + t < n; i++) {
                boolean all = true;
                for (int s = i + 1; s <= i + t && all; s++) all = !acc[s];
                if (all) count++;
            }
            sum += (double) count / n;
        }
        return 0.5 + sum;
    }

    private static AcceptanceStatistics record(boolean[] acc) {
        AcceptanceStatistics s = new AcceptanceStatistics();
        for (boolean a : acc) s.record(a);
        return s;
    }

    @Test void handWorkedSequence() {
        // A R R A R A A R R R: rejection runs of 2, 1, 3 (the last still open)
        boolean[] acc = {true, false, false, true, false, true, true, false, false, false};
        AcceptanceStatistics s = record(acc);
        assertEquals(0.4, s.acceptance(), 1e-15);
        assertEquals(3, s.longestRejectionRun());
        // ρ sums: run of 2 → 2+1, run of 1 → 1, run of 3 → 3+2+1; τ = ½ + 10/10
        assertEquals(1.5, s.tauAcc(), 1e-15);
        assertEquals(tauByDefinition(acc), s.tauAcc(), 1e-12);
    }

    @Test void leadingRejectionsHaveNoPredecessor() {
        boolean[] acc = {false, false, true, false};
        assertEquals(tauByDefinition(acc), record(acc).tauAcc(), 1e-12);
        assertEquals(0.5 + (1 + 1) / 4.0, record(acc).tauAcc(), 1e-15);
    }

    @Test void matchesTheDefinitionOnRandomSequences() {
        RandomGenerator rng = Streams.stream(1, "test");
        for (int k = 0; k < 20; k++) {
            boolean[] acc = new boolean[1 + rng.nextInt(60)];
            double a = rng.nextDouble();
            for (int i = 0; i < acc.length; i++) acc[i] = rng.nextDouble() < a;
            assertEquals(tauByDefinition(acc), record(acc).tauAcc(), 1e-12);
        }
    }

    @Test void independentDecisionsGiveOneOverAcceptanceMinusHalf() {
        RandomGenerator rng = Streams.stream(2, "test");
        double a = 0.3;
        AcceptanceStatistics s = new AcceptanceStatistics();
        int n = 400_000;
        for (int i = 0; i < n; i++) s.record(rng.nextDouble() < a);
        // τ = 1/a − ½ = 2.8333; Var of the per-run sum is finite, σ_τ ≈ 0.01 at this n (5σ tolerance)
        assertEquals(1 / a - 0.5, s.tauAcc(), 0.05);
        assertEquals(a, s.acceptance(), 5 * Math.sqrt(a * (1 - a) / n));
    }
}
