package io.github.gomaflow.train;

import java.util.Map;

/**
 * The best evaluation so far, as GomalizingFlow tracks it: an epoch becomes best when its value is
 * ≥ the best so far (so later epochs win ties).
 *
 * @param ess              best ESS/N (0 before any epoch)
 * @param acceptanceRate   best acceptance rate, as a fraction (0 before any epoch)
 * @param epochEss         epoch of the best ESS (0 = none yet)
 * @param epochAcceptance  epoch of the best acceptance rate (0 = none yet)
 */
public record BestScores(double ess, double acceptanceRate, int epochEss, int epochAcceptance) {
    /** Nothing evaluated yet. */
    public static final BestScores NONE = new BestScores(0, 0, 0, 0);

    /** Whether {@code ess} of the current epoch is a new best. */
    public boolean improvesEss(double value) { return value >= ess; }

    /** Whether {@code rate} of the current epoch is a new best. */
    public boolean improvesAcceptance(double rate) { return rate >= acceptanceRate; }

    /** The scores after an epoch with these values. */
    public BestScores update(int epoch, double epochEssValue, double rate) {
        boolean e = improvesEss(epochEssValue);
        boolean a = improvesAcceptance(rate);
        return new BestScores(e ? epochEssValue : ess, a ? rate : acceptanceRate, e ? epoch : epochEss,
                a ? epoch : epochAcceptance);
    }

    /** Checkpoint metadata entries (exact decimal round trip). */
    public void putInto(Map<String, String> metadata) {
        metadata.put("best_ess", Double.toString(ess));
        metadata.put("best_acceptance_rate", Double.toString(acceptanceRate));
        metadata.put("best_epoch_ess", Integer.toString(epochEss));
        metadata.put("best_epoch_acceptance_rate", Integer.toString(epochAcceptance));
    }

    /** Reads what {@link #putInto} wrote. */
    public static BestScores from(Map<String, String> metadata) {
        return new BestScores(Double.parseDouble(metadata.get("best_ess")),
                Double.parseDouble(metadata.get("best_acceptance_rate")),
                Integer.parseInt(metadata.get("best_epoch_ess")),
                Integer.parseInt(metadata.get("best_epoch_acceptance_rate")));
    }
}
