package io.github.gomaflow.train;

import io.github.gomaflow.config.OptimizerSpec;
import java.util.Map;

/**
 * A first-order optimiser acting in place on a flat {@code float[]} parameter vector. Stateful
 * (moments, step count); the state is exposed so that a checkpoint can restore it exactly.
 */
public sealed interface Optimizer permits Adam, Descent, FluxRule {
    /**
     * One update θ ← θ − Δ(g, state; η).
     *
     * @param params       [P] parameters (modified in place)
     * @param grad         [P] ∂L/∂θ (read)
     * @param learningRate η for this step
     */
    void step(float[] params, float[] grad, double learningRate);

    /** Number of steps taken so far (t in the bias corrections). */
    long stepCount();

    /** The state arrays by checkpoint tensor name (live arrays, length P each); empty if stateless. */
    Map<String, float[]> state();

    /**
     * Restores a saved state.
     *
     * @param steps the saved {@link #stepCount()}
     * @param state arrays by name as from {@link #state()} (copied)
     * @throws IllegalArgumentException if an array is missing or has the wrong length
     */
    void restore(long steps, Map<String, float[]> state);

    /** A short name for logs and checkpoints, e.g. "Adam". */
    String name();

    /** A fresh optimiser for P parameters as the configuration asks. */
    static Optimizer of(OptimizerSpec spec, int parameterCount) {
        return switch (spec) {
            case OptimizerSpec.Adam a -> new Adam(parameterCount, a.beta1(), a.beta2(), a.epsilon(), 0.0);
            case OptimizerSpec.AdamW a -> new Adam(parameterCount, a.beta1(), a.beta2(), a.epsilon(), a.weightDecay());
            case OptimizerSpec.Descent d -> new Descent();
            case OptimizerSpec.Flux f -> new FluxRule(f, parameterCount);
        };
    }
}
