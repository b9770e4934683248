package io.github.gomaflow.mcmc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChainSummaryTest {
    private static ChainSummary chain(long samples, long longestRun) {
        return new ChainSummary(samples, 0.5, longestRun, 1.5, 1.0, 0);
    }

    @Test void warnsWhenOneRejectionRunIsAPercentOfTheChain() {
        // the case seen in validation: 102,859 of 10^6 steps on one configuration
        assertTrue(chain(1_000_000, 102_859).rejectionRunWarning().orElseThrow().contains("102859 steps"));
        assertTrue(chain(100_000, 1_000).rejectionRunWarning().isPresent());
    }

    @Test void staysQuietForOrdinaryRunsAndShortChains() {
        assertFalse(chain(1_000_000, 9_999).rejectionRunWarning().isPresent());
        assertFalse(chain(1_000, 99).rejectionRunWarning().isPresent(), "runs under 100 steps never warn");
        assertFalse(chain(0, 0).rejectionRunWarning().isPresent());
    }
}
