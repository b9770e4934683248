package io.github.gomaflow.reference;

import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.flow.FourierBasis;
import io.github.gomaflow.lattice.Lattice;
import java.util.BitSet;

/**
 * Double-precision reference of the Fourier base layer followed (optionally) by the couplings of a
 * {@link ReferenceFlow}: φ_F = U·diag(σ)·U·z with the dense matrix
 * <pre>U_{kx} = Π_μ cas(2πk_μx_μ/L_μ)/√L_μ,   σ_k = exp(θ_{o(k)}),</pre>
 * built here from the formula (not from {@link FourierBasis#transform}); only the orbit map o(k) is
 * taken from {@link FourierBasis}. Loss L = (1/B) Σ_b [−Σ_k log σ_k − logDet_coupling,b + S(φ_b)], gradient
 * back-propagated by hand: with g = ∂L/∂φ_F, w = Uz, u = Ug,
 * ∂L/∂θ_o = Σ_{k∈o} [σ_k Σ_b u_{kb} w_{kb} − 1], ∂L/∂z = U·diag(σ)·u. Written for obviousness, allocates freely.
 */
public final class ReferenceFourier {
    private final Lattice lattice;
    private final FourierBasis basis;
    private final double[][] u;
    /** θ_o = log σ per orbit (live). */
    private final double[] logSigma;
    /** The couplings after the Fourier layer, or null for the Fourier layer alone. */
    private final ReferenceFlow couplings;

    public ReferenceFourier(Lattice lattice, double[] logSigma, ReferenceFlow couplings) {
        this.lattice = lattice;
        this.basis = new FourierBasis(lattice);
        if (logSigma.length != basis.orbitCount()) throw new IllegalArgumentException("need " + basis.orbitCount() + " widths");
        this.logSigma = logSigma.clone();
        this.couplings = couplings;
        int v = lattice.volume();
        int d = lattice.dimension();
        u = new double[v][v];
        int[] k = new int[d];
        int[] x = new int[d];
        for (int a = 0; a < v; a++) {
            lattice.coordinates(a, k);
            for (int c = 0; c < v; c++) {
                lattice.coordinates(c, x);
                double prod = 1;
                for (int mu = 0; mu < d; mu++) {
                    double theta = 2 * Math.PI * k[mu] * x[mu] / lattice.extent(mu);
                    prod *= (Math.cos(theta) + Math.sin(theta)) / Math.sqrt(lattice.extent(mu));
                }
                u[a][c] = prod;
            }
        }
    }

    /** The dense U (do not modify). */
    public double[][] matrix() { return u; }

    /** θ per orbit (live: tests perturb it). */
    public double[] logSigma() { return logSigma; }

    public FourierBasis basis() { return basis; }

    /** U·a for a [V·B] field. */
    double[] applyU(double[] a, int batch) {
        int v = lattice.volume();
        double[] out = new double[a.length];
        for (int k = 0; k < v; k++) {
            for (int x = 0; x < v; x++) {
                double ukx = u[k][x];
                for (int b = 0; b < batch; b++) out[k * batch + b] += ukx * a[x * batch + b];
            }
        }
        return out;
    }

    double sigma(int mode) { return Math.exp(logSigma[basis.orbit(mode)]); }

    /** Σ_k log σ_k. */
    public double logDet() {
        double s = 0;
        for (int k = 0; k < lattice.volume(); k++) s += logSigma[basis.orbit(k)];
        return s;
    }

    /** φ_F = U·diag(σ)·U·z (the Fourier layer alone). */
    public double[] fourierForward(double[] z, int batch) {
        double[] w = applyU(z, batch);
        for (int k = 0; k < lattice.volume(); k++) {
            for (int b = 0; b < batch; b++) w[k * batch + b] *= sigma(k);
        }
        return applyU(w, batch);
    }

    /** The loss; the leaky-ReLU signs of the couplings go into {@code signs} (if non-null). */
    public double loss(double[] z, int batch, ScalarPhi4Action action, BitSet signs) {
        double[] phiF = fourierForward(z, batch);
        double rest;
        if (couplings != null) {
            rest = couplings.loss(phiF, batch, action, signs);
        } else {
            double[] s = new double[batch];
            action.action(phiF, batch, s);
            rest = 0;
            for (double x : s) rest += x / batch;
        }
        return rest - logDet();
    }

    /**
     * @param gradSigma     [#orbits] ∂L/∂θ (overwritten)
     * @param gradCouplings [couplings.parameterCount()] (overwritten; ignored without couplings)
     * @param gradZ         [V·B] ∂L/∂z (overwritten)
     * @return L
     */
    public double lossAndGradient(double[] z, int batch, ScalarPhi4Action action, double[] gradSigma,
                                  double[] gradCouplings, double[] gradZ) {
        double[] phiF = fourierForward(z, batch);
        double[] g = new double[z.length];
        double rest;
        if (couplings != null) {
            rest = couplings.lossAndGradient(phiF, batch, action, gradCouplings, g);
        } else {
            double[] s = new double[batch];
            action.action(phiF, batch, s);
            rest = 0;
            for (double x : s) rest += x / batch;
            action.gradient(phiF, batch, 1.0 / batch, g);
        }
        double[] w = applyU(z, batch);
        double[] uG = applyU(g, batch);
        java.util.Arrays.fill(gradSigma, 0.0);
        for (int k = 0; k < lattice.volume(); k++) {
            double sum = 0;
            for (int b = 0; b < batch; b++) sum += uG[k * batch + b] * w[k * batch + b];
            gradSigma[basis.orbit(k)] += sigma(k) * sum - 1;
            for (int b = 0; b < batch; b++) uG[k * batch + b] *= sigma(k);
        }
        System.arraycopy(applyU(uG, batch), 0, gradZ, 0, z.length);
        return rest - logDet();
    }
}
