package io.github.gomaflow.mcmc;

import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.io.EnsembleWriter;
import io.github.gomaflow.io.ProgressListener;
import io.github.gomaflow.rng.Streams;
import java.io.IOException;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;

/**
 * Runs a {@link ClusterSampler} chain. One recorded step is {@code sweepsPerStep} repetitions of
 * (one Metropolis sweep of the magnitudes, then {@code clustersPerSweep} Wolff cluster flips).
 * During thermalisation the Metropolis step δ is tuned towards 50 % site acceptance and, when
 * {@code clustersPerSweep} is 0 (auto), the number of clusters per sweep is set to ⌈V / ⟨|C|⟩⟩
 * (about one lattice's worth of flipped sites); both are frozen before recording, so the recorded
 * chain is a fixed cycle of target-invariant updates (docs/SAMPLERS.md).
 * Randomness: one stream {@code Streams.stream(seed, "cluster")} for the whole chain.
 */
public final class ClusterChain {
    private static final int PROGRESS_EVERY = 256;
    private static final double TARGET_SITE_ACCEPTANCE = 0.5;

    /**
     * @param thermalisation   steps discarded before recording (tuning happens during them)
     * @param sweepsPerStep    M ≥ 1
     * @param clustersPerSweep Wolff flips per sweep, ≥ 1, or 0 for the automatic choice
     */
    public record Options(long thermalisation, int sweepsPerStep, int clustersPerSweep) {
        public static final long DEFAULT_THERMALISATION = 1000;

        public Options {
            if (thermalisation < 0) throw new IllegalArgumentException("thermalisation must be >= 0, got " + thermalisation);
            if (sweepsPerStep < 1) throw new IllegalArgumentException("sweeps per step must be >= 1, got " + sweepsPerStep);
            if (clustersPerSweep < 0) throw new IllegalArgumentException("clusters per sweep must be >= 0, got " + clustersPerSweep);
        }

        public static Options defaults() { return new Options(DEFAULT_THERMALISATION, 1, 0); }
    }

    /**
     * @param chain            statistics of the recorded steps (accepted = the configuration changed)
     * @param siteAcceptance   Metropolis acceptance per site over the recorded steps
     * @param meanClusterSize  ⟨|C|⟩ over the recorded steps
     * @param clustersPerSweep the frozen number of Wolff flips per sweep
     * @param stepSize         the frozen Metropolis δ
     */
    public record Result(ChainSummary chain, double siteAcceptance, double meanClusterSize, int clustersPerSweep,
                         double stepSize) {}

    private ClusterChain() {}

    /** Thermalises (tuning δ and, if auto, the clusters per sweep), then records {@code n} steps into {@code out} (if not null). */
    public static Result run(ScalarPhi4Action action, Options o, long n, long seed, EnsembleWriter out,
                             ProgressListener progress, BooleanSupplier stop) throws IOException {
        ClusterSampler sampler = new ClusterSampler(action);
        RandomGenerator rng = Streams.stream(seed, "cluster");
        int volume = action.lattice().volume();
        int clusters = thermalise(sampler, o, n, rng, progress, stop);
        float[] buffer = new float[volume];
        double[] s = new double[1];
        AcceptanceStatistics stats = new AcceptanceStatistics();
        long siteAccepted = 0;
        long siteTried = 0;
        long clusterSites = 0;
        long clusterCount = 0;
        long start = System.nanoTime();
        for (long i = 0; i < n && !stop.getAsBoolean(); i++) {
            int moved = 0;
            for (int m = 0; m < o.sweepsPerStep(); m++) {
                int acc = sampler.metropolisSweep(rng);
                siteAccepted += acc;
                siteTried += volume;
                moved += acc;
                for (int c = 0; c < clusters; c++) {
                    clusterSites += sampler.wolffFlip(rng);
                    clusterCount++;
                }
            }
            // a cluster flip always changes φ unless the seed site is exactly 0
            stats.record(moved > 0 || clusters > 0);
            if (out != null) {
                double[] phi = sampler.field();
                for (int x = 0; x < volume; x++) buffer[x] = (float) phi[x];
                action.action(phi, 1, s);
                out.append(buffer, 0, Double.NaN, -s[0], true);
            }
            if ((i + 1) % PROGRESS_EVERY == 0 || i + 1 == n) {
                progress.update(o.thermalisation() + i + 1, o.thermalisation() + n, String.format(Locale.ROOT,
                        "site acc %.3f  <|C|>/V %.3f", (double) siteAccepted / siteTried,
                        clusterCount == 0 ? 0.0 : (double) clusterSites / clusterCount / volume));
            }
        }
        double seconds = (System.nanoTime() - start) * 1e-9;
        return new Result(ChainSummary.of(stats, seconds, 0), siteTried == 0 ? Double.NaN : (double) siteAccepted / siteTried,
                clusterCount == 0 ? Double.NaN : (double) clusterSites / clusterCount, clusters, sampler.stepSize());
    }

    private static int thermalise(ClusterSampler sampler, Options o, long n, RandomGenerator rng,
                                  ProgressListener progress, BooleanSupplier stop) {
        int volume = sampler.lattice().volume();
        boolean auto = o.clustersPerSweep() == 0;
        int clusters = auto ? 1 : o.clustersPerSweep();
        long clusterSites = 0;
        long clusterCount = 0;
        long done = 0;
        double delta = sampler.stepSize();
        for (; done < o.thermalisation() && !stop.getAsBoolean(); done++) {
            for (int m = 0; m < o.sweepsPerStep(); m++) {
                double acc = (double) sampler.metropolisSweep(rng) / volume;
                // Robbins–Monro on log δ towards the target site acceptance
                delta *= Math.exp(0.1 * (acc - TARGET_SITE_ACCEPTANCE));
                delta = Math.min(1e3, Math.max(1e-6, delta));
                sampler.setStepSize(delta);
                for (int c = 0; c < clusters; c++) {
                    clusterSites += sampler.wolffFlip(rng);
                    clusterCount++;
                }
            }
            if (auto && clusterCount > 0) clusters = clustersFor(volume, (double) clusterSites / clusterCount);
            if ((done + 1) % PROGRESS_EVERY == 0) progress.update(done + 1, o.thermalisation() + n, "thermalising");
        }
        if (done > 0) {
            progress.message(String.format(Locale.ROOT,
                    "thermalised: %d steps; Metropolis delta %.4g, <|C|>/V %.3f, %d cluster flips per sweep%s",
                    done, sampler.stepSize(), clusterCount == 0 ? 0.0 : (double) clusterSites / clusterCount / volume,
                    clusters, auto ? " (auto)" : ""));
        }
        return clusters;
    }

    /** ⌈V / ⟨|C|⟩⌉ clamped to [1, V]. */
    static int clustersFor(int volume, double meanClusterSize) {
        if (!(meanClusterSize >= 1)) return 1;
        return (int) Math.min(volume, Math.max(1, Math.ceil(volume / meanClusterSize)));
    }
}
