package io.github.gomaflow.train;

import java.util.Map;

/** Plain gradient descent (Flux's {@code Descent}): θ ← θ − η g. Stateless apart from the step count. */
public final class Descent implements Optimizer {
    private long t;

    @Override public void step(float[] params, float[] grad, double learningRate) {
        if (params.length != grad.length) {
            throw new IllegalArgumentException("parameters and gradients differ in length: " + params.length + " vs " + grad.length);
        }
        t++;
        for (int i = 0; i < params.length; i++) params[i] = (float) (params[i] - learningRate * grad[i]);
    }

    @Override public long stepCount() { return t; }

    @Override public Map<String, float[]> state() { return Map.of(); }

    @Override public void restore(long steps, Map<String, float[]> state) {
        if (steps < 0) throw new IllegalArgumentException("negative step count " + steps);
        t = steps;
    }

    @Override public String name() { return "Descent"; }
}
