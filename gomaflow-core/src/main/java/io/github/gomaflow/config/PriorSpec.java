package io.github.gomaflow.config;

/** The prior r(z) of the flow, parsed from strings such as {@code "Normal{Float32}(0.f0, 1.f0)"}. */
public sealed interface PriorSpec {
    /** i.i.d. N(μ, σ²) per site. */
    record Normal(double mean, double sigma) implements PriorSpec {}

    /** Single-site density ∝ exp(−(m² x² + λ x⁴)) on [xmin, xmax]. */
    record Potential(double mSquared, double lambda, double xmin, double xmax) implements PriorSpec {}

    /**
     * One of Distributions.jl's univariates with two parameters (see prior.UnivariatePrior):
     * Uniform(a, b), Cauchy(μ, σ), Laplace(μ, θ), Logistic(μ, θ), Gumbel(μ, θ), TDist(ν) (then b is unused).
     */
    record Univariate(String name, double a, double b) implements PriorSpec {}
}
