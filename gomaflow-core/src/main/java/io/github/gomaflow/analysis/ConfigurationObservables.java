package io.github.gomaflow.analysis;

import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.lattice.Lattice;

/**
 * Primary observables of one configuration φ on a lattice of V sites, dimension d, time extent
 * L₀ (direction 0), written as one row of doubles:
 * <pre>
 *   MAGNETISATION   M = Σ_x φ(x)
 *   PHI2_SUM        Σ_x φ(x)²
 *   LINK_SUM        Σ_x Σ_μ φ(x) φ(x+μ̂)
 *   ACTION          S(φ) (Albergo convention, {@link ScalarPhi4Action}); NaN without an action
 *   CORRELATOR + t  C(t) = (1/V) Σ_τ Φ(τ) Φ(τ+t),  Φ(τ) = Σ_{x⃗} φ(τ, x⃗),   t = 0…⌊L₀/2⌋
 *   MOMENTUM + μ    F_μ = |Σ_x φ(x) e^{2πi x_μ/L_μ}|² / V = G̃(p_min μ̂)·(per configuration),  μ = 0…d−1
 * </pre>
 * C(t) is the (unsubtracted) time-slice correlator Σ_{x⃗} (1/V) Σ_y φ(y) φ(y + (t, x⃗)); it is
 * symmetric, C(t) = C(L₀ − t), so only t ≤ L₀/2 is kept.
 *
 * <p>Not thread-safe (owns scratch buffers); {@link #measure} does not allocate.
 */
public final class ConfigurationObservables {
    public static final int MAGNETISATION = 0;
    public static final int PHI2_SUM = 1;
    public static final int LINK_SUM = 2;
    public static final int ACTION = 3;
    public static final int CORRELATOR = 4;

    private final Lattice lattice;
    private final ScalarPhi4Action action;
    private final int volume;
    private final int timeExtent;
    private final int spatialVolume;
    private final int maxLag;
    private final int[][] coordinate;   // [μ][site] → x_μ
    private final double[][] cosTable;  // [μ][x_μ] → cos(2π x_μ/L_μ)
    private final double[][] sinTable;
    private final float[] single;
    private final double[] slices;
    private final double[] actionOut = new double[1];

    /**
     * @param action the action for the ACTION column, or null (column = NaN)
     */
    public ConfigurationObservables(Lattice lattice, ScalarPhi4Action action) {
        if (action != null && !action.lattice().equals(lattice)) {
            throw new IllegalArgumentException("action lattice " + action.lattice() + " differs from " + lattice);
        }
        this.lattice = lattice;
        this.action = action;
        this.volume = lattice.volume();
        this.timeExtent = lattice.extent(0);
        this.spatialVolume = volume / timeExtent;
        this.maxLag = timeExtent / 2;
        int d = lattice.dimension();
        coordinate = new int[d][volume];
        cosTable = new double[d][];
        sinTable = new double[d][];
        int[] x = new int[d];
        for (int site = 0; site < volume; site++) {
            lattice.coordinates(site, x);
            for (int mu = 0; mu < d; mu++) coordinate[mu][site] = x[mu];
        }
        for (int mu = 0; mu < d; mu++) {
            int l = lattice.extent(mu);
            cosTable[mu] = new double[l];
            sinTable[mu] = new double[l];
            for (int k = 0; k < l; k++) {
                cosTable[mu][k] = Math.cos(2 * Math.PI * k / l);
                sinTable[mu][k] = Math.sin(2 * Math.PI * k / l);
            }
        }
        single = new float[volume];
        slices = new double[timeExtent];
    }

    public Lattice lattice() { return lattice; }

    /** Largest correlator lag kept, ⌊L₀/2⌋. */
    public int maxLag() { return maxLag; }

    /** Column of F_μ. */
    public int momentumColumn(int mu) { return CORRELATOR + maxLag + 1 + mu; }

    /** Number of columns of a row. */
    public int columns() { return CORRELATOR + maxLag + 1 + lattice.dimension(); }

    /**
     * Measures one configuration.
     *
     * @param cfgs   configurations, layout {@code cfgs[c·V + site]} (read)
     * @param offset index of the first site of the configuration (c·V)
     * @param row    [≥ columns()] (written)
     */
    public void measure(float[] cfgs, int offset, double[] row) {
        int d = lattice.dimension();
        double m = 0, phi2 = 0, links = 0;
        for (int site = 0; site < volume; site++) {
            double p = cfgs[offset + site];
            m += p;
            phi2 += p * p;
            double neighbours = 0;
            for (int mu = 0; mu < d; mu++) neighbours += cfgs[offset + lattice.forward(mu, site)];
            links += p * neighbours;
        }
        row[MAGNETISATION] = m;
        row[PHI2_SUM] = phi2;
        row[LINK_SUM] = links;
        if (action != null) {
            System.arraycopy(cfgs, offset, single, 0, volume);
            action.action(single, 1, actionOut);
            row[ACTION] = actionOut[0];
        } else {
            row[ACTION] = Double.NaN;
        }
        for (int tau = 0; tau < timeExtent; tau++) {
            double s = 0;
            int base = offset + tau * spatialVolume;   // direction 0 is slowest: a time slice is contiguous
            for (int i = 0; i < spatialVolume; i++) s += cfgs[base + i];
            slices[tau] = s;
        }
        for (int t = 0; t <= maxLag; t++) {
            double c = 0;
            for (int tau = 0; tau < timeExtent; tau++) c += slices[tau] * slices[(tau + t) % timeExtent];
            row[CORRELATOR + t] = c / volume;
        }
        for (int mu = 0; mu < d; mu++) {
            double re = 0, im = 0;
            int[] xm = coordinate[mu];
            double[] cs = cosTable[mu], sn = sinTable[mu];
            for (int site = 0; site < volume; site++) {
                double p = cfgs[offset + site];
                re += p * cs[xm[site]];
                im += p * sn[xm[site]];
            }
            row[momentumColumn(mu)] = (re * re + im * im) / volume;
        }
    }
}
