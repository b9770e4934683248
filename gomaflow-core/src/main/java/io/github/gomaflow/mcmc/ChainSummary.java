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
