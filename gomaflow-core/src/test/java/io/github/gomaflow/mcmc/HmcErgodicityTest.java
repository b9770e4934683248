package io.github.gomaflow.mcmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.action.FreeField;
import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.analysis.GammaEstimate;
import io.github.gomaflow.analysis.GammaMethod;
import io.github.gomaflow.lattice.Lattice;
import io.github.gomaflow.rng.Streams;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * HMC with a fixed trajectory length is not ergodic for modes that rotate by about π per trajectory:
 * at the free field on 8×8 with m² = 0.5, τ = 1 and K = 6 leapfrog steps, the modes with p̂² ≈ 4 barely
 * change their φ² and the Γ-method error of ⟨φ²⟩ is too small. Randomised lengths must give honest errors.
 */
class HmcErgodicityTest {
    static final int RUNS = 40, N = 20_000, THERM = 500;

    /** Pulls (mean − exact)/error of ⟨φ²⟩ over RUNS independent chains. */
    static double[] pulls(boolean randomLength) {
        Lattice l = new Lattice(8, 8);
        double m2 = 0.5;
        ScalarPhi4Action action = new ScalarPhi4Action(l, m2, 0.0);
        double exact = new FreeField(l, m2).phi2();
        double[] pulls = new double[RUNS];
        for (int r = 0; r < RUNS; r++) {
            Hmc hmc = new Hmc(action, Integrator.LEAPFROG, 1.0, 6);
            hmc.setMoves(randomLength, false);
            RandomGenerator rng = Streams.stream(1000 + r, "test-hmc-ergodicity");
            for (int i = 0; i < THERM; i++) hmc.trajectory(rng);
            double[] phi2 = new double[N];
            for (int i = 0; i < N; i++) {
                hmc.trajectory(rng);
                double s = 0;
                for (double f : hmc.field()) s += f * f;
                phi2[i] = s / l.volume();
            }
            GammaEstimate e = GammaMethod.estimate(phi2, N, GammaMethod.DEFAULT_S);
            pulls[r] = (e.value() - exact) / e.error();
        }
        return pulls;
    }

    static double meanSquare(double[] x) {
        double s = 0;
        for (double v : x) s += v * v;
        return s / x.length;
    }

    @Test void randomisedLengthsGiveHonestErrorsWhereAFixedLengthDoesNot() {
        double random = meanSquare(pulls(true));
        double fixed = meanSquare(pulls(false));
        // mean square of 40 unit-variance pulls: 1 ± sqrt(2/40) = 1 ± 0.22; accept within 3σ
        assertEquals(1.0, random, 3 * Math.sqrt(2.0 / RUNS), "randomised: mean square pull " + random + " (fixed " + fixed + ")");
        assertTrue(fixed > 1 + 3 * Math.sqrt(2.0 / RUNS), "fixed length: mean square pull " + fixed + " (random " + random + ")");
    }
}
