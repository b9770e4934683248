package io.github.gomaflow.mcmc;

import java.util.Locale;

/**
 * What a finished chain reports (over the recorded steps, thermalisation excluded).
 *
 * @param samples             recorded configurations
 * @param acceptance          fraction of accepted proposals/trajectories
 * @param longestRejectionRun longest run of consecutive rejections
 * @param tauAcc              τ_acc of the accept/reject sequence ({@link AcceptanceStatistics})
 * @param seconds             wall time of the recorded part (thermalisation excluded)
 * @param nonFinite           proposals or trajectories whose weight or ΔH was NaN/∞ (rejected)
 */
public record ChainSummary(long samples, double acceptance, long longestRejectionRun, double tauAcc, double seconds,
                           long nonFinite) {
    /**
     * Fraction of the chain above which a single run of rejections makes the chain's error estimates
     * untrustworthy: an independence Metropolis chain sits that long only on a configuration whose
     * weight p/q is far above the typical one, i.e. where the flow under-samples the target.
     */
    public static final double SUSPICIOUS_REJECTION_RUN_FRACTION = 0.01;

    /**
     * A warning when the longest rejection run exceeds {@link #SUSPICIOUS_REJECTION_RUN_FRACTION} of
     * the recorded chain (and 100 steps), else empty. Γ-method errors of such a chain are too small:
     * the flow misses part of the target's tails; train longer or sample (much) more.
     */
    public java.util.Optional<String> rejectionRunWarning() {
        if (samples <= 0 || longestRejectionRun < 100
                || longestRejectionRun < SUSPICIOUS_REJECTION_RUN_FRACTION * samples) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(String.format(Locale.ROOT,
                "warning: the chain stayed on one configuration for %d steps (%.1f %% of it): the flow under-samples "
                        + "part of the target, and error estimates of this ensemble are too small; train longer or "
                        + "sample more", longestRejectionRun, 100.0 * longestRejectionRun / samples));
    }

    /** Recorded configurations per second of wall time. */
    public double throughput() { return seconds > 0 ? samples / seconds : Double.NaN; }

    static ChainSummary of(AcceptanceStatistics stats, double seconds, long nonFinite) {
        return new ChainSummary(stats.steps(), stats.acceptance(), stats.longestRejectionRun(), stats.tauAcc(),
                seconds, nonFinite);
    }

    /** A one-line human summary. */
    public String describe() {
        return String.format(Locale.ROOT,
                "%d samples  acceptance %.4f  longest rejection run %d  tau_acc %.3f  %.0f configs/s%s",
                samples, acceptance, longestRejectionRun, tauAcc, throughput(),
                nonFinite > 0 ? "  non-finite " + nonFinite : "");
    }
}
