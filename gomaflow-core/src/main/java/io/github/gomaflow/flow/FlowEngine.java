package io.github.gomaflow.flow;

import io.github.gomaflow.action.Target;
import io.github.gomaflow.lattice.Lattice;
import io.github.gomaflow.nn.Stencil;
import io.github.gomaflow.nn.kernel.FlowKernels;
import io.github.gomaflow.nn.kernel.Kernels;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a {@link FlowModel}, given as a list of {@link FlowLayer}s, over whole batches on a fixed
 * pool of worker threads (docs/ARCHITECTURE.md, "Engine"). Batches use the layout
 * {@code x[site * B + b]}. The batch is split into chunks whose size depends only on B
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

    /** Packed weights and geometry of the batch-norm path ({@code BatchNormWorker}), read-only during a call. */
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

        void setGeometry(ChunkGeometry g) {
            stencil = g.stencil();
            sub[0] = g.subStencil(0);
            sub[1] = g.subStencil(1);
            stride = g.stride();
        }

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
    private final FlowKernels kernels;
    /** Non-null for a model with batch norm: its passes still run in {@code BatchNormWorker}. */
    private final Shared shared;
    /** The flow's layers, run in this order by every worker (empty with batch norm). */
    private final FlowLayer[] layers;
    private final ChunkGeometry geometry;
    private final ChunkWorker[] workers;
    /** Non-null for a model with batch norm: the whole batch is one chunk, run on the calling thread. */
    private final BatchNormWorker batchNorm;
    /** Names the first layer without {@link FlowLayer#inverseBackward} (checked before a path-gradient pass), or null. */
    private final String withoutInverseBackward;
    private final WorkerPool pool;
    private final AtomicInteger nextChunk = new AtomicInteger();
    private final Lattice lattice;
    private float[][] chunkGrad = new float[0][];
    private final ForwardPass forwardPass = new ForwardPass();
    private final InversePass inversePass = new InversePass();
    private final GradientPass gradientPass = new GradientPass();
    private final LogDensityPass logDensityPass = new LogDensityPass();
    private int batch;
    private int chunk;
    private int chunks;

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
        this(model, null, maxBatch, threads, kernels);
    }

    /**
     * An engine running a given list of layers (null: the model's own, {@link FlowModel#newLayers()})
     * on the model's lattice and parameter array; gradients use the model's parameter layout.
     */
    FlowEngine(FlowModel model, FlowLayer[] layerList, int maxBatch, int threads, FlowKernels kernels) {
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be >= 1, got " + maxBatch);
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        this.model = model;
        this.maxBatch = maxBatch;
        this.kernels = kernels;
        this.lattice = model.lattice();
        this.geometry = new ChunkGeometry(lattice, model.layout().kernelSize(), kernels);
        if (model.spec().useBn()) {
            // batch statistics couple the whole batch: one chunk, buffers allocated at first use
            shared = new Shared(model, kernels);
            batchNorm = new BatchNormWorker(shared, model.runningStatistics());
            layers = new FlowLayer[0];
            withoutInverseBackward = null;
            workers = new ChunkWorker[0];
            pool = new WorkerPool(1);
            return;
        }
        shared = null;
        batchNorm = null;
        layers = layerList != null ? layerList.clone() : model.newLayers();
        withoutInverseBackward = firstWithoutInverseBackward(layers);
        int maxStride = roundUp(Math.min(maxBatch, CHUNK), kernels.laneMultiple());
        int nWorkers = Math.min(threads, (maxBatch + CHUNK - 1) / CHUNK);
        workers = new ChunkWorker[nWorkers];
        for (int w = 0; w < nWorkers; w++) workers[w] = new ChunkWorker(geometry, layers, maxStride);
        pool = new WorkerPool(nWorkers);
    }

    private static int roundUp(int n, int m) { return (n + m - 1) / m * m; }

    public FlowModel model() { return model; }

    /** Name of the kernel implementation in use: "vector" or "scalar". */
    public String kernels() { return kernels.name(); }

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
        prepare(batch);
        batchNorm.updateRunning(model.parameters(), z, batch);
    }

    /** Number of worker threads actually used (at most one per chunk of maxBatch; 1 with batch norm). */
    public int threads() { return batchNorm != null ? 1 : workers.length; }

    /** Fixes the chunking for B and lets every layer read the current parameters. */
    private void prepare(int b) {
        if (b < 1 || b > maxBatch) throw new IllegalArgumentException("batch must be 1.." + maxBatch + ", got " + b);
        batch = b;
        chunk = batchNorm != null ? b : Math.min(b, CHUNK);
        chunks = (b + chunk - 1) / chunk;
        int stride = roundUp(chunk, kernels.laneMultiple());
        geometry.setStride(stride);
        float[] params = model.parameters();
        if (shared != null) {
            shared.setGeometry(geometry);
            shared.pack(params);
        }
        for (FlowLayer layer : layers) layer.prepare(params, geometry);
        nextChunk.set(0);
    }

    private void checkLength(String name, int length, int need) {
        if (length < need) throw new IllegalArgumentException(name + " has length " + length + ", needs >= " + need);
    }

    private void checkBatch(float[] input, int b, float[] output, double[] ld) {
        int v = lattice.volume();
        checkLength("input", input.length, v * b);
        checkLength("output", output.length, v * b);
        checkLength("logDet", ld.length, b);
    }

    /** φ = f(z); {@code logDet[b] = log|det ∂φ/∂z|} for configuration b. */
    public void forward(float[] z, int batch, float[] phi, double[] logDet) {
        checkBatch(z, batch, phi, logDet);
        prepare(batch);
        if (batchNorm != null) {
            batchNorm.forward(model.parameters(), z, batch, phi, logDet);
            return;
        }
        forwardPass.run(z, phi, logDet);
    }

    /** z = f⁻¹(φ); {@code logDet[b] = log|det ∂φ/∂z|} at that z (the forward map's log-det). */
    public void inverse(float[] phi, int batch, float[] z, double[] logDet) {
        checkBatch(phi, batch, z, logDet);
        prepare(batch);
        if (batchNorm != null) {
            batchNorm.inverse(model.parameters(), phi, batch, z, logDet);
            return;
        }
        inversePass.run(phi, z, logDet);
    }

    /**
     * Reverse-KL gradient. For L = (1/B) Σ_b [ −logDet_b + S(φ_b) ] (log r(z) does not depend on θ),
     * writes ∂L/∂θ into {@code grad} (overwritten, parameter layout of {@link FlowModel}), and
     * returns per configuration the forward {@code logDet} and the action {@code s}; {@code phi}
     * receives f(z).
     *
     * @param z      [V·B] prior samples (read)
     * @param target the target density exp(−S) (its action and gradient)
     * @param phi    [V·B] f(z) (written)
     * @param logDet [≥B] (written)
     * @param s      [≥B] S(φ_b) (written)
     * @param grad   [parameterCount] (overwritten)
     */
    public void lossGradient(float[] z, int batch, Target target, float[] phi, double[] logDet, double[] s,
                             float[] grad) {
        checkLength("grad", grad.length, model.parameterCount());
        checkLength("s", s.length, batch);
        checkBatch(z, batch, phi, logDet);
        prepare(batch);
        if (batchNorm != null) {
            batchNorm.lossGradient(model.parameters(), z, batch, target, phi, logDet, s, grad);
            return;
        }
        ensureChunkGradients(grad.length);
        gradientPass.run(z, null, target, phi, logDet, s);
        sumChunkGradients(grad);
    }

    /**
     * Path gradient of the reverse KL (docs/ARCHITECTURE.md, "Path gradients"; Vaitl et al.,
     * arXiv:2207.08219): with φ_b = f_θ(z_b),
     * <pre>grad = (1/B) Σ_b v_b · ∂f_θ(z_b)/∂θ,   v = ∇_φ[log q_θ(φ) + S(φ)]  (θ in log q held fixed),</pre>
     * the gradient of the same loss as {@link #lossGradient} without its score term (equal in
     * expectation, zero per sample where q_θ ∝ e^{−S}). One saved forward, the forward recursion of
     * ∇_φ log q through every layer's {@link FlowLayer#inverseBackward}, one reverse pass. Same outputs,
     * chunking and determinism as {@link #lossGradient}.
     *
     * @param base the prior r as a target (its action −log r, its gradient −∇ log r)
     * @throws UnsupportedOperationException for batch-norm models, or naming a layer without
     *                                       {@link FlowLayer#inverseBackward}
     */
    public void pathGradient(float[] z, int batch, Target base, Target target, float[] phi, double[] logDet,
                             double[] s, float[] grad) {
        checkLength("grad", grad.length, model.parameterCount());
        checkLength("s", s.length, batch);
        checkBatch(z, batch, phi, logDet);
        requireLayerList();
        prepare(batch);
        ensureChunkGradients(grad.length);
        gradientPass.run(z, base, target, phi, logDet, s);
        sumChunkGradients(grad);
    }

    /**
     * The flow's log-density and its gradient at given configurations:
     * {@code logQ[b] = log q(φ_b) = log r(z_b) − log|det ∂φ/∂z|}, z = f⁻¹(φ), and
     * {@code gradLogQ = ∇_φ log q(φ_b)} (inverse, saved forward, forward recursion; docs/ARCHITECTURE.md,
     * "Path gradients").
     *
     * @param phi      [V·B] (read)
     * @param base     the prior r as a target (action −log r)
     * @param gradLogQ [V·B] (written)
     * @param logQ     [≥B] (written)
     * @throws UnsupportedOperationException as {@link #pathGradient}
     */
    public void logDensityGradient(float[] phi, int batch, Target base, float[] gradLogQ, double[] logQ) {
        checkBatch(phi, batch, gradLogQ, logQ);
        requireLayerList();
        prepare(batch);
        logDensityPass.run(phi, base, gradLogQ, logQ);
    }

    private void requireLayerList() {
        if (batchNorm != null) {
            throw new UnsupportedOperationException("batch-norm models (model.use_bn = true) have no path gradient");
        }
        if (withoutInverseBackward != null) {
            throw new UnsupportedOperationException(withoutInverseBackward + " has no reverse mode of its inverse"
                    + " (needed for path gradients)");
        }
    }

    /** "layer l (Class)" of the first layer lacking {@link FlowLayer#inverseBackward}, or null. */
    private static String firstWithoutInverseBackward(FlowLayer[] list) {
        for (int l = 0; l < list.length; l++) {
            if (!FlowModel.implementsInverseBackward(list[l])) return "layer " + l + " (" + list[l].getClass().getSimpleName() + ")";
        }
        return null;
    }

    private void ensureChunkGradients(int length) {
        if (chunkGrad.length < chunks) {
            chunkGrad = Arrays.copyOf(chunkGrad, chunks);
            for (int c = 0; c < chunks; c++) if (chunkGrad[c] == null) chunkGrad[c] = new float[length];
        }
    }

    /** grad = Σ_c chunkGrad[c] in chunk order, whatever the number of threads: bit-identical results. */
    private void sumChunkGradients(float[] grad) {
        for (int i = 0; i < grad.length; i++) {
            double sum = 0.0;
            for (int c = 0; c < chunks; c++) sum += chunkGrad[c][i];
            grad[i] = (float) sum;
        }
    }

    /** The arguments of one forward call, visible to the workers only while it runs. */
    private final class ForwardPass implements WorkerPool.Task {
        private float[] z;
        private float[] phi;
        private double[] logDet;

        void run(float[] zIn, float[] phiOut, double[] logDetOut) {
            z = zIn;
            phi = phiOut;
            logDet = logDetOut;
            try {
                pool.runAll(this);
            } finally {
                z = null;
                phi = null;
                logDet = null;
            }
        }

        @Override public void run(int worker) {
            for (int c = nextChunk.getAndIncrement(); c < chunks; c = nextChunk.getAndIncrement()) {
                int b0 = c * chunk;
                workers[worker].forward(z, batch, b0, Math.min(chunk, batch - b0), phi, logDet);
            }
        }
    }

    /** The arguments of one inverse call, visible to the workers only while it runs. */
    private final class InversePass implements WorkerPool.Task {
        private float[] phi;
        private float[] z;
        private double[] logDet;

        void run(float[] phiIn, float[] zOut, double[] logDetOut) {
            phi = phiIn;
            z = zOut;
            logDet = logDetOut;
            try {
                pool.runAll(this);
            } finally {
                phi = null;
                z = null;
                logDet = null;
            }
        }

        @Override public void run(int worker) {
            for (int c = nextChunk.getAndIncrement(); c < chunks; c = nextChunk.getAndIncrement()) {
                int b0 = c * chunk;
                workers[worker].inverse(phi, batch, b0, Math.min(chunk, batch - b0), z, logDet);
            }
        }
    }

    /** The arguments of one ∇ log q call, visible to the workers only while it runs. */
    private final class LogDensityPass implements WorkerPool.Task {
        private float[] phi;
        private Target base;
        private float[] gradLogQ;
        private double[] logQ;

        void run(float[] phiIn, Target prior, float[] gradOut, double[] logQOut) {
            phi = phiIn;
            base = prior;
            gradLogQ = gradOut;
            logQ = logQOut;
            try {
                pool.runAll(this);
            } finally {
                phi = null;
                base = null;
                gradLogQ = null;
                logQ = null;
            }
        }

        @Override public void run(int worker) {
            for (int c = nextChunk.getAndIncrement(); c < chunks; c = nextChunk.getAndIncrement()) {
                int b0 = c * chunk;
                workers[worker].logDensityGradient(phi, batch, b0, Math.min(chunk, batch - b0), base, gradLogQ, logQ);
            }
        }
    }

    /**
     * The arguments of one gradient call, visible to the workers only while it runs: the standard
     * reverse-KL gradient, or the path gradient when a base density is given.
     */
    private final class GradientPass implements WorkerPool.Task {
        private float[] z;
        private Target base;
        private Target target;
        private float[] phi;
        private double[] logDet;
        private double[] s;

        void run(float[] zIn, Target prior, Target t, float[] phiOut, double[] logDetOut, double[] sOut) {
            z = zIn;
            base = prior;
            target = t;
            phi = phiOut;
            logDet = logDetOut;
            s = sOut;
            try {
                pool.runAll(this);
            } finally {
                z = null;
                base = null;
                target = null;
                phi = null;
                logDet = null;
                s = null;
            }
        }

        @Override public void run(int worker) {
            for (int c = nextChunk.getAndIncrement(); c < chunks; c = nextChunk.getAndIncrement()) {
                int b0 = c * chunk;
                float[] g = chunkGrad[c];
                Arrays.fill(g, 0f);
                int n = Math.min(chunk, batch - b0);
                if (base == null) workers[worker].lossGradient(z, batch, b0, n, target, phi, logDet, s, g);
                else workers[worker].pathGradient(z, batch, b0, n, base, target, phi, logDet, s, g);
            }
        }
    }

    @Override public void close() { pool.close(); }
}
