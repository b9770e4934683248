package io.github.gomaflow.rng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class StreamsTest {
    private static long[] first(RandomGenerator g, int n) {
        long[] x = new long[n];
        for (int i = 0; i < n; i++) x[i] = g.nextLong();
        return x;
    }

    @Test void equalArgumentsGiveEqualStreams() {
        assertArrayEquals(first(Streams.stream(12345, "train", 3, 7, 1), 64),
                first(Streams.stream(12345, "train", 3, 7, 1), 64));
        assertArrayEquals(first(Streams.stream(0, "eval"), 64), first(Streams.stream(0, "eval"), 64));
    }

    @Test void theGeneratorIsThePinnedAlgorithm() {
        assertEquals("L64X128MixRandom", Streams.ALGORITHM);
        assertEquals("L64X128MixRandom", Streams.stream(1, "x").getClass().getSimpleName());
    }

    @Test void differentSeedsPurposesAndIndicesGiveDifferentStreams() {
        List<RandomGenerator> gens = List.of(
                Streams.stream(1, "train"), Streams.stream(2, "train"), Streams.stream(1, "eval"),
                Streams.stream(1, "train", 0), Streams.stream(1, "train", 1), Streams.stream(1, "train", 0, 0),
                Streams.stream(1, "train", 0, 1), Streams.stream(1, "train", 1, 0), Streams.stream(1, "trainx"),
                Streams.stream(1, "train", -1), Streams.stream(-1, "train"), Streams.stream(1, ""),
                Streams.stream(1, "mcmc", 5, 0, 0), Streams.stream(1, "mcmc", 0, 5, 0), Streams.stream(1, "mcmc", 0, 0, 5));
        Set<Long> firstWords = new HashSet<>();
        for (RandomGenerator g : gens) firstWords.add(g.nextLong());
        assertEquals(gens.size(), firstWords.size());
    }

    @Test void neighbouringIndexStreamsAreUncorrelated() {
        // correlation of uniforms from streams (s, p, i) and (s, p, i+1): |r| < 4/√n (≈4σ)
        int n = 20000;
        for (long i = 0; i < 4; i++) {
            RandomGenerator a = Streams.stream(7, "chunk", i), b = Streams.stream(7, "chunk", i + 1);
            double sab = 0;
            for (int k = 0; k < n; k++) sab += (a.nextDouble() - 0.5) * (b.nextDouble() - 0.5);
            double r = sab / n * 12; // Var(U − ½) = 1/12
            assertTrue(Math.abs(r) < 4 / Math.sqrt(n), "correlation " + r);
        }
    }

    /** Fills chunk c of {@code out} from its own stream, as a worker would. */
    private static void fillChunk(double[] out, int chunk, int chunkSize, long step) {
        RandomGenerator g = Streams.stream(2021, "train", step, chunk);
        for (int i = chunk * chunkSize; i < (chunk + 1) * chunkSize; i++) out[i] = g.nextGaussian();
    }

    @Test void oneAndFourThreadsGiveIdenticalArrays() throws Exception {
        int chunks = 16, chunkSize = 1000;
        for (long step = 0; step < 3; step++) {
            double[] serial = new double[chunks * chunkSize];
            for (int c = 0; c < chunks; c++) fillChunk(serial, c, chunkSize, step);
            double[] parallel = new double[chunks * chunkSize];
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> futures = new ArrayList<>();
                // submit in reverse order so completion order differs from the serial run
                for (int c = chunks - 1; c >= 0; c--) {
                    int chunk = c;
                    long s = step;
                    futures.add(pool.submit(() -> fillChunk(parallel, chunk, chunkSize, s)));
                }
                for (Future<?> f : futures) f.get();
            } finally {
                pool.shutdown();
            }
            assertArrayEquals(serial, parallel);
            assertFalse(serial[0] == serial[chunkSize], "chunks must differ");
        }
    }

    @Test void mixIsABijectionOnSampledInputs() {
        Set<Long> out = new HashSet<>();
        for (long z = -5000; z < 5000; z++) out.add(Streams.mix(z));
        assertEquals(10000, out.size());
        assertNotEquals(0L, Streams.mix(1));
    }
}
