package io.github.gomaflow.mcmc;

/** Symplectic, time-reversible integrators of Hamilton's equations for {@link Hmc}. */
public enum Integrator {
    /**
     * Leapfrog (Störmer–Verlet, kick–drift–kick): one force evaluation per step; the energy error
     * per trajectory is O(ε²), and ⟨ΔH⟩ = O(ε⁴) at equilibrium.
     */
    LEAPFROG(1),
    /**
     * Omelyan's second-order minimum-norm integrator (I. P. Omelyan, I. M. Mryglod, R. Folk,
     * Comput. Phys. Commun. 151 (2003) 272; Takaishi &amp; de Forcrand, PRE 73 (2006) 036706):
     * kick λε, drift ε/2, kick (1−2λ)ε, drift ε/2, kick λε with λ = 0.1931833275037836. Two force
     * evaluations per step, with an error coefficient ~10× smaller than leapfrog's.
     */
    OMELYAN(2);

    /** λ of the minimum-norm scheme. */
    public static final double OMELYAN_LAMBDA = 0.1931833275037836;

    private final int forcesPerStep;

    Integrator(int forcesPerStep) { this.forcesPerStep = forcesPerStep; }

    /** Force evaluations per integration step (after the first). */
    public int forcesPerStep() { return forcesPerStep; }

    /** Parses {@code leapfrog} or {@code omelyan} (case-insensitive). */
    public static Integrator parse(String name) {
        for (Integrator i : values()) if (i.name().equalsIgnoreCase(name)) return i;
        throw new IllegalArgumentException("integrator must be leapfrog or omelyan, got '" + name + "'");
    }
}
