package io.github.gomaflow.mcmc;

/**
 * Nesterov dual averaging of log ε towards a target acceptance probability δ (Hoffman &amp; Gelman,
 * "The No-U-Turn Sampler", JMLR 15 (2014) 1593, §3.2.1, Algorithm 5):
 * <pre>
 *   H̄_t = (1 − 1/(t+t₀)) H̄_{t−1} + (δ − α_t)/(t+t₀)
 *   log ε_t = μ − (√t/γ) H̄_t,      μ = log(10 ε₀)
 *   log ε̄_t = t^{−κ} log ε_t + (1 − t^{−κ}) log ε̄_{t−1}
 * </pre>
 * with γ = 0.05, t₀ = 10, κ = 0.75. {@link #stepSize()} is the ε to use next; after adaptation
 * the averaged {@link #finalStepSize()} ε̄ is frozen.
 */
public final class DualAveraging {
    private static final double GAMMA = 0.05;
    private static final double T0 = 10;
    private static final double KAPPA = 0.75;

    private final double target;
    private final double mu;
    private double hBar;
    private double logEps;
    private double logEpsBar;
    private long t;

    /**
     * @param initialStepSize ε₀ &gt; 0
     * @param target          δ ∈ (0, 1)
     */
    public DualAveraging(double initialStepSize, double target) {
        if (!(initialStepSize > 0) || !Double.isFinite(initialStepSize)) {
            throw new IllegalArgumentException("initial step size must be > 0, got " + initialStepSize);
        }
        if (!(target > 0 && target < 1)) {
            throw new IllegalArgumentException("target acceptance must be in (0, 1), got " + target);
        }
        this.target = target;
        this.mu = Math.log(10 * initialStepSize);
        this.logEps = Math.log(initialStepSize);
        this.logEpsBar = logEps;
    }

    /**
     * Records the Metropolis acceptance probability α = min(1, e^{−ΔH}) of the last trajectory
     * (NaN counts as 0) and updates ε.
     */
    public void update(double acceptProbability) {
        double a = Double.isNaN(acceptProbability) ? 0 : Math.min(1, Math.max(0, acceptProbability));
        t++;
        hBar = (1 - 1 / (t + T0)) * hBar + (target - a) / (t + T0);
        logEps = mu - Math.sqrt(t) / GAMMA * hBar;
        double w = Math.pow(t, -KAPPA);
        logEpsBar = w * logEps + (1 - w) * logEpsBar;
    }

    /** ε to use for the next trajectory during adaptation. */
    public double stepSize() { return Math.exp(logEps); }

    /** The averaged ε̄ to freeze after adaptation (ε₀ before any update). */
    public double finalStepSize() { return Math.exp(logEpsBar); }

    public long updates() { return t; }
}
