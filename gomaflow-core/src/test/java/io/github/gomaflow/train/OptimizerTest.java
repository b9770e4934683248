package io.github.gomaflow.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.config.OptimizerSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptimizerTest {
    /** Two Adam steps computed by hand (β₁ = 0.9, β₂ = 0.999, ε = 1e−8, η = 0.1). */
    @Test void adamMatchesHandComputedSteps() {
        Adam adam = Adam.withDefaults(2);
        float[] theta = {1.0f, -2.0f};
        adam.step(theta, new float[] {0.5f, -3.0f}, 0.1);
        // step 1: m̂ = g, v̂ = g², Δ = η g / (|g| + ε)
        assertEquals(1.0 - 0.1 * 0.5 / (0.5 + 1e-8), theta[0], 1e-7);
        assertEquals(-2.0 + 0.1 * 3.0 / (3.0 + 1e-8), theta[1], 1e-7);
        double t0 = theta[0];
        adam.step(theta, new float[] {0.25f, 1.0f}, 0.1);
        // step 2, parameter 0: m = 0.9·0.05 + 0.1·0.25 = 0.07 → m̂ = 0.07/0.19;
        // v = 0.999·0.00025 + 0.001·0.0625 = 0.00031225 → v̂ = 0.00031225/0.001999
        double mHat = 0.07 / 0.19;
        double vHat = 0.00031225 / (1 - 0.999 * 0.999);
        assertEquals(t0 - 0.1 * mHat / (Math.sqrt(vHat) + 1e-8), theta[0], 1e-6);
        assertEquals(2, adam.stepCount());
        assertEquals(0.07f, adam.state().get("adam_m")[0], 1e-8f);
    }

    @Test void adamWDecaysWeightsWithZeroGradient() {
        Optimizer opt = Optimizer.of(new OptimizerSpec.AdamW(0.9, 0.999, 1e-8, 0.5), 1);
        assertEquals("AdamW", opt.name());
        float[] theta = {2.0f};
        opt.step(theta, new float[] {0f}, 0.1);
        // Adam part is 0/(0+ε) = 0; decoupled decay: θ − η λ θ = 2 − 0.1·0.5·2
        assertEquals(1.9f, theta[0], 1e-7f);
    }

    @Test void descentIsPlainGradientStep() {
        Optimizer opt = Optimizer.of(new OptimizerSpec.Descent(), 2);
        assertInstanceOf(Descent.class, opt);
        float[] theta = {1f, 1f};
        opt.step(theta, new float[] {2f, -4f}, 0.25);
        assertArrayEquals(new float[] {0.5f, 2f}, theta);
        assertTrue(opt.state().isEmpty());
    }

    /** f(θ) = Σ aᵢ (θᵢ − cᵢ)² with condition number 100: Adam reaches the minimum. */
    @Test void adamConvergesOnIllConditionedQuadratic() {
        double[] a = {0.1, 1, 10};
        double[] c = {3, -1, 0.5};
        Adam adam = Adam.withDefaults(3);
        float[] theta = new float[3];
        float[] g = new float[3];
        for (int step = 0; step < 3000; step++) {
            for (int i = 0; i < 3; i++) g[i] = (float) (2 * a[i] * (theta[i] - c[i]));
            adam.step(theta, g, step < 2000 ? 0.05 : 0.005);
        }
        for (int i = 0; i < 3; i++) assertEquals(c[i], theta[i], 1e-2, "coordinate " + i);
    }

    @Test void restoredAdamContinuesBitIdentically() {
        Adam a = Adam.withDefaults(4);
        float[] thetaA = {0.1f, 0.2f, -0.3f, 0.4f};
        float[] grad = new float[4];
        for (int s = 0; s < 5; s++) {
            for (int i = 0; i < 4; i++) grad[i] = (float) Math.sin(s + i) * thetaA[i] + 0.01f * i;
            a.step(thetaA, grad, 0.01);
        }
        Adam b = Adam.withDefaults(4);
        b.restore(a.stepCount(), Map.of("adam_m", a.state().get("adam_m").clone(), "adam_v", a.state().get("adam_v").clone()));
        float[] thetaB = thetaA.clone();
        for (int s = 5; s < 9; s++) {
            for (int i = 0; i < 4; i++) grad[i] = (float) Math.cos(s * i) * thetaA[i];
            a.step(thetaA, grad, 0.01);
            b.step(thetaB, grad.clone(), 0.01);
        }
        assertArrayEquals(thetaA, thetaB);
        assertThrows(IllegalArgumentException.class, () -> b.restore(1, Map.of("adam_m", new float[3], "adam_v", new float[4])));
    }
}
