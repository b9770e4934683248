package io.github.gomaflow.rng;

import java.nio.charset.StandardCharsets;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * Reproducible random streams (docs/ARCHITECTURE.md). One algorithm, pinned by name:
 * {@value #ALGORITHM}. A stream is a pure function of (seed, purpose, indices…), so results do
 * not depend on the thread count, and a resumed run draws what an uninterrupted one would.
 *
 * <p>Typical indices: (epoch, step, chunk). Purposes are short ASCII words such as
 * {@code "train"}, {@code "eval"}, {@code "init"}, {@code "mcmc"}, {@code "hmc"}.
 */
public final class Streams {
    /** The pinned generator algorithm. */
    public static final String ALGORITHM = "L64X128MixRandom";

    private static final RandomGeneratorFactory<RandomGenerator> FACTORY = RandomGeneratorFactory.of(ALGORITHM);

    private Streams() {}

    /**
     * A fresh generator for (seed, purpose, indices). Distinct arguments give statistically
     * independent streams; equal arguments give identical streams.
     */
    public static RandomGenerator stream(long seed, String purpose, long... indices) {
        long h = mix(seed ^ 0x6A09E667F3BCC908L);
        for (byte b : purpose.getBytes(StandardCharsets.US_ASCII)) h = mix(h ^ (b & 0xFF));
        h = mix(h ^ purpose.length());
        for (long i : indices) h = mix(h + 0x9E3779B97F4A7C15L ^ mix(i));
        h = mix(h ^ indices.length);
        // L64X128MixRandom has 192 bits of state: fill them from three decorrelated words.
        byte[] state = new byte[24];
        long w = h;
        for (int k = 0; k < 3; k++) {
            w = mix(w + 0x9E3779B97F4A7C15L);
            for (int j = 0; j < 8; j++) state[8 * k + j] = (byte) (w >>> (8 * j));
        }
        return FACTORY.create(state);
    }

    /** SplitMix64 finaliser (Steele, Lea &amp; Flood 2014): a bijective 64-bit mixer. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
