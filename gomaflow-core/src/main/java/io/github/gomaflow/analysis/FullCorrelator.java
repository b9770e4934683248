package io.github.gomaflow.analysis;

import io.github.gomaflow.lattice.Lattice;

/**
 * Connected two-point function on the full lattice, averaged over source points,
 * <pre>G_c(x) = (1/V) Σ_y ⟨φ(y) φ(y+x)⟩ − ⟨φ̄⟩² = (1/V²) Σ_p ⟨|φ̃(p)|²⟩ cos(p·x) − ⟨φ̄⟩²,</pre>
 * accumulated as power spectra summed over blocks of consecutive samples (memory: blocks × V doubles,
 * independent of N), with jackknife errors over bins made of whole blocks.
 */
final class FullCorrelator {
    private final LatticeFourier fourier;
    private final int volume;
    private final int n;
    private final int blockSize;
    private final double[][] spectra;

    /**
     * @param maxDoubles memory cap: blocks·V ≤ max(V, maxDoubles)
     */
    FullCorrelator(Lattice lattice, int n, int maxDoubles) {
        this.fourier = new LatticeFourier(lattice);
        this.volume = lattice.volume();
        this.n = n;
        int maxBlocks = Math.max(1, Math.min(n, maxDoubles / volume));
        this.blockSize = (n + maxBlocks - 1) / maxBlocks;
        this.spectra = new double[(n + blockSize - 1) / blockSize][volume];
    }

    /** Adds sample i (configuration at {@code cfgs[offset…offset+V)}, read). */
    void add(float[] cfgs, int offset, int i) {
        fourier.addPowerSpectrum(cfgs, offset, spectra[i / blockSize]);
    }

    /**
     * @param phiBar  φ̄ per sample, [n] (read)
     * @param binSize wanted jackknife bin size; rounded up to whole blocks
     * @return {G_c by site, jackknife error by site}
     */
    double[][] connected(double[] phiBar, int binSize) {
        int blocks = spectra.length;
        int per = Math.max(1, (binSize + blockSize - 1) / blockSize);
        int bins = Math.max(1, blocks / per);
        double[][] sums = new double[bins][volume + 1];
        long[] counts = new long[bins];
        double[] spectrum = new double[volume];
        double[] a = new double[volume];
        double norm = 1.0 / ((double) volume * volume);
        for (int j = 0; j < bins; j++) {
            int b0 = j * per;
            int b1 = j == bins - 1 ? blocks : b0 + per;
            java.util.Arrays.fill(spectrum, 0.0);
            for (int b = b0; b < b1; b++) {
                for (int s = 0; s < volume; s++) spectrum[s] += spectra[b][s];
            }
            fourier.cosineTransform(spectrum, a);
            for (int s = 0; s < volume; s++) sums[j][s] = a[s] * norm;
            int i0 = b0 * blockSize;
            int i1 = Math.min(n, b1 * blockSize);
            double m = 0;
            for (int i = i0; i < i1; i++) m += phiBar[i];
            sums[j][volume] = m;
            counts[j] = i1 - i0;
        }
        Jackknife.Result r = Jackknife.fromBins(sums, counts, volume, (means, out) -> {
            double disconnected = means[volume] * means[volume];
            for (int s = 0; s < volume; s++) out[s] = means[s] - disconnected;
        });
        return new double[][] {r.value(), r.error()};
    }
}
