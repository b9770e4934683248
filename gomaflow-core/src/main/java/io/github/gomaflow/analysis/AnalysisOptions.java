package io.github.gomaflow.analysis;

/**
 * Options of {@link EnsembleAnalysis}.
 *
 * @param thermalization configurations skipped at the start (≥ 0)
 * @param binSize        jackknife bin size in samples; 0 = automatic (see {@link EnsembleAnalysis})
 * @param sFactor        Wolff's S of the automatic window (> 0), {@link GammaMethod#DEFAULT_S}
 * @param mSquared       m² for the action density; NaN = take it from the ensemble file
 * @param lambda         λ for the action density; NaN = take it from the ensemble file
 * @param fullCorrelator G_c(x) on the full lattice: TRUE, FALSE, or null = automatic (on when cheap)
 */
public record AnalysisOptions(int thermalization, int binSize, double sFactor, double mSquared, double lambda,
                              Boolean fullCorrelator) {
    public AnalysisOptions {
        if (thermalization < 0) throw new IllegalArgumentException("thermalization must be >= 0, got " + thermalization);
        if (binSize < 0) throw new IllegalArgumentException("bin size must be >= 0 (0 = automatic), got " + binSize);
        if (!(sFactor > 0) || !Double.isFinite(sFactor)) throw new IllegalArgumentException("S must be finite and > 0, got " + sFactor);
    }

    /** No thermalisation cut, automatic bins, S = 1.5, m² and λ from the file, automatic G_c(x). */
    public static AnalysisOptions defaults() {
        return new AnalysisOptions(0, 0, GammaMethod.DEFAULT_S, Double.NaN, Double.NaN, null);
    }

    public AnalysisOptions withThermalization(int k) {
        return new AnalysisOptions(k, binSize, sFactor, mSquared, lambda, fullCorrelator);
    }

    public AnalysisOptions withBinSize(int b) {
        return new AnalysisOptions(thermalization, b, sFactor, mSquared, lambda, fullCorrelator);
    }

    public AnalysisOptions withFullCorrelator(Boolean on) {
        return new AnalysisOptions(thermalization, binSize, sFactor, mSquared, lambda, on);
    }
}
