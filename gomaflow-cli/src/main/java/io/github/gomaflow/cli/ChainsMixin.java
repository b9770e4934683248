package io.github.gomaflow.cli;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.rng.Streams;
import picocli.CommandLine.Option;

/**
 * Options of the commands that run Markov chains: several independent chains (replicas), on this
 * machine or as Spark tasks (docs/DISTRIBUTED.md).
 */
final class ChainsMixin {
    /** Most chains one command starts. */
    static final int MAX_CHAINS = 10_000;

    @Option(names = "--chains", paramLabel = "K", defaultValue = "1",
            description = "Independent chains, each with its own random stream, written as K files OUT-stem.chain<k>.npz "
                    + "(k = 0…K−1; chain 0 is the chain of a plain run). Analyse them together: gomaflow analyze FILES… "
                    + "(default ${DEFAULT-VALUE}).")
    int chains;

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "Run the chains as Apache Spark tasks on MASTER (local[N] or spark://host:port); needs the "
                    + "gomaflow-spark build (bin/gomaflow-spark). Results are identical to running them here.")
    String spark;

    /** Which chain this process runs (set by the chain launcher; the seed is derived from it). */
    @Option(names = "--chain-index", hidden = true, defaultValue = "0")
    int chainIndex;

    /** Whether this invocation starts chains instead of running one. */
    boolean fansOut() {
        if (chains < 1 || chains > MAX_CHAINS) throw new BadInputException("--chains must be in 1.." + MAX_CHAINS + ", got " + chains);
        if (chainIndex < 0 || chainIndex >= MAX_CHAINS) throw new BadInputException("--chain-index must be in 0.." + (MAX_CHAINS - 1));
        return chains > 1 || spark != null;
    }

    /** The seed of this process's chain: the base seed for chain 0, a derived one for chain k ≥ 1. */
    long seed(long base) {
        return seedOfChain(base, chainIndex);
    }

    /**
     * Seed of chain k: {@code base} itself for k = 0 (so that chain 0 is the chain a plain run gives),
     * otherwise a non-negative 63-bit value drawn from the pinned stream (base, "chain", k).
     */
    static long seedOfChain(long base, int k) {
        return k == 0 ? base : Streams.stream(base, "chain", k).nextLong() >>> 1;
    }
}
