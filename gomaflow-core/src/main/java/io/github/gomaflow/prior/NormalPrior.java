package io.github.gomaflow.prior;

import java.util.random.RandomGenerator;

/**
 * i.i.d. normal prior per site: r₁(x) = exp(−(x−μ)²/(2σ²)) / (σ√(2π)), GomalizingFlow's
 * {@code Normal{Float32}(μ, σ)}.
 *
 * <p>Draws use {@link RandomGenerator#nextGaussian()} (an exact ziggurat sampler), one per value,
 * in index order. Immutable and thread-safe.
 */
public final class NormalPrior implements Prior {
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    private final double mean;
    private final double sigma;
    private final double logNorm;

    /**
     * @param mean  μ, finite
     * @param sigma σ &gt; 0, finite
     * @throws IllegalArgumentException otherwise
     */
    public NormalPrior(double mean, double sigma) {
        if (!Double.isFinite(mean) || !Double.isFinite(sigma) || !(sigma > 0)) {
            throw new IllegalArgumentException("Normal prior needs a finite mean and a finite sigma > 0, got mean="
                    + mean + ", sigma=" + sigma);
        }
        this.mean = mean;
        this.sigma = sigma;
        this.logNorm = Math.log(sigma) + LOG_SQRT_2PI;
    }

    /** The standard normal N(0, 1). */
    public static NormalPrior standard() { return new NormalPrior(0, 1); }

    public double mean() { return mean; }
    public double sigma() { return sigma; }

    @Override public double logDensity(double x) {
        double u = (x - mean) / sigma;
        return -0.5 * u * u - logNorm;
    }

    /** d log r₁/dx = −(x − μ)/σ². */
    @Override public double logDensityDerivative(double x) { return -(x - mean) / (sigma * sigma); }

    /** One draw in double precision. */
    public double sample(RandomGenerator rng) { return mean + sigma * rng.nextGaussian(); }

    /**
     * @param z [≥n]; z[0..n) overwritten with independent draws, in index order
     */
    @Override public void sample(RandomGenerator rng, float[] z, int n) {
        for (int i = 0; i < n; i++) z[i] = (float) (mean + sigma * rng.nextGaussian());
    }

    @Override public void logDensity(float[] z, int volume, int batch, double[] out) {
        java.util.Arrays.fill(out, 0, batch, -volume * logNorm);
        double inv = 1 / sigma;
        for (int site = 0; site < volume; site++) {
            int o = site * batch;
            for (int b = 0; b < batch; b++) {
                double u = (z[o + b] - mean) * inv;
                out[b] -= 0.5 * u * u;
            }
        }
    }

    @Override public String toString() { return "Normal(" + mean + ", " + sigma + ")"; }
}
