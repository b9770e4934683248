package io.github.gomaflow.reference;

import io.github.gomaflow.action.ScalarPhi4Action;
import java.util.BitSet;
import java.util.function.IntPredicate;

/**
 * Central finite-difference check of {@link ReferenceFlow#lossAndGradient} over every parameter.
 *
 * <p>Fourth-order central stencil D = [8(L(θ+h) − L(θ−h)) − (L(θ+2h) − L(θ−2h))]/(12h): its
 * truncation error O(h⁴) is negligible at h = 1e-3, while round-off ε·|L|/h stays ~1e-10, which a
 * second-order stencil cannot reach at once (it needs h ≈ 1e-6 against truncation and then loses
 * to round-off on a loss of size ~1000). A step that flips the sign of some leaky-ReLU input crosses
 * a kink, where no difference quotient converges; such a step is retried with h/8 until no sign
 * flips (the analytic gradient is the one-sided derivative of the piece θ lies on).
 */
final class GradientCheck {
    /** Floor of the relative-error denominator. */
    static final double FLOOR = 1e-8;

    /**
     * Result: the largest relative error and where, how many entries were compared, how many steps
     * were shrunk at a kink, and for entries whose derivative is zero by construction the largest
     * |analytic| and |numeric| seen there.
     */
    record Result(double maxRelError, int worstIndex, double analytic, double numeric, int checked, int retried,
                  int structuralZeros, double maxZeroAnalytic, double maxZeroNumeric) {}

    private GradientCheck() {}

    /** Robust relative error |a−b| / max(|a|, |b|, FLOOR). */
    static double relError(double a, double b) {
        return Math.abs(a - b) / Math.max(Math.max(Math.abs(a), Math.abs(b)), FLOOR);
    }

    /** Checks dL/dθ for every parameter of {@code flow} (restored afterwards). */
    static Result parameters(ReferenceFlow flow, double[] z, int batch, ScalarPhi4Action action, double h0) {
        double[] grad = new double[flow.parameterCount()];
        flow.lossAndGradient(z, batch, action, grad, null);
        return compare(flow, z, batch, action, flow.params(), grad, h0, i -> false);
    }

    /**
     * As {@link #parameters}, but the entries where {@code zeroByConstruction} holds (e.g. a conv bias
     * followed by batch norm with batch statistics) are excluded from the relative error: there both
     * values are round-off, reported in the result's maxZero fields for the caller to bound.
     */
    static Result parameters(ReferenceFlow flow, double[] z, int batch, ScalarPhi4Action action, double h0,
                             IntPredicate zeroByConstruction) {
        double[] grad = new double[flow.parameterCount()];
        flow.lossAndGradient(z, batch, action, grad, null);
        return compare(flow, z, batch, action, flow.params(), grad, h0, zeroByConstruction);
    }

    /** Checks dL/dz for every entry of z (restored afterwards). */
    static Result input(ReferenceFlow flow, double[] z, int batch, ScalarPhi4Action action, double h0) {
        double[] gradZ = new double[z.length];
        flow.lossAndGradient(z, batch, action, new double[flow.parameterCount()], gradZ);
        return compare(flow, z, batch, action, z, gradZ, h0, i -> false);
    }

    /**
     * Compares {@code analytic} with difference quotients of the loss in each entry of {@code target}
     * (the live parameter array or z itself; every entry restored).
     */
    private static Result compare(ReferenceFlow flow, double[] z, int batch, ScalarPhi4Action action,
                                  double[] target, double[] analytic, double h0, IntPredicate zeroByConstruction) {
        BitSet base = new BitSet();
        flow.loss(z, batch, action, base);
        double worst = -1;
        int worstIndex = -1;
        double wa = 0, wn = 0;
        int retried = 0;
        int zeros = 0;
        double zeroA = 0, zeroN = 0;
        for (int i = 0; i < target.length; i++) {
            double keep = target[i];
            double h = h0;
            double numeric = Double.NaN;
            for (int attempt = 0; attempt < 8 && Double.isNaN(numeric); attempt++) {
                if (attempt > 0) { h /= 8; retried++; }
                numeric = stencil(flow, z, batch, action, target, i, keep, h, base);
            }
            target[i] = keep;
            if (Double.isNaN(numeric)) throw new AssertionError("entry " + i + " sits on a leaky-ReLU kink");
            if (zeroByConstruction.test(i)) {
                zeros++;
                zeroA = Math.max(zeroA, Math.abs(analytic[i]));
                zeroN = Math.max(zeroN, Math.abs(numeric));
                continue;
            }
            double e = relError(analytic[i], numeric);
            if (e > worst) { worst = e; worstIndex = i; wa = analytic[i]; wn = numeric; }
        }
        return new Result(worst, worstIndex, wa, wn, target.length, retried, zeros, zeroA, zeroN);
    }

    /** The 4th-order difference quotient, or NaN if some evaluation point lies across a kink. */
    private static double stencil(ReferenceFlow flow, double[] z, int batch, ScalarPhi4Action action,
                                  double[] target, int i, double keep, double h, BitSet base) {
        double[] l = new double[4];
        double[] steps = {h, -h, 2 * h, -2 * h};
        BitSet signs = new BitSet();
        for (int k = 0; k < 4; k++) {
            target[i] = keep + steps[k];
            l[k] = flow.loss(z, batch, action, signs);
            if (!signs.equals(base)) return Double.NaN;
        }
        return (8 * (l[0] - l[1]) - (l[2] - l[3])) / (12 * h);
    }
}
