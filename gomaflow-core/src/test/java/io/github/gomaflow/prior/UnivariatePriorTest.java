package io.github.gomaflow.prior;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.gomaflow.config.PriorSpec;
import io.github.gomaflow.rng.Streams;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class UnivariatePriorTest {
    static UnivariatePrior of(String family, double a, double b) {
        return new UnivariatePrior(UnivariatePrior.Family.valueOf(family), a, b);
    }

    /** Closed-form densities written out independently of the implementation. */
    @ParameterizedTest
    @CsvSource({
            "UNIFORM, -1, 3, 0.5, 0.25",
            "CAUCHY, 1, 2, 3, 0.07957747154594767",      // 1/(π·2·(1+1))
            "LAPLACE, 0, 0.5, -1, 0.1353352832366127",    // e^{−2}/(2·0.5)
            "LOGISTIC, 0, 1, 0, 0.25",
            "GUMBEL, 0, 1, 0, 0.36787944117144233",       // e^{−1}
            "TDIST, 3, 1, 1, 0.2067483357831720"})       // t₃ at 1: 6√3/(π·16)
    void densitiesMatchTheirClosedForms(String family, double a, double b, double x, double pdf) {
        assertEquals(Math.log(pdf), of(family, a, b).logDensity(x), 1e-12);
    }

    @ParameterizedTest
    @CsvSource({"UNIFORM, -1, 3", "CAUCHY, 1, 2", "LAPLACE, 0.5, 0.7", "LOGISTIC, -1, 2", "GUMBEL, 0.3, 1.5", "TDIST, 2.5, 1"})
    void densitiesAreNormalisedAndSamplingFollowsTheDistribution(String family, double a, double b) {
        UnivariatePrior p = of(family, a, b);
        // ∫ r between the 0.1 % and 99.9 % quantiles is 0.998 (Simpson on a fine grid; the Cauchy and t tails
        // are too long for a uniform grid much further out)
        double tail = 1e-3;
        double lo = p.quantile(tail), hi = p.quantile(1 - tail);
        int n = 400_000;
        double h = (hi - lo) / n, sum = Math.exp(p.logDensity(lo)) + Math.exp(p.logDensity(hi));
        for (int i = 1; i < n; i++) sum += (i % 2 == 1 ? 4 : 2) * Math.exp(p.logDensity(lo + i * h));
        assertEquals(1 - 2 * tail, sum * h / 3, 2e-5, "normalisation");
        // the fractions of samples below the 10 %, 50 %, 90 % quantiles are binomial: within 3σ
        int draws = 100_000;
        float[] z = new float[draws];
        p.sample(Streams.stream(3, "test-prior", family.length()), z, draws);
        for (double q : new double[] {0.1, 0.5, 0.9}) {
            double x = p.quantile(q);
            int below = 0;
            for (float v : z) if (v < x) below++;
            assertEquals(q, below / (double) draws, 3 * Math.sqrt(q * (1 - q) / draws), family + " quantile " + q);
        }
    }

    @Test void priorsParseFromGomalizingFlowStringsAndRoundTrip() {
        for (String text : new String[] {"Cauchy{Float32}(0f0, 2f0)", "Uniform(-2, 2)", "Laplace()", "TDist(3.5)", "Gumbel{Float64}(1.0)"}) {
            var c = io.github.gomaflow.config.ConfigLoader.parse(
                    "[training]\nprior = \"" + text + "\"\n[physical]\nL = 4\nNd = 2\nM2 = 0.5\nlam = 0.0\n", "t.toml", w -> { });
            String written = io.github.gomaflow.config.ConfigWriter.toToml(c);
            PriorSpec again = io.github.gomaflow.config.ConfigLoader.parse(written, "w.toml", w -> { }).training().prior();
            assertEquals(c.training().prior(), again, text);
            Priors.of(again);
        }
        assertThrows(io.github.gomaflow.BadInputException.class, () -> io.github.gomaflow.config.ConfigLoader.parse(
                "[training]\nprior = \"TDist(-1)\"\n[physical]\nL = 4\nNd = 2\nM2 = 0.5\nlam = 0.0\n", "t.toml", w -> { }));
    }
}
