package io.github.gomaflow.prior;

import java.util.random.RandomGenerator;

/**
 * Single-site prior with density r₁(x) = exp(−V(x)) / Z on [xmin, xmax], V(x) = m²x² + λx⁴,
 * GomalizingFlow's {@code Potential{Float32}(; m²=…, λ=…)}. m² may be negative (a double well);
 * the interval may be infinite on either side when the density is normalisable there
 * (λ &gt; 0, or λ = 0 with m² &gt; 0).
 *
 * <p><b>Normalisation.</b> Z = ∫ exp(−V) is computed once by adaptive Gauss–Kronrod G7/K15
 * quadrature ({@link GaussKronrod}) with a relative error estimate ≤ 1e−13, over the part of the
 * interval where V ≤ V_min + 80; the mass left out is below e^{−80} of the peak density and
 * therefore far below the 1e−10 target.
 *
 * <p><b>Sampling</b> is exact rejection sampling from a piecewise envelope
 * ({@link PotentialSampler}): 1022 equal bins with a constant bound per bin plus exponential
 * tails where V is convex. Acceptance is above 99 % for typical couplings, and a squeeze avoids
 * most evaluations of exp.
 *
 * <p>Immutable and thread-safe; generators are passed in.
 */
public final class PotentialPrior implements Prior {
    /** Depth V − V_min at which the binned core of the sampler ends and exponential tails begin. */
    static final double CORE_DEPTH = 40;
    /** Depth V − V_min to which the normalisation integral extends. */
    static final double QUADRATURE_DEPTH = 80;

    private final double mSquared;
    private final double lambda;
    private final double xmin;
    private final double xmax;
    /** V_min = min of V over [xmin, xmax]. */
    private final double potentialMin;
    /** log Z. */
    private final double logNormalisation;
    private final PotentialSampler sampler;

    /** The prior on the whole real line (needs λ &gt; 0, or λ = 0 with m² &gt; 0). */
    public PotentialPrior(double mSquared, double lambda) {
        this(mSquared, lambda, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /**
     * @param mSquared m², finite, any sign
     * @param lambda   λ ≥ 0, finite
     * @param xmin     lower end, may be −∞
     * @param xmax     upper end &gt; xmin, may be +∞
     * @throws IllegalArgumentException for NaN, λ &lt; 0, xmin ≥ xmax, or a density that cannot be
     *         normalised (an infinite end with λ = 0 and m² ≤ 0)
     */
    public PotentialPrior(double mSquared, double lambda, double xmin, double xmax) {
        this(mSquared, lambda, xmin, xmax, CORE_DEPTH);
    }

    /** As above with the sampler's core depth as a parameter (tests use a shallow core to exercise the tails). */
    PotentialPrior(double mSquared, double lambda, double xmin, double xmax, double coreDepth) {
        if (!Double.isFinite(mSquared) || !Double.isFinite(lambda) || !(lambda >= 0)) {
            throw new IllegalArgumentException("Potential prior needs finite m² and finite λ >= 0, got m²="
                    + mSquared + ", λ=" + lambda);
        }
        if (Double.isNaN(xmin) || Double.isNaN(xmax) || !(xmin < xmax)
                || xmin == Double.POSITIVE_INFINITY || xmax == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("Potential prior needs xmin < xmax, got [" + xmin + ", " + xmax + "]");
        }
        boolean infinite = Double.isInfinite(xmin) || Double.isInfinite(xmax);
        if (infinite && lambda == 0 && mSquared <= 0) {
            throw new IllegalArgumentException("Potential prior with λ = 0 and m² = " + mSquared
                    + " <= 0 cannot be normalised on an infinite interval [" + xmin + ", " + xmax + "]");
        }
        this.mSquared = mSquared;
        this.lambda = lambda;
        this.xmin = xmin;
        this.xmax = xmax;
        this.potentialMin = minimumPotential();
        double r = radius(QUADRATURE_DEPTH);
        double a = Math.max(xmin, -r), b = Math.min(xmax, r);
        double vMin = potentialMin;
        double z = GaussKronrod.integrate(x -> Math.exp(vMin - potential(x)), a, b, 1e-13, 64);
        this.logNormalisation = -potentialMin + Math.log(z);
        this.sampler = new PotentialSampler(this, z, coreDepth);
    }

    public double mSquared() { return mSquared; }
    public double lambda() { return lambda; }
    public double xmin() { return xmin; }
    public double xmax() { return xmax; }

    /** log Z, with Z = ∫_{xmin}^{xmax} exp(−m²x² − λx⁴) dx. */
    public double logNormalisation() { return logNormalisation; }

    /** V(x) = m²x² + λx⁴. */
    double potential(double x) {
        double x2 = x * x;
        return x2 * (mSquared + lambda * x2);
    }

    /** V'(x) = 2m²x + 4λx³. */
    double potentialDerivative(double x) {
        return x * (2 * mSquared + 4 * lambda * x * x);
    }

    /** V_min over the interval: the minimum over the finite ends and the stationary points 0, ±√(−m²/2λ). */
    double potentialMin() { return potentialMin; }

    private double minimumPotential() {
        double best = Double.POSITIVE_INFINITY;
        for (double c : criticalPoints()) if (c >= xmin && c <= xmax) best = Math.min(best, potential(c));
        if (Double.isFinite(xmin)) best = Math.min(best, potential(xmin));
        if (Double.isFinite(xmax)) best = Math.min(best, potential(xmax));
        return best;
    }

    /** Stationary points of V: 0, and ±√(−m²/(2λ)) for a double well. */
    double[] criticalPoints() {
        if (mSquared < 0 && lambda > 0) {
            double s = Math.sqrt(-mSquared / (2 * lambda));
            return new double[] {-s, 0, s};
        }
        return new double[] {0};
    }

    /**
     * R ≥ 0 with V(R) = V_min + depth, beyond which V is increasing and convex (R lies beyond the
     * outer minimum, and V'' &gt; 0 for x² &gt; −m²/(6λ)); +∞ when λ = 0 and m² ≤ 0.
     */
    double radius(double depth) {
        double c = potentialMin + depth;
        if (lambda == 0) return mSquared > 0 ? Math.sqrt(c / mSquared) : Double.POSITIVE_INFINITY;
        double root = Math.sqrt(mSquared * mSquared + 4 * lambda * c);
        // λy² + m²y − c = 0, larger root, in the form without cancellation
        double y = mSquared >= 0 ? 2 * c / (mSquared + root) : (root - mSquared) / (2 * lambda);
        return Math.sqrt(y);
    }

    @Override public double logDensity(double x) {
        if (!(x >= xmin && x <= xmax)) return Double.NEGATIVE_INFINITY;
        return -potential(x) - logNormalisation;
    }

    @Override public void logDensity(float[] z, int volume, int batch, double[] out) {
        java.util.Arrays.fill(out, 0, batch, -volume * logNormalisation);
        for (int site = 0; site < volume; site++) {
            int o = site * batch;
            for (int b = 0; b < batch; b++) {
                double x = z[o + b];
                out[b] -= x >= xmin && x <= xmax ? potential(x) : Double.POSITIVE_INFINITY;
            }
        }
    }

    /** d log r₁/dx = −V'(x) = −(2m²x + 4λx³) inside [xmin, xmax]. */
    @Override public double logDensityDerivative(double x) { return -potentialDerivative(x); }

    /** One exact draw in double precision. */
    public double sample(RandomGenerator rng) { return sampler.next(rng); }

    /**
     * @param z [≥n]; z[0..n) overwritten with independent draws in index order, rounded to float
     *          and kept inside [xmin, xmax]
     */
    @Override public void sample(RandomGenerator rng, float[] z, int n) {
        for (int i = 0; i < n; i++) {
            float f = (float) sampler.next(rng);
            if (f > xmax) f = Math.nextDown(f);
            if (f < xmin) f = Math.nextUp(f);
            z[i] = f;
        }
    }

    /** Fraction of envelope proposals accepted (a property of the sampler, for tests and reports). */
    public double samplerEfficiency() { return sampler.efficiency(); }

    @Override public String toString() {
        return "Potential(m²=" + mSquared + ", λ=" + lambda + ", [" + xmin + ", " + xmax + "])";
    }
}
