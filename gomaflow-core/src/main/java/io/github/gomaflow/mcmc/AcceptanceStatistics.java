package io.github.gomaflow.mcmc;

/**
 * Streaming statistics of a chain's accept/reject sequence in O(1) memory: acceptance rate,
 * longest run of consecutive rejections, and the integrated autocorrelation time τ_acc.
 *
 * <p>τ_acc follows Albergo, Kanwar &amp; Shanahan, PRD 100 (2019) 034515, eq. (19): after t steps an
 * independence-Metropolis chain is still in the same state with probability
 * ρ_acc(t) = P(steps i+1…i+t all rejected), which bounds the autocorrelation of every observable,
 * and τ_acc = ½ + Σ_{t≥1} ρ_acc(t). Estimated from the record, ρ_acc(t) ≈ (1/N) #{i : steps
 * i+1…i+t rejected}; a maximal run of r rejections contributes r + (r−1) + … + 1 = r(r+1)/2 to
 * Σ_t N ρ_acc(t) (r(r−1)/2 if it starts at the first recorded step, which has no predecessor). For
 * i.i.d. decisions with acceptance a this gives τ_acc → 1/a − ½. For HMC the same number is
 * reported, but it is only a lower bound on the τ_int of observables.
 */
public final class AcceptanceStatistics {
    private long steps;
    private long accepted;
    private long run;
    private boolean runAtStart;
    private long longestRun;
    private double runSum;

    /** Records the next decision of the chain. */
    public void record(boolean wasAccepted) {
        if (wasAccepted) {
            endRun();
            accepted++;
        } else {
            if (run == 0) runAtStart = steps == 0;
            run++;
        }
        steps++;
    }

    private void endRun() {
        if (run > 0) {
            runSum += runAtStart ? 0.5 * run * (run - 1) : 0.5 * run * (run + 1);
            longestRun = Math.max(longestRun, run);
            run = 0;
        }
    }

    public long steps() { return steps; }

    public long acceptedCount() { return accepted; }

    /** Accepted / steps (NaN before any step). */
    public double acceptance() { return steps == 0 ? Double.NaN : (double) accepted / steps; }

    /** The longest run of consecutive rejections so far. */
    public long longestRejectionRun() { return Math.max(longestRun, run); }

    /** τ_acc = ½ + Σ_t ρ_acc(t) (class documentation); NaN before any step. */
    public double tauAcc() {
        if (steps == 0) return Double.NaN;
        double open = run == 0 ? 0 : runAtStart ? 0.5 * run * (run - 1) : 0.5 * run * (run + 1);
        return 0.5 + (runSum + open) / steps;
    }
}
