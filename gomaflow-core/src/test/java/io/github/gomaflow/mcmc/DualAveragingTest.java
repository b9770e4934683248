package io.github.gomaflow.mcmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DualAveragingTest {
    @Test void convergesToTheStepSizeWithTheTargetAcceptance() {
        // deterministic model: α(ε) = exp(−(ε/0.2)⁴); α = 0.8 at ε* = 0.2·(ln 1.25)^{1/4}
        double target = 0.8;
        double expected = 0.2 * Math.pow(Math.log(1 / target), 0.25);
        for (double eps0 : new double[] {0.001, 0.05, 1.0}) {
            DualAveraging da = new DualAveraging(eps0, target);
            for (int t = 0; t < 2000; t++) da.update(Math.exp(-Math.pow(da.stepSize() / 0.2, 4)));
            assertEquals(expected, da.finalStepSize(), 0.02 * expected, "from ε₀ = " + eps0);
        }
    }

    @Test void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new DualAveraging(0, 0.8));
        assertThrows(IllegalArgumentException.class, () -> new DualAveraging(0.1, 1.0));
    }
}
