package io.github.gomaflow.config;

/** Optimiser named by {@code training.opt}: "Adam", "AdamW", "Descent" (plain SGD). */
public sealed interface OptimizerSpec {
    /** Adam (Kingma &amp; Ba 2015); Flux defaults β = (0.9, 0.999), ε = 1e−8. */
    record Adam(double beta1, double beta2, double epsilon) implements OptimizerSpec {}

    /** AdamW (Loshchilov &amp; Hutter 2019): Adam with decoupled weight decay. */
    record AdamW(double beta1, double beta2, double epsilon, double weightDecay) implements OptimizerSpec {}

    /** Plain gradient descent θ ← θ − η g. */
    record Descent() implements OptimizerSpec {}
}
