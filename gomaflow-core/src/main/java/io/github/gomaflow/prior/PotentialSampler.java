package io.github.gomaflow.prior;

import java.util.random.RandomGenerator;

/**
 * Exact rejection sampler for the density f(x) ∝ exp(V_min − V(x)) of a {@link PotentialPrior}.
 *
 * <p>The envelope g ≥ f consists of
 * <ul>
 * <li>the core [lo, hi] = [xmin, xmax] ∩ [−R, R], R from V(R) = V_min + 40, split into
 *     {@value #BINS} equal bins; on each bin g is the constant max f, found exactly from the bin ends
 *     and the stationary points of V inside the bin (widened by a round-off margin);</li>
 * <li>tails [R, xmax] and [xmin, −R] where they exist: there V is convex, so the tangent
 *     V(R) + V'(R)(x − R) bounds V from below and g = exp(V_min − V(R) − V'(R)(x − R)) is a
 *     (truncated) exponential.</li>
 * </ul>
 * A piece is chosen with probability ∝ its envelope mass by Walker's alias method (Vose's
 * construction), a point is drawn from g on that piece and accepted with probability f/g; a
 * squeeze (min f over the bin) accepts most points without evaluating exp. Rejection sampling
 * from a true upper bound is exact: accepted points have density f.
 */
final class PotentialSampler {
    /** Bins of the core; with the two tails the alias table has 1024 = 2¹⁰ entries. */
    static final int BINS = 1022;
    private static final int PIECE_BITS = 10;
    private static final double TWO_POW_M53 = 0x1.0p-53;
    /** Relative round-off margin on V when bounding f per bin. */
    private static final double MARGIN = 1e-12;

    private final PotentialPrior prior;
    private final double vMin;
    private final double lo;
    private final double hi;
    private final double width;
    /** Envelope (upper) and squeeze (lower) of f per bin. */
    private final double[] upper = new double[BINS];
    private final double[] lower = new double[BINS];
    /** Alias table over BINS bins + left tail + right tail. */
    private final double[] aliasProbability = new double[BINS + 2];
    private final int[] alias = new int[BINS + 2];
    /** 1/p and 1/(1 − p) of each alias slot, to rescale the slot's uniform (0 where unused). */
    private final double[] inverseProbability = new double[BINS + 2];
    private final double[] inverseComplement = new double[BINS + 2];
    /** Tail at ±R: rate V'(R), and 1 − exp(−rate·length) of the truncated exponential. */
    private final double tailRate;
    private final double leftTailMass;
    private final double rightTailMass;
    private final double efficiency;

    /**
     * @param normalisedMass ∫ exp(V_min − V) over the interval, for the efficiency figure
     * @param coreDepth      V − V_min at ±R where the bins end and the exponential tails begin
     */
    PotentialSampler(PotentialPrior prior, double normalisedMass, double coreDepth) {
        this.prior = prior;
        this.vMin = prior.potentialMin();
        double r = prior.radius(coreDepth);
        this.lo = Math.max(prior.xmin(), -r);
        this.hi = Math.min(prior.xmax(), r);
        this.width = (hi - lo) / BINS;
        double[] weight = new double[BINS + 2];
        double[] critical = prior.criticalPoints();
        for (int k = 0; k < BINS; k++) {
            double a = lo + k * width, b = k == BINS - 1 ? hi : lo + (k + 1) * width;
            double vLow = Math.min(prior.potential(a), prior.potential(b));
            double vHigh = Math.max(prior.potential(a), prior.potential(b));
            for (double c : critical) {
                if (c > a && c < b) {
                    vLow = Math.min(vLow, prior.potential(c));
                    vHigh = Math.max(vHigh, prior.potential(c));
                }
            }
            double x = Math.max(Math.abs(a), Math.abs(b));
            double margin = MARGIN * (1 + Math.abs(prior.mSquared()) * x * x + prior.lambda() * x * x * x * x);
            upper[k] = Math.exp(vMin - vLow + margin);
            lower[k] = Math.exp(vMin - vHigh - margin);
            weight[k] = upper[k] * (b - a);
        }
        this.tailRate = Double.isFinite(r) ? prior.potentialDerivative(r) : 0;
        this.leftTailMass = prior.xmin() < lo ? -Math.expm1(-tailRate * (lo - prior.xmin())) : 0;
        this.rightTailMass = prior.xmax() > hi ? -Math.expm1(-tailRate * (prior.xmax() - hi)) : 0;
        double tailPeak = Double.isFinite(r) ? Math.exp(vMin - prior.potential(r)) : 0;
        weight[BINS] = leftTailMass > 0 ? tailPeak * leftTailMass / tailRate : 0;
        weight[BINS + 1] = rightTailMass > 0 ? tailPeak * rightTailMass / tailRate : 0;
        double total = 0;
        for (double w : weight) total += w;
        this.efficiency = normalisedMass / total;
        buildAlias(weight, total);
    }

    /** Vose's stable construction of Walker's alias table. */
    private void buildAlias(double[] weight, double total) {
        int n = weight.length;
        double[] p = new double[n];
        int[] small = new int[n], large = new int[n];
        int ns = 0, nl = 0;
        for (int i = 0; i < n; i++) {
            p[i] = weight[i] * n / total;
            if (p[i] < 1) small[ns++] = i; else large[nl++] = i;
        }
        while (ns > 0 && nl > 0) {
            int s = small[--ns], l = large[--nl];
            aliasProbability[s] = p[s];
            alias[s] = l;
            p[l] = (p[l] + p[s]) - 1;
            if (p[l] < 1) small[ns++] = l; else large[nl++] = l;
        }
        while (nl > 0) { int l = large[--nl]; aliasProbability[l] = 1; alias[l] = l; }
        while (ns > 0) { int s = small[--ns]; aliasProbability[s] = 1; alias[s] = s; } // round-off leftovers
        for (int i = 0; i < n; i++) {
            inverseProbability[i] = aliasProbability[i] > 0 ? 1 / aliasProbability[i] : 0;
            inverseComplement[i] = aliasProbability[i] < 1 ? 1 / (1 - aliasProbability[i]) : 0;
        }
    }

    double efficiency() { return efficiency; }

    /** One exact draw. */
    double next(RandomGenerator rng) {
        while (true) {
            // One 64-bit word: the top 10 bits pick the alias slot k, the low 53 bits a uniform u
            // that chooses between k and its alias. Given that choice, u rescaled to the chosen
            // side is again uniform on [0, 1) and independent of everything drawn so far, so it
            // serves as the accept/reject uniform (one generator call saved per draw).
            long bits = rng.nextLong();
            int k = (int) (bits >>> (64 - PIECE_BITS));
            double w = (bits & ((1L << 53) - 1)) * TWO_POW_M53;
            double u;
            if (w < aliasProbability[k]) {
                u = w * inverseProbability[k];
            } else {
                u = (w - aliasProbability[k]) * inverseComplement[k];
                k = alias[k];
            }
            double x;
            double logRatio; // log(f/g) at x, evaluated only when the squeeze does not decide
            if (k < BINS) {
                x = lo + (k + rng.nextDouble()) * width;
                if (x > hi || x < lo) continue;
                double y = u * upper[k];
                if (y <= lower[k]) return x;
                if (y <= Math.exp(vMin - prior.potential(x))) return x;
                continue;
            } else if (k == BINS + 1) {
                x = hi - Math.log1p(-rng.nextDouble() * rightTailMass) / tailRate;
                if (x > prior.xmax()) continue;
                logRatio = prior.potential(hi) + tailRate * (x - hi) - prior.potential(x);
            } else {
                x = lo + Math.log1p(-rng.nextDouble() * leftTailMass) / tailRate;
                if (x < prior.xmin()) continue;
                logRatio = prior.potential(lo) + tailRate * (lo - x) - prior.potential(x);
            }
            if (u <= Math.exp(logRatio)) return x;
        }
    }
}
