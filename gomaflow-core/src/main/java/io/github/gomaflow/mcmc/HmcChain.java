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
 * Runs an HMC chain: thermalisation (during which the step size is tuned by {@link DualAveraging}
 * with τ held fixed, K = round(τ/ε)), then n recorded trajectories streamed to an ensemble. The
 * frozen K = ⌈τ/ε̄⌉ makes the recorded acceptance at least about the target: above it by the
 * granularity of an integer K (large when K is small).
 * Randomness: one stream {@code Streams.stream(seed, "hmc")} for the whole chain.
 *
 * <p>Fourier acceleration with {@link Options#FOURIER_MASS_AUTO}: the first half of the thermalisation runs
 * plain HMC (ε tuned, no global flips) and measures the connected susceptibility of its second half,
 * χ_c = (⟨M²⟩ − ⟨M⟩²)/V = the variance of the zero mode φ̃₀ = M/√V; then M² = 1/(2χ_c), the mass of the free
 * field with the same zero-mode variance (exact for λ = 0), is frozen and the second half retunes ε with the
 * acceleration on. Only thermalisation trajectories are used, so the recorded chain is exact
 * (docs/SAMPLERS.md). Falls back to M² = 1 with fewer than 100 thermalisation trajectories.
 */
public final class HmcChain {
    /** Upper limit on K while tuning, so that a hopeless target cannot stall the run. */
    public static final int MAX_STEPS = 100_000;
    private static final int PROGRESS_EVERY = 1024;

    /**
     * @param trajectoryLength τ (default 1)
     * @param steps            initial K (default 20; ε₀ = τ/K)
     * @param integrator       leapfrog or Omelyan
     * @param thermalisation   trajectories discarded before recording (default 1000)
     * @param targetAcceptance δ for the step-size tuning (default 0.8)
     * @param tune             whether to tune ε during thermalisation
     * @param randomLength     randomise each trajectory's length around τ (default; see {@link Hmc#setMoves})
     * @param z2Flip           flip φ → −φ with probability ½ after each trajectory
     * @param fourierMassSquared M² &gt; 0 of the Fourier acceleration ({@link Hmc#setFourierAcceleration}), 0 = plain HMC,
     *                         {@link #FOURIER_MASS_AUTO} = measured during thermalisation (see {@link HmcChain})
     */
    public record Options(double trajectoryLength, int steps, Integrator integrator, long thermalisation,
                          double targetAcceptance, boolean tune, boolean randomLength, boolean z2Flip,
                          double fourierMassSquared) {
        public static final double DEFAULT_TAU = 1.0;
        public static final int DEFAULT_STEPS = 20;
        public static final long DEFAULT_THERMALISATION = 1000;
        public static final double DEFAULT_TARGET = 0.8;
        /** Fourier acceleration with M² = 1/(2χ_c) measured in the first half of the thermalisation. */
        public static final double FOURIER_MASS_AUTO = -1;

        public Options {
            if (!(trajectoryLength > 0) || !Double.isFinite(trajectoryLength)) {
                throw new IllegalArgumentException("trajectory length must be > 0, got " + trajectoryLength);
            }
            if (steps < 1 || steps > MAX_STEPS) {
                throw new IllegalArgumentException("steps must be in 1.." + MAX_STEPS + ", got " + steps);
            }
            if (thermalisation < 0) throw new IllegalArgumentException("thermalisation must be >= 0, got " + thermalisation);
            if (!(targetAcceptance > 0 && targetAcceptance < 1)) {
                throw new IllegalArgumentException("target acceptance must be in (0, 1), got " + targetAcceptance);
            }
            if (!(fourierMassSquared >= 0 || fourierMassSquared == FOURIER_MASS_AUTO) || !Double.isFinite(fourierMassSquared)) {
                throw new IllegalArgumentException("Fourier acceleration mass must be > 0 (0: off), got " + fourierMassSquared);
            }
        }

        /** Plain HMC (no Fourier acceleration). */
        public Options(double trajectoryLength, int steps, Integrator integrator, long thermalisation,
                       double targetAcceptance, boolean tune, boolean randomLength, boolean z2Flip) {
            this(trajectoryLength, steps, integrator, thermalisation, targetAcceptance, tune, randomLength, z2Flip, 0);
        }

        /** Randomised lengths, no flip. */
        public Options(double trajectoryLength, int steps, Integrator integrator, long thermalisation,
                       double targetAcceptance, boolean tune) {
            this(trajectoryLength, steps, integrator, thermalisation, targetAcceptance, tune, true, false);
        }

        public static Options defaults() {
            return new Options(DEFAULT_TAU, DEFAULT_STEPS, Integrator.LEAPFROG, DEFAULT_THERMALISATION, DEFAULT_TARGET,
                    true);
        }
    }

    /**
     * @param chain          statistics of the recorded trajectories
     * @param steps          frozen K
     * @param stepSize       frozen ε = τ/K
     * @param meanExpMinusDH ⟨e^{−ΔH}⟩ over the recorded trajectories (should be 1)
     * @param fourierMassSquared M² of the Fourier acceleration used (0: plain HMC)
     */
    public record Result(ChainSummary chain, int steps, double stepSize, double meanExpMinusDH, double fourierMassSquared) {
        public Result(ChainSummary chain, int steps, double stepSize, double meanExpMinusDH) {
            this(chain, steps, stepSize, meanExpMinusDH, 0);
        }
    }

    private HmcChain() {}

    /**
     * Thermalises (tuning ε), then records {@code n} trajectories into {@code out} (if not null).
     *
     * @param stop polled between trajectories; when true the chain stops early (the ensemble keeps what was recorded)
     */
    public static Result run(ScalarPhi4Action action, Options o, long n, long seed, EnsembleWriter out,
                             ProgressListener progress, BooleanSupplier stop) throws IOException {
        Hmc hmc = new Hmc(action, o.integrator(), o.trajectoryLength(), o.steps());
        hmc.setMoves(o.randomLength(), o.z2Flip());
        RandomGenerator rng = Streams.stream(seed, "hmc");
        if (o.fourierMassSquared() == Options.FOURIER_MASS_AUTO) {
            long probe = o.thermalisation() / 2;
            double m2 = probe >= 100 ? probeMassSquared(hmc, o, probe, o.thermalisation() + n, rng, progress, stop) : 1.0;
            hmc.setFourierAcceleration(m2);
            thermalise(hmc, o, o.thermalisation() - probe, probe, o.thermalisation() + n, rng, progress, stop);
        } else {
            hmc.setFourierAcceleration(o.fourierMassSquared());
            thermalise(hmc, o, o.thermalisation(), 0, o.thermalisation() + n, rng, progress, stop);
        }
        int volume = action.lattice().volume();
        float[] buffer = new float[volume];
        AcceptanceStatistics stats = new AcceptanceStatistics();
        long nonFinite = 0;
        double sumExp = 0;
        long start = System.nanoTime();
        for (long i = 0; i < n && !stop.getAsBoolean(); i++) {
            boolean accepted = hmc.trajectory(rng);
            double dh = hmc.lastDeltaH();
            if (!Double.isFinite(dh)) nonFinite++; else sumExp += Math.exp(-dh);
            stats.record(accepted);
            if (out != null) {
                double[] phi = hmc.field();
                for (int s = 0; s < volume; s++) buffer[s] = (float) phi[s];
                out.append(buffer, 0, Double.NaN, -hmc.currentAction(), accepted);
            }
            if ((i + 1) % PROGRESS_EVERY == 0 || i + 1 == n) {
                progress.update(o.thermalisation() + i + 1, o.thermalisation() + n,
                        String.format(Locale.ROOT, "acc %.3f", stats.acceptance()));
            }
        }
        double seconds = (System.nanoTime() - start) * 1e-9;
        long finite = stats.steps() - nonFinite;
        return new Result(ChainSummary.of(stats, seconds, nonFinite), hmc.steps(), hmc.stepSize(),
                finite > 0 ? sumExp / finite : Double.NaN, hmc.fourierMassSquared());
    }

    /**
     * Plain HMC for {@code probe} trajectories (ε tuned as in the thermalisation), returning M² = 1/(2χ_c) with
     * χ_c = (⟨M²⟩ − ⟨M⟩²)/V over the second half of them (1 if that is not a positive finite number). The global
     * flip is off while probing, so that in the broken phase χ_c is the fluctuation within one well, which is
     * what the integrator sees.
     */
    private static double probeMassSquared(Hmc hmc, Options o, long probe, long total, RandomGenerator rng,
                                           ProgressListener progress, BooleanSupplier stop) {
        double tau = o.trajectoryLength();
        hmc.setFourierAcceleration(0);
        hmc.setMoves(o.randomLength(), false);
        DualAveraging tuner = new DualAveraging(tau / o.steps(), o.targetAcceptance());
        int volume = hmc.field().length;
        double sumM = 0, sumM2 = 0;
        long measured = 0;
        for (long i = 0; i < probe && !stop.getAsBoolean(); i++) {
            if (o.tune()) hmc.setTrajectory(tau, stepsFor(tau, tuner.stepSize()));
            hmc.trajectory(rng);
            if (o.tune()) tuner.update(Math.exp(-hmc.lastDeltaH()));
            if (i >= probe / 2) {
                double m = 0;
                for (double x : hmc.field()) m += x;
                sumM += m;
                sumM2 += m * m;
                measured++;
            }
            if ((i + 1) % PROGRESS_EVERY == 0) progress.update(i + 1, total, "measuring the Fourier mass");
        }
        hmc.setMoves(o.randomLength(), o.z2Flip());
        double mean = sumM / measured;
        double chiConnected = (sumM2 / measured - mean * mean) / volume;
        double m2 = 1 / (2 * chiConnected);
        m2 = m2 > 0 && Double.isFinite(m2) ? m2 : 1.0;
        progress.message(String.format(Locale.ROOT, "Fourier acceleration: chi_c %.5g from %d plain trajectories -> M2 = %.5g",
                chiConnected, measured, m2));
        return m2;
    }

    /** {@code count} thermalisation trajectories (ε tuned unless switched off); {@code offset} earlier ones count for progress. */
    private static void thermalise(Hmc hmc, Options o, long count, long offset, long total, RandomGenerator rng,
                                   ProgressListener progress, BooleanSupplier stop) {
        double tau = o.trajectoryLength();
        DualAveraging tuner = new DualAveraging(tau / o.steps(), o.targetAcceptance());
        long accepted = 0;
        long done = 0;
        for (; done < count && !stop.getAsBoolean(); done++) {
            if (o.tune()) hmc.setTrajectory(tau, stepsFor(tau, tuner.stepSize()));
            if (hmc.trajectory(rng)) accepted++;
            if (o.tune()) tuner.update(Math.exp(-hmc.lastDeltaH()));
            if ((offset + done + 1) % PROGRESS_EVERY == 0) {
                progress.update(offset + done + 1, total, "thermalising");
            }
        }
        // rounding K up keeps ε ≤ ε̄, so the frozen acceptance is at (or, K being an integer, above) the target
        if (o.tune() && tuner.updates() > 0) hmc.setTrajectory(tau, stepsAtMost(tau, tuner.finalStepSize()));
        if (done > 0) {
            progress.message(String.format(Locale.ROOT,
                    "thermalised: %d trajectories, acceptance %.3f; %s K=%d eps=%.5g (tau=%.4g)%s", done,
                    (double) accepted / done, hmc.integrator().name().toLowerCase(Locale.ROOT), hmc.steps(),
                    hmc.stepSize(), tau, o.tune() ? " tuned to target " + o.targetAcceptance() : "")
                    + (hmc.fourierMassSquared() > 0 ? String.format(Locale.ROOT, ", Fourier-accelerated (M2=%.4g)",
                    hmc.fourierMassSquared()) : ""));
        }
    }

    /** K = ⌈τ/ε⌉ (up to round-off), clamped to [1, {@link #MAX_STEPS}]. */
    static int stepsAtMost(double tau, double eps) {
        double k = Math.ceil(tau / eps * (1 - 1e-12));
        if (!(k >= 1)) return k != k ? MAX_STEPS : 1;
        return (int) Math.min(MAX_STEPS, k);
    }

    /** K = round(τ/ε), clamped to [1, {@link #MAX_STEPS}]. */
    static int stepsFor(double tau, double eps) {
        double k = Math.rint(tau / eps);
        if (!(k >= 1)) return k != k ? MAX_STEPS : 1;
        return (int) Math.min(MAX_STEPS, k);
    }
}
