package io.github.gomaflow.flow;

import io.github.gomaflow.action.Target;
import io.github.gomaflow.lattice.Lattice;
import io.github.gomaflow.nn.Stencil;
import io.github.gomaflow.nn.kernel.FlowKernels;
import io.github.gomaflow.nn.kernel.Kernels;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a {@link FlowModel} over whole batches on a fixed pool of worker threads. Batches use the
 * layout {@code x[site * B + b]}. The batch is split into chunks whose size depends only on B
 * (never on the thread count); a chunk is processed start to end by one worker (in that worker's
 * buffers, all overwritten before use) into its own gradient accumulator, and chunk gradients are
 * summed in chunk order, so results are bit-identical for any number of threads. They are also
 * identical before and after the JIT has compiled the kernels (see {@code FloatMath}), but differ
 * in the last bits between the "vector" and "scalar" kernels.
 *
 * <p>Chunks: {@value #CHUNK} configurations each (B if B is smaller), the last one possibly
 * shorter; inside a chunk the lane stride is the chunk size rounded up to the kernels' vector
 * length, padding lanes carry zeros and contribute nothing to gradients. Workers own their
 * activation buffers (≈ 4·V·S·(1 + Σ channels)·n_layers bytes each); only the small gradient
 * accumulators are per chunk. After the first call with a given B, calls allocate nothing.
 *
 * <p>Batch norm ({@code use_bn = true}): batch statistics couple all configurations of a call, so
 * the whole batch is ONE chunk, processed on the calling thread by {@code BatchNormWorker}
 * (single-threaded per batch, hence trivially independent of the thread count). By default every
 * call uses training-mode statistics of the batch it is given, as GomalizingFlow during training:
 * the flow density of a configuration then depends on the other configurations of its batch;
 * {@link #setBatchNormTraining}(false) switches to the model's running statistics (evaluation
 * mode), which training's per-epoch evaluation and {@code gomaflow sample} use.
 *
 * <p>Not thread-safe: one call at a time.
 */
public final class FlowEngine implements AutoCloseable {
    /** Configurations per chunk (B if B is smaller): two chunks, one per core, at the example2d batch 64. */
    public static final int CHUNK = 32;

    /** Read-only state shared by the workers of one call. */
    static final class Shared {
        final FlowKernels kernels;
        final ParameterLayout layout;
        final int volume;
        final int nLayers;
        final int[] channels;
        final int taps;
        final boolean finalTanh;
        /** active[p]: sites with parity p, updated by the layers l with l mod 2 = p. */
        final int[][] active;
        final int[] all;
        final float[][] wp;
        final float[][] wpT;
        final float[][] bias;
        /** tapSub[q]: taps with |offset|₁ mod 2 = q (the input of conv 0 and dOut of the last conv vanish on half the sites). */
        final int[][] tapSub;
        /** wp0Sub[l][q]: conv 0 weights of the taps tapSub[q], packed [j·cout + co] (cin = 1). */
        final float[][][] wp0Sub;
        /** wpTLastSub[l][q]: last conv, transposed, taps tapSub[q], packed [(co·n + j)·cin + ci]. */
        final float[][][] wpTLastSub;
        Stencil stencil;
        /** stencil restricted to tapSub[q]. */
        final Stencil[] sub = new Stencil[2];
        int stride;

        Shared(FlowModel model, FlowKernels kernels) {
            Lattice lattice = model.lattice();
            this.kernels = kernels;
            this.layout = model.layout();
            this.volume = lattice.volume();
            this.nLayers = layout.layers();
            this.channels = layout.channels();
            this.taps = layout.taps();
            this.finalTanh = model.spec().useFinalTanh();
            this.active = new int[][] {Stencil.sitesWithParity(lattice, 0), Stencil.sitesWithParity(lattice, 1)};
            this.all = Stencil.allSites(lattice);
            int nc = channels.length - 1;
            int d = lattice.dimension();
            int k = layout.kernelSize();
            tapSub = new int[][] {Stencil.tapsWithOffsetParity(d, k, 0), Stencil.tapsWithOffsetParity(d, k, 1)};
            wp0Sub = new float[nLayers][2][];
            wpTLastSub = new float[nLayers][2][];
            for (int l = 0; l < nLayers; l++) {
                for (int q = 0; q < 2; q++) {
                    wp0Sub[l][q] = new float[tapSub[q].length * channels[1]];
                    wpTLastSub[l][q] = new float[tapSub[q].length * channels[nc] * channels[nc - 1]];
                }
            }
            wp = new float[nLayers * nc][];
            wpT = new float[nLayers * nc][];
            bias = new float[nLayers * nc][];
            for (int l = 0; l < nLayers; l++) {
                for (int j = 0; j < nc; j++) {
                    int n = channels[j] * channels[j + 1] * taps;
                    wp[l * nc + j] = new float[n];
                    wpT[l * nc + j] = new float[n];
                    bias[l * nc + j] = new float[channels[j + 1]];
                }
            }
        }

        /** Repacks W[co][ci][tap] into wp[(ci·T+tap)·cout+co] and wpT[(co·T+tap)·cin+ci]. */
        void pack(float[] params) {
            int nc = channels.length - 1;
            for (int l = 0; l < nLayers; l++) {
                for (int j = 0; j < nc; j++) {
                    int cin = channels[j];
                    int cout = channels[j + 1];
                    float[] p = wp[l * nc + j];
                    float[] q = wpT[l * nc + j];
                    int w0 = layout.weightOffset(l, j);
                    for (int co = 0; co < cout; co++) {
                        for (int ci = 0; ci < cin; ci++) {
                            for (int tap = 0; tap < taps; tap++) {
                                float w = params[w0 + (co * cin + ci) * taps + tap];
                                p[(ci * taps + tap) * cout + co] = w;
                                q[(co * taps + tap) * cin + ci] = w;
                            }
                        }
                    }
                    System.arraycopy(params, layout.biasOffset(l, j), bias[l * nc + j], 0, cout);
                }
                packSubsets(params, l);
            }
        }

        private void packSubsets(float[] params, int l) {
            int nc = channels.length - 1;
            int cin = channels[nc - 1];
            int cout = channels[nc];
            for (int q = 0; q < 2; q++) {
                int[] list = tapSub[q];
                int n = list.length;
                for (int j = 0; j < n; j++) {
                    for (int co = 0; co < channels[1]; co++) {
                        wp0Sub[l][q][j * channels[1] + co] = params[layout.weightIndex(l, 0, co, 0, list[j])];
                    }
                    for (int co = 0; co < cout; co++) {
                        for (int ci = 0; ci < cin; ci++) {
                            wpTLastSub[l][q][(co * n + j) * cin + ci] = params[layout.weightIndex(l, nc - 1, co, ci, list[j])];
                        }
                    }
                }
            }
        }
    }

    private final FlowModel model;
    private final int maxBatch;
    private final Shared shared;
    private final ChunkWorker[] workers;
    /** Non-null for a model with batch norm: the whole batch is one chunk, run on the calling thread. */
    private final BatchNormWorker batchNorm;
    private final WorkerPool pool;
    private final AtomicInteger nextChunk = new AtomicInteger();
    private final Lattice lattice;
    private float[][] chunkGrad = new float[0][];

    private int mode;
    private float[] in;
    private float[] out;
    private double[] logDet;
    private double[] sOut;
    private Target action;
    private int batch;
    private int chunk;
    private int chunks;
    private final WorkerPool.Task task = this::work;

    /**
     * @param model    the flow (its parameter array is read at every call)
     * @param maxBatch largest B that will be passed
     * @param threads  worker threads ≥ 1
     */
    public FlowEngine(FlowModel model, int maxBatch, int threads) {
        this(model, maxBatch, threads, Kernels.selected());
    }

    /** As {@link #FlowEngine(FlowModel, int, int)} with a given kernel implementation (for tests). */
    public FlowEngine(FlowModel model, int maxBatch, int threads, FlowKernels kernels) {
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be >= 1, got " + maxBatch);
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        this.model = model;
        this.maxBatch = maxBatch;
        this.lattice = model.lattice();
        this.shared = new Shared(model, kernels);
        if (model.spec().useBn()) {
            // batch statistics couple the whole batch: one chunk, buffers allocated at first use
            batchNorm = new BatchNormWorker(shared, model.runningStatistics());
            workers = new ChunkWorker[0];
            pool = new WorkerPool(1);
            return;
        }
        batchNorm = null;
        int maxStride = roundUp(Math.min(maxBatch, CHUNK), kernels.laneMultiple());
        int nWorkers = Math.min(threads, (maxBatch + CHUNK - 1) / CHUNK);
        workers = new ChunkWorker[nWorkers];
        for (int w = 0; w < nWorkers; w++) workers[w] = new ChunkWorker(shared, maxStride);
        pool = new WorkerPool(nWorkers);
    }

    private static int roundUp(int n, int m) { return (n + m - 1) / m * m; }

    public FlowModel model() { return model; }

    /** Name of the kernel implementation in use: "vector" or "scalar". */
    public String kernels() { return shared.kernels.name(); }

    /**
     * Batch norm mode: true (default) = batch statistics of each call's batch; false = the model's
     * running statistics (evaluation mode: the density of a configuration no longer depends on its
     * batch). No-op without batch norm.
     */
    public void setBatchNormTraining(boolean training) { if (batchNorm != null) batchNorm.setTraining(training); }

    /** Whether batch norm uses batch statistics (always true without batch norm). */
    public boolean batchNormTraining() { return batchNorm == null || batchNorm.training(); }

    /**
     * Moves the model's running statistics towards the batch statistics of f(z)'s every batch norm,
     * as one training-mode forward in Flux or PyTorch does; no-op without batch norm.
     *
     * @param z [V·B] (read)
     */
    public void updateRunningStatistics(float[] z, int batch) {
        if (batchNorm == null) return;
        checkLength("z", z.length, lattice.volume() * batch);
        prepare(batch, 0);
        batchNorm.updateRunning(model.parameters(), z, batch);
    }

    /** Number of worker threads actually used (at most one per chunk of maxBatch; 1 with batch norm). */
    public int threads() { return batchNorm != null ? 1 : workers.length; }

    private void prepare(int b, int callMode) {
        if (b < 1 || b > maxBatch) throw new IllegalArgumentException("batch must be 1.." + maxBatch + ", got " + b);
        batch = b;
        chunk = batchNorm != null ? b : Math.min(b, CHUNK);
        chunks = (b + chunk - 1) / chunk;
        int stride = roundUp(chunk, shared.kernels.laneMultiple());
        if (shared.stencil == null || shared.stride != stride) {
            shared.stencil = new Stencil(lattice, model.layout().kernelSize(), stride);
            shared.sub[0] = shared.stencil.restrictTo(shared.tapSub[0]);
            shared.sub[1] = shared.stencil.restrictTo(shared.tapSub[1]);
            shared.stride = stride;
        }
        shared.pack(model.parameters());
        mode = callMode;
        nextChunk.set(0);
    }

    private void checkLength(String name, int length, int need) {
        if (length < need) throw new IllegalArgumentException(name + " has length " + length + ", needs >= " + need);
    }

    /** φ = f(z); {@code logDet[b] = log|det ∂φ/∂z|} for configuration b. */
    public void forward(float[] z, int batch, float[] phi, double[] logDet) {
        run(0, z, batch, phi, logDet, null, null);
    }

    /** z = f⁻¹(φ); {@code logDet[b] = log|det ∂φ/∂z|} at that z (the forward map's log-det). */
    public void inverse(float[] phi, int batch, float[] z, double[] logDet) {
        run(1, phi, batch, z, logDet, null, null);
    }

    /**
     * Reverse-KL gradient. For L = (1/B) Σ_b [ −logDet_b + S(φ_b) ] (log r(z) does not depend on θ),
     * writes ∂L/∂θ into {@code grad} (overwritten, parameter layout of {@link FlowModel}), and
     * returns per configuration the forward {@code logDet} and the action {@code s}; {@code phi}
     * receives f(z).
     *
     * @param z      [V·B] prior samples (read)
     * @param phi    [V·B] f(z) (written)
     * @param logDet [≥B] (written)
     * @param s      [≥B] S(φ_b) (written)
     * @param grad   [parameterCount] (overwritten)
     */
    public void lossGradient(float[] z, int batch, Target action, float[] phi, double[] logDet, double[] s,
                             float[] grad) {
        checkLength("grad", grad.length, model.parameterCount());
        checkLength("s", s.length, batch);
        if (batchNorm != null) {
            checkLength("phi", phi.length, lattice.volume() * batch);
            checkLength("logDet", logDet.length, batch);
            checkLength("z", z.length, lattice.volume() * batch);
            prepare(batch, 2);
            batchNorm.lossGradient(model.parameters(), z, batch, action, phi, logDet, s, grad);
            return;
        }
        int nChunks = (batch + Math.min(batch, CHUNK) - 1) / Math.min(batch, CHUNK);
        if (chunkGrad.length < nChunks) {
            chunkGrad = Arrays.copyOf(chunkGrad, nChunks);
            for (int c = 0; c < nChunks; c++) if (chunkGrad[c] == null) chunkGrad[c] = new float[grad.length];
        }
        run(2, z, batch, phi, logDet, s, action);
        for (int i = 0; i < grad.length; i++) {
            double sum = 0.0;
            for (int c = 0; c < chunks; c++) sum += chunkGrad[c][i];
            grad[i] = (float) sum;
        }
    }

    private void run(int callMode, float[] input, int b, float[] output, double[] ld, double[] s,
                     Target a) {
        int v = lattice.volume();
        checkLength("input", input.length, v * b);
        checkLength("output", output.length, v * b);
        checkLength("logDet", ld.length, b);
        prepare(b, callMode);
        if (batchNorm != null) {
            if (callMode == 0) batchNorm.forward(model.parameters(), input, b, output, ld);
            else batchNorm.inverse(model.parameters(), input, b, output, ld);
            return;
        }
        in = input;
        out = output;
        logDet = ld;
        sOut = s;
        action = a;
        try {
            pool.runAll(task);
        } finally {
            in = null;
            out = null;
            logDet = null;
            sOut = null;
            action = null;
        }
    }

    private void work(int worker) {
        ChunkWorker w = workers[worker];
        for (int c = nextChunk.getAndIncrement(); c < chunks; c = nextChunk.getAndIncrement()) {
            int b0 = c * chunk;
            int n = Math.min(chunk, batch - b0);
            switch (mode) {
                case 0 -> w.forward(in, batch, b0, n, out, logDet);
                case 1 -> w.inverse(in, batch, b0, n, out, logDet);
                default -> {
                    float[] g = chunkGrad[c];
                    Arrays.fill(g, 0f);
                    w.lossGradient(in, batch, b0, n, action, out, logDet, sOut, g);
                }
            }
        }
    }

    @Override public void close() { pool.close(); }
}
