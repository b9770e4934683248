package io.github.gomaflow.train;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.config.GomaConfig;
import io.github.gomaflow.config.ModelParams;
import java.util.Locale;

/**
 * How much heap a training or sampling run needs, estimated from the configuration alone (nothing is
 * built), so that a configuration that cannot fit is refused in one line before anything is allocated
 * rather than dying with an OutOfMemoryError hours later (docs/RELIABILITY.md).
 *
 * <pre>
 *   parameters   4 B × P × 4            (weights, gradients, two optimiser moments)
 *   workers      4 B × T × c·V × (n_layers·(2 + 2·Σ channels) + 8)      c = 32 samples per chunk,
 *                                                                        the whole batch with batch norm
 *   batch        4 B × B·V × 8          (prior draws, fields, gradients of a batch)
 *   evaluation   8 B × max(ess_samples, nsamples) + 4 B × 256·V × 4
 *   baseline     64 MiB                 (JVM, libraries)
 * </pre>
 * The terms follow the engine's allocations (flow.ChunkWorker, flow.BatchNormWorker, train.Evaluator)
 * with a 25 % margin; the estimate for examples/recommended/example2d.toml is about 70 MiB.
 */
public final class MemoryEstimate {
    static final int CHUNK = 32;
    static final long BASELINE = 64L << 20;

    private MemoryEstimate() {}

    /**
     * Trainable parameters of the RealNVP model, computed in long (no overflow for absurd configurations);
     * with Z2 equivariance the s_net (with biases) and t_net (without) of channels [1, hidden…, 1].
     */
    public static long parameterCount(int dimension, ModelParams m) {
        int[] c = m.channels();
        long kernel = 1;
        // combinational convolutions: C(d, k) sub-convolutions of k_s^k taps in place of each k_s^d one
        int axes = m.combinationalConv().enabled() ? m.combinationalConv().k() : dimension;
        for (int i = 0; i < axes; i++) kernel *= m.kernelSize();
        long perLayer = 0;
        if (m.z2Equivariant()) {
            c[c.length - 1] = 1;
            for (int j = 0; j + 1 < c.length; j++) perLayer += 2L * c[j] * c[j + 1] * kernel + c[j + 1];
            return perLayer * m.nLayers();
        }
        for (int j = 0; j + 1 < c.length; j++) {
            perLayer += ((long) c[j] * c[j + 1] * kernel + c[j + 1]) * m.combinationalConv().subsets();
            if (m.useBn() && j + 2 < c.length) perLayer += 2L * c[j + 1];
        }
        return perLayer * m.nLayers();
    }

    /**
     * Estimated bytes for training (or sampling with {@code batch} proposals per batch) with {@code threads}.
     */
    public static double bytes(GomaConfig config, int batch, int threads) {
        ModelParams m = config.model();
        double v = config.physical().lattice().volume();
        double p = parameterCount(config.physical().dimension(), m);
        double sumChannels = 0;
        for (int ch : m.channels()) sumChannels += ch;
        if (m.z2Equivariant()) sumChannels *= 2; // two stacks per layer
        double chunk = m.useBn() ? batch : Math.min(CHUNK, batch);
        double workers = 4.0 * Math.max(1, threads) * chunk * v * (m.nLayers() * (2 + 2 * sumChannels) + 8);
        double batchBuffers = 4.0 * batch * v * 8;
        double evaluation = 8.0 * Math.max(config.training().essSamples(), config.training().nsamples()) + 4.0 * 256 * v * 4;
        return 1.25 * (16 * p + workers + batchBuffers + evaluation) + BASELINE;
    }

    /**
     * Refuses a run whose estimate exceeds the maximum heap.
     *
     * @param what e.g. "training" or "sampling", for the message
     * @throws BadInputException naming the configuration, the estimate, the heap and the keys that drive it
     */
    public static void require(GomaConfig config, int batch, int threads, String source, String what) {
        double need = bytes(config, batch, threads);
        long heap = Runtime.getRuntime().maxMemory();
        if (need > heap) {
            var t = config.training();
            var m = config.model();
            throw new BadInputException(String.format(Locale.ROOT, "%s: %s needs about %s of memory, more than the %s this JVM may"
                    + " use (batchsize = %d, n_layers = %d, hidden_sizes = %s, ess_samples = %d, nsamples = %d, lattice volume %d);"
                    + " make them smaller, or give Java more heap (GOMAFLOW_JAVA_OPTS=-Xmx…)", source, what, human(need), human(heap),
                    t.batchsize(), m.nLayers(), m.hiddenSizes(), t.essSamples(), t.nsamples(), config.physical().lattice().volume()));
        }
    }

    /** E.g. "70 MiB", "3.2 GiB". */
    public static String human(double bytes) {
        if (bytes >= (1L << 30)) return String.format(Locale.ROOT, "%.1f GiB", bytes / (1L << 30));
        return String.format(Locale.ROOT, "%.0f MiB", Math.ceil(bytes / (1L << 20)));
    }
}
