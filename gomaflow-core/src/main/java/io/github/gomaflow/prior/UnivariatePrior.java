package io.github.gomaflow.prior;

import java.util.random.RandomGenerator;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.special.Gamma;

/**
 * i.i.d. single-site priors from Distributions.jl, with its parameterisations and defaults:
 * <pre>
 *   Uniform(a=0, b=1)      r₁(x) = 1/(b−a) on [a, b]
 *   Cauchy(μ=0, σ=1)       r₁(x) = 1 / (πσ(1 + ((x−μ)/σ)²))
 *   Laplace(μ=0, θ=1)      r₁(x) = exp(−|x−μ|/θ) / (2θ)
 *   Logistic(μ=0, θ=1)     r₁(x) = e^{−z} / (θ(1 + e^{−z})²),  z = (x−μ)/θ
 *   Gumbel(μ=0, θ=1)       r₁(x) = exp(−(z + e^{−z})) / θ,     z = (x−μ)/θ
 *   TDist(ν)               r₁(x) = Γ((ν+1)/2) / (√(νπ) Γ(ν/2)) · (1 + x²/ν)^{−(ν+1)/2}
 * </pre>
 * Sampling is exact by inversion of the distribution function from one uniform u ∈ (0, 1) per value,
 * in index order (TDist through commons-math's inverse t distribution function).
 */
public final class UnivariatePrior implements Prior {
    /** The families, by Distributions.jl's names. */
    public enum Family { UNIFORM, CAUCHY, LAPLACE, LOGISTIC, GUMBEL, TDIST }

    private final Family family;
    private final double a;
    private final double b;
    private final double logNorm;
    private final TDistribution t;

    /**
     * @param a location μ (Uniform: lower end a; TDist: ν)
     * @param b scale (Uniform: upper end b; TDist: unused)
     * @throws IllegalArgumentException for a non-positive scale, b ≤ a, or ν ≤ 0
     */
    public UnivariatePrior(Family family, double a, double b) {
        this.family = family;
        this.a = a;
        this.b = b;
        if (!Double.isFinite(a) || !Double.isFinite(b)) throw new IllegalArgumentException(family + " needs finite parameters");
        switch (family) {
            case UNIFORM -> {
                if (!(b > a)) throw new IllegalArgumentException("Uniform(a, b) needs a < b, got " + a + ", " + b);
                logNorm = Math.log(b - a);
            }
            case TDIST -> {
                if (!(a > 0)) throw new IllegalArgumentException("TDist(ν) needs ν > 0, got " + a);
                logNorm = 0.5 * Math.log(a * Math.PI) + Gamma.logGamma(a / 2) - Gamma.logGamma((a + 1) / 2);
            }
            default -> {
                if (!(b > 0)) throw new IllegalArgumentException(family + " needs a scale > 0, got " + b);
                logNorm = Math.log(b) + (family == Family.CAUCHY ? Math.log(Math.PI) : family == Family.LAPLACE ? Math.log(2) : 0);
            }
        }
        this.t = family == Family.TDIST ? new TDistribution(null, a) : null;
    }

    public Family family() { return family; }

    @Override public double logDensity(double x) {
        return switch (family) {
            case UNIFORM -> x >= a && x <= b ? -logNorm : Double.NEGATIVE_INFINITY;
            case CAUCHY -> {
                double z = (x - a) / b;
                yield -logNorm - Math.log1p(z * z);
            }
            case LAPLACE -> -Math.abs(x - a) / b - logNorm;
            case LOGISTIC -> {
                double z = (x - a) / b;
                double e = Math.abs(z);   // symmetric form, no overflow: e^{−|z|}/(1+e^{−|z|})²
                yield -e - 2 * Math.log1p(Math.exp(-e)) - logNorm;
            }
            case GUMBEL -> {
                double z = (x - a) / b;
                yield -(z + Math.exp(-z)) - logNorm;
            }
            case TDIST -> -logNorm - 0.5 * (a + 1) * Math.log1p(x * x / a);
        };
    }

    /**
     * d log r₁/dx inside the support (Laplace at x = μ: 0, the mean of its one-sided derivatives;
     * Uniform: 0).
     */
    @Override public double logDensityDerivative(double x) {
        return switch (family) {
            case UNIFORM -> 0.0;
            case CAUCHY -> {
                double z = (x - a) / b;
                yield -2 * z / (b * (1 + z * z));
            }
            case LAPLACE -> -Math.signum(x - a) / b;
            case LOGISTIC -> -Math.tanh(0.5 * (x - a) / b) / b;
            case GUMBEL -> -(1 - Math.exp(-(x - a) / b)) / b;
            case TDIST -> -(a + 1) * x / (a + x * x);
        };
    }

    /** x = F⁻¹(u) for u ∈ (0, 1). */
    double quantile(double u) {
        return switch (family) {
            case UNIFORM -> a + (b - a) * u;
            case CAUCHY -> a + b * Math.tan(Math.PI * (u - 0.5));
            case LAPLACE -> u < 0.5 ? a + b * Math.log(2 * u) : a - b * Math.log(2 * (1 - u));
            case LOGISTIC -> a + b * Math.log(u / (1 - u));
            case GUMBEL -> a - b * Math.log(-Math.log(u));
            case TDIST -> t.inverseCumulativeProbability(u);
        };
    }

    @Override public void sample(RandomGenerator rng, float[] z, int n) {
        for (int i = 0; i < n; i++) {
            double u = ((rng.nextLong() >>> 11) + 0.5) * 0x1.0p-53;   // in (0, 1): no log(0) at either end
            z[i] = (float) quantile(u);
        }
    }
}
