package io.github.gomaflow.action;

import io.github.gomaflow.lattice.Lattice;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exact results for the free field, the λ = 0, m² &gt; 0 case of {@link ScalarPhi4Action}.
 *
 * <h2>Normalisation (our action has no ½)</h2>
 * With (T_μφ)(x) = φ(x+μ̂), the action is the quadratic form
 * <pre>S(φ) = Σ_x [(m²+2d)φ(x)² − 2Σ_μ φ(x)φ(x+μ̂)] = φᵀKφ,   K = (m²+2d)·1 − Σ_μ (T_μ + T_μᵀ),</pre>
 * since φᵀT_μφ = ½φᵀ(T_μ+T_μᵀ)φ. K is diagonalised by plane waves e^{ip·x}, p_μ = 2πn_μ/L_μ:
 * <pre>K(p) = m² + 2d − 2Σ_μ cos p_μ = m² + p̂²,   p̂² = Σ_μ 4 sin²(p_μ/2)</pre>
 * (also for L_μ = 2, where T_μ = T_μᵀ). The density exp(−φᵀKφ) = exp(−½φᵀ(2K)φ) is Gaussian with
 * covariance (2K)⁻¹, so the propagator carries a factor 2 that the usual ½-normalised action has not:
 * <pre>G(x) = ⟨φ(y)φ(y+x)⟩ = (1/V) Σ_p cos(p·x) / (2(p̂² + m²)).</pre>
 * Consequences: χ₂ = Σ_x G(x) = 1/(2m²) (only p = 0 survives); ⟨φ²⟩ = G(0);
 * ⟨S⟩ = tr(K(2K)⁻¹) = V/2 and Var S = V/2 (each of the V Gaussian modes contributes ½χ²₁);
 * with time = direction 0, Σ_{x⃗} G(x⃗, t) = (1/L₀) Σ_{p₀} cos(p₀t) / (2(p̂₀² + m²)).
 *
 * <p>Because K(p) is even in every p_μ separately, e^{ip·x} may be replaced by Π_μ cos(p_μx_μ),
 * which makes every transform here a real, separable cosine transform costing O(V·Σ_μ L_μ).
 *
 * <p>Immutable and thread-safe; {@link #sample} takes its generator as a parameter.
 */
public final class FreeField {
    private final Lattice lattice;
    private final double mSquared;
    /** G(x), indexed by site. */
    private final double[] propagator;
    /** h(x) = (1/V) Σ_p cos(p·x)/√(2K(p)): the circulant square root of (2K)⁻¹, indexed by site. */
    private final double[] sqrtPropagator;
    /** coordinates[μ][site] = x_μ, for the periodic differences x − y in the sampler. */
    private final int[][] coordinates;

    /**
     * @param lattice any d = 1…4, any extents
     * @param mSquared m² &gt; 0 (finite)
     * @throws IllegalArgumentException if m² is not a finite positive number
     */
    public FreeField(Lattice lattice, double mSquared) {
        Objects.requireNonNull(lattice, "lattice");
        if (!(mSquared > 0) || !Double.isFinite(mSquared)) {
            throw new IllegalArgumentException("the free field needs a finite m² > 0, got m²=" + mSquared);
        }
        this.lattice = lattice;
        this.mSquared = mSquared;
        int v = lattice.volume();
        int d = lattice.dimension();
        coordinates = new int[d][v];
        int[] x = new int[d];
        double[] inverse = new double[v];
        double[] inverseSqrt = new double[v];
        for (int site = 0; site < v; site++) {
            lattice.coordinates(site, x);
            double twoK = 2 * (mSquared + momentumSquared(x));
            inverse[site] = 1 / twoK;
            inverseSqrt[site] = 1 / Math.sqrt(twoK);
            for (int mu = 0; mu < d; mu++) coordinates[mu][site] = x[mu];
        }
        propagator = cosineTransform(inverse);
        sqrtPropagator = cosineTransform(inverseSqrt);
    }

    /** p̂² = Σ_μ 4 sin²(π n_μ / L_μ) for the momentum with integer components n (length d, read). */
    private double momentumSquared(int[] n) {
        double sum = 0;
        for (int mu = 0; mu < n.length; mu++) {
            double s = Math.sin(Math.PI * n[mu] / lattice.extent(mu));
            sum += 4 * s * s;
        }
        return sum;
    }

    /**
     * (1/V) Σ_n Π_μ cos(2π n_μ x_μ / L_μ) · w(n), one direction at a time.
     *
     * @param w [V] by momentum index n numbered like sites (read; a transformed copy is returned)
     */
    private double[] cosineTransform(double[] w) {
        int v = lattice.volume();
        double[] a = w.clone();
        double[] b = new double[v];
        for (int mu = 0; mu < lattice.dimension(); mu++) {
            int len = lattice.extent(mu);
            int stride = lattice.stride(mu);
            double[] cos = new double[len];
            for (int k = 0; k < len; k++) cos[k] = Math.cos(2 * Math.PI * k / len);
            for (int site = 0; site < v; site++) {
                int c = coordinates[mu][site];
                int base = site - c * stride;
                double sum = 0;
                for (int n = 0; n < len; n++) sum += cos[(int) ((long) n * c % len)] * a[base + n * stride];
                b[site] = sum;
            }
            double[] t = a; a = b; b = t;
        }
        for (int site = 0; site < v; site++) a[site] /= v;
        return a;
    }

    public Lattice lattice() { return lattice; }
    public double mSquared() { return mSquared; }

    /** G(x) = ⟨φ(y)φ(y+x)⟩ for the separation x given by its site index. */
    public double propagator(int site) { return propagator[site]; }

    /** A copy of G(x) for all separations, indexed by site. */
    public double[] propagator() { return propagator.clone(); }

    /** ⟨φ(x)²⟩ = G(0). */
    public double phi2() { return propagator[0]; }

    /** χ₂ = ⟨M²⟩/V = Σ_x G(x) = 1/(2m²). */
    public double chi2() { return 1 / (2 * mSquared); }

    /** ⟨S⟩ = V/2 (equipartition: ½ per Gaussian mode). */
    public double expectedAction() { return lattice.volume() / 2.0; }

    /** Var S = V/2 (S is ½ times a χ² variable with V degrees of freedom). */
    public double actionVariance() { return lattice.volume() / 2.0; }

    /**
     * Σ_{x⃗} G(x⃗, t) = (1/L₀) Σ_{p₀} cos(p₀t) / (2(4 sin²(p₀/2) + m²)), time = direction 0.
     *
     * @param t any integer (taken modulo L₀)
     */
    public double zeroMomentumCorrelator(int t) {
        int len = lattice.extent(0);
        int tt = Math.floorMod(t, len);
        double sum = 0;
        for (int n = 0; n < len; n++) {
            double s = Math.sin(Math.PI * n / len);
            sum += Math.cos(2 * Math.PI * ((long) n * tt % len) / len) / (2 * (4 * s * s + mSquared));
        }
        return sum / len;
    }

    /** {@link #zeroMomentumCorrelator(int)} for t = 0 … L₀−1. */
    public double[] zeroMomentumCorrelator() {
        double[] g = new double[lattice.extent(0)];
        for (int t = 0; t < g.length; t++) g[t] = zeroMomentumCorrelator(t);
        return g;
    }

    /** h(x), the kernel of the sampler (package-private for tests: h * h = G). */
    double sqrtPropagator(int site) { return sqrtPropagator[site]; }

    /**
     * Draws B independent configurations exactly from p(φ) ∝ exp(−S(φ)):
     * φ = H η with η ~ N(0, 1) i.i.d. per site and H the circulant matrix H_{xy} = h(x−y),
     * h = (1/V) Σ_p cos(p·x)/√(2K(p)). H is symmetric with H² = (2K)⁻¹, so Cov φ = (2K)⁻¹ exactly
     * (up to round-off). The V·B normal variates are drawn in the order of the layout.
     *
     * <p>Cost O(V²·B) time and O(V·B) extra memory per call: meant for tests and references with
     * V ≲ 4096 (a V = 4096 configuration takes ~10⁷ multiply-adds).
     *
     * @param rng   source of the normal variates (advanced by V·B draws)
     * @param phi   [≥V·B] layout site*B+b; the first V·B entries are overwritten
     * @param batch B ≥ 1
     */
    public void sample(RandomGenerator rng, double[] phi, int batch) {
        int v = lattice.volume();
        if (batch < 1 || phi.length < (long) v * batch) {
            throw new IllegalArgumentException("phi has length " + phi.length + ", needs >= V*B = " + v + "*" + batch);
        }
        double[] eta = new double[v * batch];
        for (int i = 0; i < eta.length; i++) eta[i] = rng.nextGaussian();
        java.util.Arrays.fill(phi, 0, v * batch, 0.0);
        int d = lattice.dimension();
        for (int x = 0; x < v; x++) {
            int o = x * batch;
            for (int y = 0; y < v; y++) {
                int diff = 0;
                for (int mu = 0; mu < d; mu++) {
                    diff += Math.floorMod(coordinates[mu][x] - coordinates[mu][y], lattice.extent(mu)) * lattice.stride(mu);
                }
                double hv = sqrtPropagator[diff];
                int e = y * batch;
                for (int b = 0; b < batch; b++) phi[o + b] += hv * eta[e + b];
            }
        }
    }
}
