package io.github.gomaflow.mcmc;

import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.lattice.Lattice;
import java.util.random.RandomGenerator;

/**
 * Brower–Tamayo embedded-Ising cluster updates of φ⁴ in our normalisation
 * <pre>S(φ) = Σ_x [ (m² + 2d) φ(x)² + λ φ(x)⁴ − 2 Σ_μ φ(x) φ(x+μ̂) ]</pre>
 * (derivation in docs/SAMPLERS.md). Write φ(x) = ε(x)|φ(x)|. At fixed magnitudes only the hopping
 * term depends on the signs, −2 Σ_links φ_x φ_y = −Σ_links J_xy ε_x ε_y with J_xy = 2|φ_x||φ_y|, so
 * e^{−S} ∝ e^{Σ J_xy ε_x ε_y}: an Ising model with bond couplings J_xy. Its Fortuin–Kasteleyn bonds
 * join aligned neighbours with probability
 * <pre>p_xy = 1 − exp(−2 J_xy) = 1 − exp(−4 φ_x φ_y)   (φ_x φ_y &gt; 0; p = 0 otherwise),</pre>
 * and flipping one Wolff cluster (the sign of every site in it) satisfies detailed balance for e^{−S}.
 * The magnitudes are updated by single-site Metropolis sweeps φ → φ + δ·u, u ∈ [−1, 1).
 * A direction of extent 2 has two links between the same pair of sites; each gets its own bond
 * test, as each is its own term of S.
 *
 * <p>Inner loops do not allocate. Not thread-safe: one sampler per chain.
 */
public final class ClusterSampler {
    private final Lattice lattice;
    private final int volume;
    private final double lambda;
    /** m² + 2d: the coefficient of φ(x)² in S. */
    private final double massEff;
    private final int[][] neighbours;
    private final double[] phi;
    private final int[] mark;
    private final int[] cluster;
    private int generation;
    private double stepSize = 1.0;

    /** Starts from φ = 0. */
    public ClusterSampler(ScalarPhi4Action action) {
        this.lattice = action.lattice();
        this.volume = lattice.volume();
        this.lambda = action.lambda();
        int d = lattice.dimension();
        this.massEff = action.mSquared() + 2.0 * d;
        this.neighbours = new int[2 * d][];
        int k = 0;
        for (int mu = 0; mu < d; mu++) {
            neighbours[k++] = lattice.forwardTable(mu);
            neighbours[k++] = lattice.backwardTable(mu);
        }
        this.phi = new double[volume];
        this.mark = new int[volume];
        this.cluster = new int[volume];
    }

    /** The current field (live view; the caller may set a starting configuration through it). */
    public double[] field() { return phi; }

    public double stepSize() { return stepSize; }

    /** δ of the Metropolis proposal φ → φ + δ·u. */
    public void setStepSize(double delta) {
        if (!(delta > 0) || !Double.isFinite(delta)) throw new IllegalArgumentException("step size must be > 0, got " + delta);
        this.stepSize = delta;
    }

    /**
     * One Metropolis sweep over the sites in order: φ' = φ + δ·u, accepted with probability
     * min(1, e^{−ΔS}), ΔS = A(φ'² − φ²) + λ(φ'⁴ − φ⁴) − 2(φ' − φ)·Σ_{y~x} φ_y, A = {@link #massEff}.
     *
     * @return the number of accepted site updates
     */
    public int metropolisSweep(RandomGenerator rng) {
        int accepted = 0;
        int[][] nb = neighbours;
        for (int x = 0; x < volume; x++) {
            double sum = 0;
            for (int[] table : nb) sum += phi[table[x]];
            double old = phi[x];
            double proposed = old + stepSize * (2 * rng.nextDouble() - 1);
            double o2 = old * old;
            double p2 = proposed * proposed;
            double deltaS = massEff * (p2 - o2) + lambda * (p2 * p2 - o2 * o2) - 2 * (proposed - old) * sum;
            if (deltaS <= 0 || rng.nextDouble() < Math.exp(-deltaS)) {
                phi[x] = proposed;
                accepted++;
            }
        }
        return accepted;
    }

    /**
     * Grows one Wolff cluster from a uniformly chosen site (bonds with p = 1 − e^{−4 φ_x φ_y} between
     * same-sign neighbours, tested on the unflipped field) and flips the sign of every site in it.
     *
     * @return the cluster size
     */
    public int wolffFlip(RandomGenerator rng) {
        if (++generation == Integer.MAX_VALUE) {
            java.util.Arrays.fill(mark, 0);
            generation = 1;
        }
        int gen = generation;
        int seed = rng.nextInt(volume);
        cluster[0] = seed;
        mark[seed] = gen;
        int size = 1;
        for (int head = 0; head < size; head++) {
            int x = cluster[head];
            double px = phi[x];
            for (int[] table : neighbours) {
                int y = table[x];
                if (mark[y] == gen) continue;
                double bond = px * phi[y];
                if (bond > 0 && rng.nextDouble() < -Math.expm1(-4 * bond)) {
                    mark[y] = gen;
                    cluster[size++] = y;
                }
            }
        }
        for (int i = 0; i < size; i++) phi[cluster[i]] = -phi[cluster[i]];
        return size;
    }

    public Lattice lattice() { return lattice; }
}
