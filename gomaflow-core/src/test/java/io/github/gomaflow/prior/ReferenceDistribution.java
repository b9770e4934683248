package io.github.gomaflow.prior;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.analysis.integration.IterativeLegendreGaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * Test reference built only on commons-math3 integrators, independent of the code under test:
 * normalisation, moments and a one-sample Kolmogorov–Smirnov p-value for an unnormalised density.
 */
final class ReferenceDistribution {
    private static final GaussIntegrator LEGENDRE_8 = new GaussIntegratorFactory().legendre(8);

    private final DoubleUnaryOperator density;
    private final double a;
    private final double b;
    private final double norm;

    /** @param density unnormalised, supported inside [a, b] (finite) */
    ReferenceDistribution(DoubleUnaryOperator density, double a, double b) {
        this.density = density;
        this.a = a;
        this.b = b;
        this.norm = integrate(density, a, b);
    }

    static double integrate(DoubleUnaryOperator f, double a, double b) {
        var integrator = new IterativeLegendreGaussIntegrator(8, 1e-13, 1e-16, 2, 64);
        return integrator.integrate(10_000_000, f::applyAsDouble, a, b);
    }

    double normalisation() { return norm; }

    /** E[g(x)]. */
    double expectation(DoubleUnaryOperator g) {
        return integrate(x -> g.applyAsDouble(x) * density.applyAsDouble(x), a, b) / norm;
    }

    /** 8-point Gauss–Legendre on a short interval (the gaps between sorted samples). */
    private double shortIntegral(double lo, double hi) {
        double c = 0.5 * (lo + hi), h = 0.5 * (hi - lo), s = 0;
        for (int i = 0; i < LEGENDRE_8.getNumberOfPoints(); i++) {
            s += LEGENDRE_8.getWeight(i) * density.applyAsDouble(c + h * LEGENDRE_8.getPoint(i));
        }
        return s * h;
    }

    /** KS statistic D = sup |F_n − F| of the samples (not modified). */
    double ksStatistic(double[] samples) {
        double[] x = samples.clone();
        Arrays.sort(x);
        int n = x.length;
        double cdf = integrate(density, a, x[0]) / norm;
        double d = 0;
        for (int i = 0; i < n; i++) {
            if (i > 0) cdf += shortIntegral(x[i - 1], x[i]) / norm;
            d = Math.max(d, Math.max(cdf - (double) i / n, (double) (i + 1) / n - cdf));
        }
        return d;
    }

    /** Asymptotic one-sample KS p-value (commons-math3). */
    double ksPValue(double[] samples) {
        return 1 - new KolmogorovSmirnovTest().cdf(ksStatistic(samples), samples.length);
    }
}
