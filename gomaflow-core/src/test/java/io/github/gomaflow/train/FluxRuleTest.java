package io.github.gomaflow.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.gomaflow.config.OptimizerSpec;
import io.github.gomaflow.config.OptimizerSpec.Rule;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Two steps of every Flux rule against the update written out here, scalar by scalar, from Flux 0.13's
 * {@code apply!} methods (src/optimise/optimisers.jl). Non-default hyper-parameters so that a swapped
 * β₁/β₂ or a missing ρ shows.
 */
class FluxRuleTest {
    private static final double ETA = 0.05;
    private static final double EPS = 1e-8;
    private static final double[][] GRADS = {{0.5, -3.0, 1e-3}, {0.25, 1.0, -2e-3}};
    private static final double[] THETA0 = {1.0, -2.0, 0.3};

    private static OptimizerSpec.Flux spec(Rule r) {
        OptimizerSpec.Flux d = OptimizerSpec.Flux.defaults(r);
        return new OptimizerSpec.Flux(r, r.usesBeta ? 0.8 : 0, r.usesBeta ? 0.95 : 0, r.usesRho ? 0.7 : 0, d.epsilon());
    }

    /** The expected θ after two steps, one coordinate, in double throughout. */
    private static double expected(Rule r, double theta, double g1, double g2) {
        double b1 = 0.8, b2 = 0.95, rho = 0.7;
        double a = 0, b = 0, c = 0; // state
        double[] gs = {g1, g2};
        if (r == Rule.ADAGRAD) a = EPS;
        if (r == Rule.AMSGRAD) { a = EPS; b = EPS; c = EPS; }
        for (int k = 0; k < 2; k++) {
            int t = k + 1;
            double g = gs[k];
            double b1t = Math.pow(b1, t), b2t = Math.pow(b2, t);
            switch (r) {
                case MOMENTUM -> { a = rho * a - ETA * g; theta -= -a; }
                case NESTEROV -> { double d = rho * rho * a - (1 + rho) * ETA * g; a = rho * a - ETA * g; theta -= -d; }
                case RMSPROP -> { a = rho * a + (1 - rho) * g * g; theta -= g * ETA / (Math.sqrt(a) + EPS); }
                case ADAGRAD -> { a += g * g; theta -= g * ETA / (Math.sqrt(a) + EPS); }
                case ADADELTA -> {
                    a = rho * a + (1 - rho) * g * g;
                    double delta = g * Math.sqrt(b + EPS) / Math.sqrt(a + EPS);
                    b = rho * b + (1 - rho) * delta * delta;
                    theta -= delta;
                }
                case RADAM -> {
                    double rInf = 2 / (1 - b2) - 1;
                    a = b1 * a + (1 - b1) * g;
                    b = b2 * b + (1 - b2) * g * g;
                    double rt = rInf - 2 * t * b2t / (1 - b2t);
                    if (rt > 4) {
                        double rr = Math.sqrt((rt - 4) * (rt - 2) * rInf / ((rInf - 4) * (rInf - 2) * rt));
                        theta -= a / (1 - b1t) / (Math.sqrt(b / (1 - b2t)) + EPS) * ETA * rr;
                    } else {
                        theta -= a / (1 - b1t) * ETA;
                    }
                }
                case ADAMAX -> {
                    a = b1 * a + (1 - b1) * g;
                    b = Math.max(b2 * b, Math.abs(g));
                    theta -= (ETA / (1 - b1t)) * a / (b + EPS);
                }
                case AMSGRAD -> {
                    a = b1 * a + (1 - b1) * g;
                    b = b2 * b + (1 - b2) * g * g;
                    c = Math.max(c, b);
                    theta -= ETA * a / (Math.sqrt(c) + EPS);
                }
                case NADAM -> {
                    double b1p = Math.pow(b1, t), b2p = Math.pow(b2, t); // βp after t−1 products of the initial β
                    a = b1 * a + (1 - b1) * g;
                    b = b2 * b + (1 - b2) * g * g;
                    theta -= (b1 * a / (1 - b1 * b1p) + (1 - b1) * g / (1 - b1p)) / (Math.sqrt(b * b2 / (1 - b2p)) + EPS) * ETA;
                }
                case OADAM -> {
                    a = b1 * a + (1 - b1) * g;
                    b = b2 * b + (1 - b2) * g * g;
                    double delta = -c;
                    c = ETA * a / (1 - b1t) / (Math.sqrt(b / (1 - b2t)) + EPS);
                    delta += 2 * c;
                    theta -= delta;
                }
                case ADABELIEF -> {
                    double eps2 = EPS * EPS;
                    a = b1 * a + (1 - b1) * g;
                    b = b2 * b + (1 - b2) * (g - a) * (g - a) + eps2;
                    theta -= ETA * a / (1 - b1t) / (Math.sqrt(b / (1 - b2t)) + eps2);
                }
            }
        }
        return theta;
    }

    @ParameterizedTest
    @EnumSource(Rule.class)
    void twoStepsFollowFluxsUpdateRule(Rule r) {
        Optimizer opt = Optimizer.of(spec(r), 3);
        assertEquals(r.fluxName, opt.name());
        float[] theta = new float[3];
        for (int i = 0; i < 3; i++) theta[i] = (float) THETA0[i];
        for (double[] g : GRADS) {
            float[] gf = new float[3];
            for (int i = 0; i < 3; i++) gf[i] = (float) g[i];
            opt.step(theta, gf, ETA);
        }
        assertEquals(2, opt.stepCount());
        for (int i = 0; i < 3; i++) {
            double want = expected(r, (float) THETA0[i], (float) GRADS[0][i], (float) GRADS[1][i]);
            assertEquals(want, theta[i], 2e-6 * Math.max(1, Math.abs(want)), r + " coordinate " + i);
            assertNotEquals((float) THETA0[i], theta[i], r + " did not move coordinate " + i);
        }
    }

    /** A fresh optimiser restored from another's state continues bit-identically, for every rule. */
    @ParameterizedTest
    @EnumSource(Rule.class)
    void restoreContinuesBitIdentically(Rule r) {
        Optimizer a = Optimizer.of(spec(r), 4);
        float[] ta = {0.1f, 0.2f, -0.3f, 0.4f};
        float[] g = new float[4];
        for (int s = 0; s < 5; s++) {
            for (int i = 0; i < 4; i++) g[i] = (float) Math.sin(s + i) * ta[i] + 0.01f * i;
            a.step(ta, g, 0.01);
        }
        Optimizer b = Optimizer.of(spec(r), 4);
        Map<String, float[]> saved = new HashMap<>();
        a.state().forEach((k, v) -> saved.put(k, v.clone()));
        b.restore(a.stepCount(), saved);
        float[] tb = ta.clone();
        for (int s = 5; s < 9; s++) {
            for (int i = 0; i < 4; i++) g[i] = (float) Math.cos(s * i) * ta[i] - 0.02f;
            a.step(ta, g.clone(), 0.01);
            b.step(tb, g.clone(), 0.01);
        }
        assertArrayEquals(ta, tb);
        for (String k : a.state().keySet()) assertArrayEquals(a.state().get(k), b.state().get(k), k);
    }

    @Test void restoreRefusesMissingState() {
        Optimizer o = Optimizer.of(OptimizerSpec.Flux.defaults(Rule.AMSGRAD), 2);
        assertThrows(IllegalArgumentException.class,
                () -> o.restore(3, Map.of("amsgrad_m", new float[2], "amsgrad_v", new float[2])));
    }

    /** AdaDelta has no learning rate in Flux: the step does not depend on η. */
    @Test void adaDeltaIgnoresTheLearningRate() {
        float[] x = {1f}, y = {1f};
        Optimizer.of(OptimizerSpec.Flux.defaults(Rule.ADADELTA), 1).step(x, new float[] {2f}, 0.1);
        Optimizer.of(OptimizerSpec.Flux.defaults(Rule.ADADELTA), 1).step(y, new float[] {2f}, 10);
        assertEquals(x[0], y[0]);
    }
}
