package io.github.gomaflow.mcmc;

import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.lattice.Lattice;
import java.util.random.RandomGenerator;

/**
 * Hybrid Monte Carlo (Duane, Kennedy, Pendleton &amp; Roweth, Phys. Lett. B 195 (1987) 216) for the
 * lattice φ⁴ action of {@link ScalarPhi4Action}, one chain, in double precision. Per trajectory:
 * momenta π(x) ~ N(0, 1), H = ½ Σ_x π(x)² + S(φ), integrate Hamilton's equations φ̇ = π,
 * π̇ = −∂S/∂φ for time τ in K steps of ε = τ/K, accept with probability min(1, e^{−ΔH}).
 *
 * <p>The force and action loops are specialised copies of {@link ScalarPhi4Action}'s (batch 1, flat
 * neighbour tables) so a trajectory allocates nothing. Not thread-safe.
 */
public final class Hmc {
    private final ScalarPhi4Action action;
    private final int volume;
    private final int dimension;
    /** {@code neighbours[site·2d + 2μ] = site+μ̂}, {@code [site·2d + 2μ + 1] = site−μ̂}. */
    private final int[] neighbours;
    private final double mass;
    private final double lambda;
    private final Integrator integrator;
    private final double[] phi;
    private final double[] trial;
    private final double[] momentum;
    private final double[] force;
    private double trajectoryLength;
    private int steps;
    private double currentAction;
    private double lastDeltaH = Double.NaN;

    /**
     * Starts a chain at φ = 0 ("cold start").
     *
     * @param trajectoryLength τ &gt; 0
     * @param steps            K ≥ 1 integration steps per trajectory (ε = τ/K)
     */
    public Hmc(ScalarPhi4Action action, Integrator integrator, double trajectoryLength, int steps) {
        this.action = action;
        Lattice lattice = action.lattice();
        this.volume = lattice.volume();
        this.dimension = lattice.dimension();
        this.neighbours = new int[volume * 2 * dimension];
        for (int site = 0; site < volume; site++) {
            for (int mu = 0; mu < dimension; mu++) {
                neighbours[site * 2 * dimension + 2 * mu] = lattice.forward(mu, site);
                neighbours[site * 2 * dimension + 2 * mu + 1] = lattice.backward(mu, site);
            }
        }
        this.mass = action.mSquared() + 2.0 * dimension;
        this.lambda = action.lambda();
        this.integrator = integrator;
        this.phi = new double[volume];
        this.trial = new double[volume];
        this.momentum = new double[volume];
        this.force = new double[volume];
        setTrajectory(trajectoryLength, steps);
        this.currentAction = action(phi);
    }

    /** Changes τ and K (ε = τ/K). */
    public void setTrajectory(double trajectoryLength, int steps) {
        if (!(trajectoryLength > 0) || !Double.isFinite(trajectoryLength)) {
            throw new IllegalArgumentException("trajectory length τ must be > 0, got " + trajectoryLength);
        }
        if (steps < 1) throw new IllegalArgumentException("integration steps K must be >= 1, got " + steps);
        this.trajectoryLength = trajectoryLength;
        this.steps = steps;
    }

    public double trajectoryLength() { return trajectoryLength; }

    public int steps() { return steps; }

    /** ε = τ/K. */
    public double stepSize() { return trajectoryLength / steps; }

    public Integrator integrator() { return integrator; }

    public ScalarPhi4Action phi4() { return action; }

    /** Sets the current field. @param field [V] in site order (copied) */
    public void setField(double[] field) {
        System.arraycopy(field, 0, phi, 0, volume);
        currentAction = action(phi);
    }

    /** The live current field [V] in site order; callers must not modify it. */
    public double[] field() { return phi; }

    /** S of the current field. */
    public double currentAction() { return currentAction; }

    /** ΔH = H_end − H_start of the last trajectory (NaN/∞ if it diverged). */
    public double lastDeltaH() { return lastDeltaH; }

    /**
     * One HMC trajectory with Metropolis accept/reject. Draws V Gaussian momenta and then exactly one
     * uniform from {@code rng}, so the stream position does not depend on the decisions.
     *
     * @return true if the trajectory was accepted (the field moved)
     */
    public boolean trajectory(RandomGenerator rng) {
        double kinetic = 0;
        for (int i = 0; i < volume; i++) {
            double p = rng.nextGaussian();
            momentum[i] = p;
            kinetic += p * p;
        }
        double hStart = 0.5 * kinetic + currentAction;
        System.arraycopy(phi, 0, trial, 0, volume);
        integrate(trial, momentum, stepSize(), steps);
        double trialAction = action(trial);
        double hEnd = 0.5 * dot(momentum) + trialAction;
        lastDeltaH = hEnd - hStart;
        double u = rng.nextDouble();
        boolean accept = lastDeltaH <= 0 || Math.log(u) < -lastDeltaH; // false for NaN
        if (accept) {
            System.arraycopy(trial, 0, phi, 0, volume);
            currentAction = trialAction;
        }
        return accept;
    }

    private double dot(double[] a) {
        double s = 0;
        for (int i = 0; i < volume; i++) s += a[i] * a[i];
        return s;
    }

    /**
     * Integrates K steps of size ε in place with the chosen integrator.
     *
     * @param field [V] (modified)
     * @param mom   [V] (modified)
     */
    void integrate(double[] field, double[] mom, double eps, int k) {
        if (integrator == Integrator.LEAPFROG) leapfrog(field, mom, eps, k); else omelyan(field, mom, eps, k);
    }

    private void leapfrog(double[] field, double[] mom, double eps, int k) {
        force(field, force);
        kick(mom, 0.5 * eps);
        for (int i = 0; i < k; i++) {
            drift(field, mom, eps);
            force(field, force);
            kick(mom, i == k - 1 ? 0.5 * eps : eps);
        }
    }

    private void omelyan(double[] field, double[] mom, double eps, int k) {
        double l = Integrator.OMELYAN_LAMBDA;
        force(field, force);
        kick(mom, l * eps);
        for (int i = 0; i < k; i++) {
            drift(field, mom, 0.5 * eps);
            force(field, force);
            kick(mom, (1 - 2 * l) * eps);
            drift(field, mom, 0.5 * eps);
            force(field, force);
            kick(mom, i == k - 1 ? l * eps : 2 * l * eps);
        }
    }

    private void kick(double[] mom, double h) {
        for (int i = 0; i < volume; i++) mom[i] -= h * force[i];
    }

    private void drift(double[] field, double[] mom, double h) {
        for (int i = 0; i < volume; i++) field[i] += h * mom[i];
    }

    /**
     * ∂S/∂φ(x) = 2(m² + 2d) φ(x) + 4λ φ(x)³ − 2 Σ_μ [φ(x+μ̂) + φ(x−μ̂)].
     *
     * @param field [V] (read)
     * @param out   [V] (overwritten)
     */
    void force(double[] field, double[] out) {
        int nd = 2 * dimension;
        double twoMass = 2 * mass;
        double fourLambda = 4 * lambda;
        for (int site = 0, n = 0; site < volume; site++) {
            double x = field[site];
            double sum = 0;
            for (int k = 0; k < nd; k++) sum += field[neighbours[n++]];
            out[site] = (twoMass + fourLambda * x * x) * x - 2 * sum;
        }
    }

    /**
     * S(φ) = Σ_x [ (m² + 2d) φ(x)² + λ φ(x)⁴ − 2 Σ_μ φ(x) φ(x+μ̂) ].
     *
     * @param field [V] (read)
     */
    double action(double[] field) {
        int nd = 2 * dimension;
        double s = 0;
        for (int site = 0; site < volume; site++) {
            double x = field[site];
            double hop = 0;
            for (int k = site * nd; k < site * nd + nd; k += 2) hop += field[neighbours[k]];
            double x2 = x * x;
            s += (mass + lambda * x2) * x2 - 2 * x * hop;
        }
        return s;
    }
}
