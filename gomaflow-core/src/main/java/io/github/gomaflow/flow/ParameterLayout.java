package io.github.gomaflow.flow;

import io.github.gomaflow.config.ModelParams;
import io.github.gomaflow.lattice.Lattice;
import io.github.gomaflow.nn.kernel.FlowKernels;
import io.github.gomaflow.rng.Streams;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Where each weight and bias lives in the flat parameter array of a flow (see {@link FlowModel}
 * for the layout), the convolution taps, and PyTorch-style initialisation. Shared by the fast
 * float engine and the double reference so that both see identical parameters.
 */
public final class ParameterLayout {
    private final int dimension;
    private final int nLayers;
    private final int[] channels;
    private final int kernelSize;
    private final int taps;
    private final int[][] tapOffsets;
    private final int perLayer;
    private final int[] convOffset;
    private final boolean useBn;
    private final int bnPerLayer;
    private final int[] bnConvOffset;
    /** The Fourier base layer's transform and orbits; null without {@code fourier_base}. */
    private final FourierBasis fourier;
    private final boolean finalTanh;
    private final boolean z2;
    /** Channels [1, hidden…, 1] of each Z2 stack. */
    private final int[] z2Channels;
    /** Offsets, relative to the layer's start in the Z2 segment, of the s and t stacks' conv j weights (t: no bias). */
    private final int[] sConvOffset;
    private final int[] tConvOffset;
    private final int z2PerLayer;
    private final CombinationalSubsets subsets;

    /**
     * The layout of a model without a Fourier base layer, which does not depend on the extents.
     *
     * @throws IllegalArgumentException if {@code spec.fourierBase()} (its parameters depend on the extents:
     *                                  use {@link #ParameterLayout(Lattice, ModelParams)})
     */
    public ParameterLayout(int dimension, ModelParams spec) {
        this(dimension, spec, null);
        if (spec.fourierBase()) {
            throw new IllegalArgumentException("a model with fourier_base needs the lattice extents for its layout");
        }
    }

    private ParameterLayout(int dimension, ModelParams spec, Lattice lattice) {
        if (spec.kernelSize() < 1 || spec.kernelSize() % 2 == 0) {
            throw new IllegalArgumentException("kernel size must be odd and >= 1, got " + spec.kernelSize());
        }
        this.dimension = dimension;
        this.nLayers = spec.nLayers();
        this.channels = spec.channels();
        this.kernelSize = spec.kernelSize();
        int t = 1;
        for (int mu = 0; mu < dimension; mu++) t *= kernelSize;
        this.taps = t;
        this.tapOffsets = new int[taps][dimension];
        int r = kernelSize / 2;
        for (int tap = 0; tap < taps; tap++) {
            int rest = tap;
            for (int mu = dimension - 1; mu >= 0; mu--) {
                tapOffsets[tap][mu] = rest % kernelSize - r;
                rest /= kernelSize;
            }
        }
        this.z2 = spec.z2Equivariant();
        this.finalTanh = spec.useFinalTanh();
        this.subsets = spec.combinationalConv().enabled()
                ? new CombinationalSubsets(dimension, kernelSize, spec.combinationalConv(), channels) : null;
        this.convOffset = new int[channels.length - 1];
        int off = 0;
        for (int j = 0; j < convOffset.length && subsets == null; j++) {
            convOffset[j] = off;
            off += channels[j + 1] * channels[j] * taps + channels[j + 1];
        }
        this.perLayer = z2 ? 0 : off;
        this.z2Channels = channels.clone();
        z2Channels[z2Channels.length - 1] = 1;
        this.sConvOffset = new int[channels.length - 1];
        this.tConvOffset = new int[channels.length - 1];
        int z = 0;
        for (int j = 0; j < sConvOffset.length; j++) {
            sConvOffset[j] = z;
            z += z2Channels[j + 1] * z2Channels[j] * taps + z2Channels[j + 1];
        }
        for (int j = 0; j < tConvOffset.length; j++) {
            tConvOffset[j] = z;
            z += z2Channels[j + 1] * z2Channels[j] * taps;
        }
        this.z2PerLayer = z2 ? z : 0;
        this.useBn = spec.useBn();
        this.bnConvOffset = new int[channels.length - 1];
        int bn = 0;
        for (int j = 0; j < bnConvOffset.length; j++) {
            bnConvOffset[j] = bn;
            bn += 2 * channels[j + 1];
        }
        this.bnPerLayer = bn;
        this.fourier = lattice != null && spec.fourierBase() ? new FourierBasis(lattice) : null;
    }

    public ParameterLayout(Lattice lattice, ModelParams spec) { this(lattice.dimension(), spec, lattice); }

    public int dimension() { return dimension; }
    public int layers() { return nLayers; }
    /** Number of convolutions per coupling layer. */
    public int convolutions() { return channels.length - 1; }
    /** Channel counts [1, hidden…, 2] (copy). */
    public int[] channels() { return channels.clone(); }
    public int inChannels(int conv) { return channels[conv]; }
    public int outChannels(int conv) { return channels[conv + 1]; }
    public int kernelSize() { return kernelSize; }
    /** k^d. */
    public int taps() { return taps; }
    /** Offset (o₀…o_{d−1}) of a tap, direction 0 slowest; do not modify. */
    public int[] tapOffset(int tap) { return tapOffsets[tap]; }
    /**
     * Number of parameters (weights and biases) of the GomalizingFlow conditioner nets
     * ({@code layers.l.net}); the batch-norm γ, β follow them. 0 for a Z2-equivariant model, whose
     * parameters all live in the Z2 segment ({@link #z2Offset}).
     */
    public int parameterCount() { return perLayer * nLayers; }

    /** Whether the couplings are Z2-equivariant (two stacks s_net, t_net per layer instead of net). */
    public boolean z2Equivariant() { return z2; }

    /** Number of parameters of the Z2 segment (s_net and t_net of every layer); 0 without Z2 equivariance. */
    public int z2ParameterCount() { return z2PerLayer * nLayers; }

    /**
     * Start of layer l's part of the Z2 segment, which follows the convolutions and batch norm (the Fourier widths follow it): for conv j of
     * s_net W[co][ci][tap] then b[co], then for conv j of t_net W[co][ci][tap] (no bias); channels
     * [1, hidden…, 1] each.
     */
    public int z2Offset(int layer) { return parameterCount() + batchNormParameterCount() + layer * z2PerLayer; }

    /** Whether the model has batch norm after every convolution. */
    public boolean useBn() { return useBn; }

    /** Number of batch-norm parameters (γ and β of every convolution of every layer); 0 without batch norm. */
    public int batchNormParameterCount() { return useBn ? bnPerLayer * nLayers : 0; }

    /**
     * All parameters of the flow: convolutions, batch norm, the Z2 stacks or the combinational
     * sub-convolutions, then the Fourier layer's log σ per orbit.
     */
    public int totalParameterCount() { return fourierOffset() + fourierParameterCount(); }

    /** The Fourier base layer's basis and orbits, or null when the model has none. */
    public FourierBasis fourierBasis() { return fourier; }

    /**
     * Index of log σ of orbit 0 of the Fourier base layer: a segment after every other parameter
     * (convolutions, batch norm, the Z2 stacks, the sub-convolutions), one entry per momentum orbit.
     */
    public int fourierOffset() {
        return parameterCount() + batchNormParameterCount() + z2ParameterCount() + subsetParameterCount();
    }

    /** Number of Fourier-layer parameters: the number of momentum orbits; 0 without {@code fourier_base}. */
    public int fourierParameterCount() { return fourier == null ? 0 : fourier.orbitCount(); }

    /**
     * Sets the Fourier layer's widths to the free field of mass² m² ({@link FourierBasis#freeFieldLogWidths}:
     * exact for λ = 0 and the N(0, 1) prior; σ = 1 when m² ≤ 0). No-op without {@code fourier_base}.
     *
     * @param params [totalParameterCount()] (the Fourier segment overwritten)
     */
    public void initializeFourier(double mSquared, float[] params) {
        if (fourier == null) return;
        double[] logSigma = fourier.freeFieldLogWidths(mSquared);
        for (int o = 0; o < logSigma.length; o++) params[fourierOffset() + o] = (float) logSigma[o];
    }

    /**
     * One stack of periodic convolutions of a coupling layer's conditioner (docs/ARCHITECTURE.md,
     * "Conditioners"): conv j maps channels[j] to channels[j+1] planes, its weights W[co][ci][tap]
     * start at flat index weightOffset[j], its bias at biasOffset[j] (−1: no bias); after every conv
     * but the last the activation {@code hidden}, after the last {@code last} (kernel modes
     * {@link FlowKernels#LEAKY_RELU}, {@link FlowKernels#TANH}, {@link FlowKernels#LINEAR}).
     *
     * @param name          the tensor-name prefix, e.g. {@code layers.3.net}
     * @param absoluteInput the stack sees |m⊙φ| instead of m⊙φ
     */
    public record ConvStack(String name, int[] channels, int[] weightOffset, int[] biasOffset, int hidden, int last,
                            boolean absoluteInput) {
        /** Number of convolutions. */
        public int convolutions() { return channels.length - 1; }
        /** Whether conv j has a bias. */
        public boolean hasBias(int conv) { return biasOffset[conv] >= 0; }
    }

    /**
     * The conditioner stacks of coupling layer l: GomalizingFlow's {@code layers.l.net} (channels
     * [1, hidden…, 2] giving (s, t); leaky ReLU, the last tanh or leaky ReLU), or with Z2 equivariance
     * {@code layers.l.s_net} on |m⊙φ| (channels [1, hidden…, 1] giving s; same activations, biases)
     * and {@code layers.l.t_net} on m⊙φ (giving t; no biases, tanh after every conv, the last tanh
     * or none), so that s is even and t odd in φ.
     */
    public List<ConvStack> conditionerStacks(int layer) {
        int nc = channels.length - 1;
        int lastPlain = finalTanh ? FlowKernels.TANH : FlowKernels.LEAKY_RELU;
        if (!z2) {
            int[] w = new int[nc];
            int[] b = new int[nc];
            for (int j = 0; j < nc; j++) {
                w[j] = weightOffset(layer, j);
                b[j] = biasOffset(layer, j);
            }
            return List.of(new ConvStack("layers." + layer + ".net", channels.clone(), w, b, FlowKernels.LEAKY_RELU,
                    lastPlain, false));
        }
        int base = z2Offset(layer);
        int[] sw = new int[nc];
        int[] sb = new int[nc];
        int[] tw = new int[nc];
        int[] tb = new int[nc];
        for (int j = 0; j < nc; j++) {
            sw[j] = base + sConvOffset[j];
            sb[j] = sw[j] + z2Channels[j + 1] * z2Channels[j] * taps;
            tw[j] = base + tConvOffset[j];
            tb[j] = -1;
        }
        return List.of(
                new ConvStack("layers." + layer + ".s_net", z2Channels.clone(), sw, sb, FlowKernels.LEAKY_RELU, lastPlain, true),
                new ConvStack("layers." + layer + ".t_net", z2Channels.clone(), tw, tb, FlowKernels.TANH,
                        finalTanh ? FlowKernels.TANH : FlowKernels.LINEAR, false));
    }

    /**
     * The combinational convolutions (docs/ARCHITECTURE.md, "Combinational convolutions"), or null
     * for full convolutions. With them the full convolutions have no parameters
     * ({@link #parameterCount()} = 0) and every parameter lives in the sub-convolution segment.
     */
    public CombinationalSubsets subsets() { return subsets; }

    /** Number of sub-convolution parameters (0 with full convolutions). */
    public int subsetParameterCount() { return subsets == null ? 0 : subsets.perLayer() * nLayers; }

    /**
     * Index of W[co][ci][tap'] = W[0][0][0] of sub-convolution i of conv j of layer l: the segment
     * after the convolution and batch-norm parameters, per layer l, per conv j, per subset i:
     * W[co][ci][tap'] (row-major, tap' over the subset's k^k offsets) then b[co].
     */
    public int subsetWeightOffset(int layer, int conv, int subset) {
        return parameterCount() + batchNormParameterCount() + z2ParameterCount() + layer * subsets.perLayer()
                + subsets.offset(conv, subset);
    }

    /** "layer l (0-based), conv j, subset i, weight|bias" for a flat index of the sub-convolution segment. */
    public String describeSubsetParameter(int index) {
        for (int l = nLayers - 1; l >= 0; l--) {
            for (int j = convolutions() - 1; j >= 0; j--) {
                for (int i = subsets.count() - 1; i >= 0; i--) {
                    String where = "layer " + l + ", conv " + j + ", subset " + i;
                    if (index >= subsetBiasOffset(l, j, i)) return where + ", bias";
                    if (index >= subsetWeightOffset(l, j, i)) return where + ", weight";
                }
            }
        }
        return "parameter " + index;
    }

    /** Index of b[0] of sub-convolution i of conv j of layer l. */
    public int subsetBiasOffset(int layer, int conv, int subset) {
        return subsetWeightOffset(layer, conv, subset) + channels[conv + 1] * channels[conv] * subsets.taps();
    }

    /**
     * Index of γ[0] of the batch norm after conv j of layer l; β[0] follows at + outChannels(conv).
     * Layout: after all convolution parameters, per layer l, per conv j: γ[0..c), β[0..c), c = outChannels(j).
     */
    public int gammaOffset(int layer, int conv) { return parameterCount() + layer * bnPerLayer + bnConvOffset[conv]; }
    /** Parameters per coupling layer. */
    public int parametersPerLayer() { return perLayer; }

    /** Index of W[layer][conv][co][ci][tap]'s start, i.e. W[0][0][0]. */
    public int weightOffset(int layer, int conv) { return layer * perLayer + convOffset[conv]; }

    /** Index of the bias b[0] of a convolution. */
    public int biasOffset(int layer, int conv) {
        return weightOffset(layer, conv) + channels[conv + 1] * channels[conv] * taps;
    }

    /** Index of W[layer][conv][co][ci][tap]. */
    public int weightIndex(int layer, int conv, int co, int ci, int tap) {
        return weightOffset(layer, conv) + (co * channels[conv] + ci) * taps + tap;
    }

    /**
     * PyTorch's default Conv initialisation: W, b ~ U(−1/√fan_in, 1/√fan_in), fan_in = c_in·k^d.
     * Layer l, conv j draw from {@code Streams.stream(seed, "init", l, j)}: the weights in layout
     * order, then the biases. With Z2 equivariance s_net's conv j draws from {@code "init-s"} and
     * t_net's from {@code "init-t"} (weights only). With batch norm and {@code params.length >= totalParameterCount()},
     * also γ = 1, β = 0 (Flux's and PyTorch's defaults).
     *
     * @param params [parameterCount()] or [totalParameterCount()] (overwritten)
     */
    public void initialize(long seed, float[] params) {
        if (subsets != null) {
            initializeSubsets(seed, params);
            return;
        }
        for (int l = 0; l < nLayers && z2; l++) {
            for (ConvStack stack : conditionerStacks(l)) {
                for (int j = 0; j < stack.convolutions(); j++) {
                    // s_net: "init-s", t_net: "init-t"; weights in layout order, then the biases (s_net only)
                    RandomGenerator rng = Streams.stream(seed, stack.absoluteInput() ? "init-s" : "init-t", l, j);
                    double bound = 1.0 / Math.sqrt(stack.channels()[j] * (double) taps);
                    int w0 = stack.weightOffset()[j];
                    int end = w0 + stack.channels()[j + 1] * stack.channels()[j] * taps
                            + (stack.hasBias(j) ? stack.channels()[j + 1] : 0);
                    for (int i = w0; i < end; i++) params[i] = (float) rng.nextDouble(-bound, bound);
                }
            }
        }
        for (int l = 0; l < nLayers && !z2; l++) {
            for (int j = 0; j < convolutions(); j++) {
                RandomGenerator rng = Streams.stream(seed, "init", l, j);
                double bound = 1.0 / Math.sqrt(channels[j] * (double) taps);
                int w0 = weightOffset(l, j);
                int end = w0 + channels[j + 1] * channels[j] * taps + channels[j + 1];
                for (int i = w0; i < end; i++) params[i] = (float) rng.nextDouble(-bound, bound);
            }
        }
        if (useBn && params.length >= totalParameterCount()) {
            for (int l = 0; l < nLayers; l++) {
                for (int j = 0; j < convolutions(); j++) {
                    int g = gammaOffset(l, j);
                    int c = channels[j + 1];
                    for (int k = 0; k < c; k++) {
                        params[g + k] = 1f;
                        params[g + c + k] = 0f;
                    }
                }
            }
        }
    }

    /**
     * Combinational convolutions as GomalizingFlow's notebooks initialise them (Flux's {@code Conv}
     * with {@code init = torchlike_uniform}): W ~ U(−1/√fan_in, 1/√fan_in), fan_in = c_in·k^k, and
     * b = 0 (Flux's default bias). Layer l, conv j, subset i draw from
     * {@code Streams.stream(seed, "init-subset", l, j, i)} in layout order.
     */
    private void initializeSubsets(long seed, float[] params) {
        for (int l = 0; l < nLayers; l++) {
            for (int j = 0; j < convolutions(); j++) {
                double bound = 1.0 / Math.sqrt(channels[j] * (double) subsets.taps());
                for (int i = 0; i < subsets.count(); i++) {
                    RandomGenerator rng = Streams.stream(seed, "init-subset", l, j, i);
                    int w0 = subsetWeightOffset(l, j, i);
                    int b0 = subsetBiasOffset(l, j, i);
                    for (int x = w0; x < b0; x++) params[x] = (float) rng.nextDouble(-bound, bound);
                    java.util.Arrays.fill(params, b0, b0 + channels[j + 1], 0f);
                }
            }
        }
    }

    /**
     * A named tensor: {@code length} consecutive floats of a flat array from {@code offset}, of the
     * given shape (row-major). See docs/ARCHITECTURE.md, "Parameters".
     */
    public record Tensor(String name, int[] shape, int offset, int length) {
        /** The shape as safetensors wants it. */
        public long[] longShape() {
            long[] l = new long[shape.length];
            for (int i = 0; i < shape.length; i++) l[i] = shape[i];
            return l;
        }
    }

    /**
     * Index of convolution j of a coupling layer's conditioner in PyTorch's {@code nn.Sequential}
     * numbering: [conv, activation]… without batch norm, [conv, batch norm, activation]… with it.
     */
    private int convModule(int conv) { return useBn ? 3 * conv : 2 * conv; }

    /**
     * The parameters as named tensors over the flat parameter array, in flat order — the single
     * mapping between the flat order (checkpoint format 1) and the names (format 2):
     * {@code layers.l.net.m.weight} [cout, cin, k, …, k] and {@code .bias} [cout] for convolution j
     * at module m = 2j (3j with batch norm); with batch norm {@code layers.l.net.(3j+1).weight} (γ)
     * and {@code .bias} (β), each [cout]. With Z2 equivariance instead {@code layers.l.s_net.(2j).weight},
     * {@code .bias} and {@code layers.l.t_net.(2j).weight} (no bias), see {@link #conditionerStacks}. With
     * {@code fourier_base} last {@code fourier.log_sigma} [#orbits].
     */
    public List<Tensor> parameterTensors() {
        List<Tensor> list = new ArrayList<>();
        if (subsets != null) {
            subsetTensors(list);
            addFourierTensor(list);
            return list;
        }
        for (int l = 0; l < nLayers && !z2; l++) {
            for (int j = 0; j < convolutions(); j++) {
                String prefix = "layers." + l + ".net." + convModule(j);
                int[] shape = new int[2 + dimension];
                shape[0] = channels[j + 1];
                shape[1] = channels[j];
                for (int mu = 0; mu < dimension; mu++) shape[2 + mu] = kernelSize;
                list.add(new Tensor(prefix + ".weight", shape, weightOffset(l, j), channels[j + 1] * channels[j] * taps));
                list.add(new Tensor(prefix + ".bias", new int[] {channels[j + 1]}, biasOffset(l, j), channels[j + 1]));
            }
        }
        if (useBn) {
            for (int l = 0; l < nLayers; l++) {
                for (int j = 0; j < convolutions(); j++) {
                    String prefix = "layers." + l + ".net." + (convModule(j) + 1);
                    int c = channels[j + 1];
                    list.add(new Tensor(prefix + ".weight", new int[] {c}, gammaOffset(l, j), c));
                    list.add(new Tensor(prefix + ".bias", new int[] {c}, gammaOffset(l, j) + c, c));
                }
            }
        }
        for (int l = 0; l < nLayers && z2; l++) {
            for (ConvStack stack : conditionerStacks(l)) {
                int[] c = stack.channels();
                for (int j = 0; j < stack.convolutions(); j++) {
                    String prefix = stack.name() + "." + (2 * j);
                    int[] shape = new int[2 + dimension];
                    shape[0] = c[j + 1];
                    shape[1] = c[j];
                    for (int mu = 0; mu < dimension; mu++) shape[2 + mu] = kernelSize;
                    list.add(new Tensor(prefix + ".weight", shape, stack.weightOffset()[j], c[j + 1] * c[j] * taps));
                    if (stack.hasBias(j)) list.add(new Tensor(prefix + ".bias", new int[] {c[j + 1]}, stack.biasOffset()[j], c[j + 1]));
                }
            }
        }
        addFourierTensor(list);
        return list;
    }

    private void addFourierTensor(List<Tensor> list) {
        if (fourier != null) {
            list.add(new Tensor("fourier.log_sigma", new int[] {fourierParameterCount()}, fourierOffset(),
                    fourierParameterCount()));
        }
    }

    /**
     * Sub-convolution i of convolution j of layer l: {@code layers.l.net.(2j).subsets.i.weight}
     * [cout, cin, k, …, k] (k kernel axes: the subset's directions in increasing order) and
     * {@code .bias} [cout].
     */
    private List<Tensor> subsetTensors(List<Tensor> list) {
        for (int l = 0; l < nLayers; l++) {
            for (int j = 0; j < convolutions(); j++) {
                for (int i = 0; i < subsets.count(); i++) {
                    String prefix = "layers." + l + ".net." + convModule(j) + ".subsets." + i;
                    int[] shape = new int[2 + subsets.k()];
                    shape[0] = channels[j + 1];
                    shape[1] = channels[j];
                    java.util.Arrays.fill(shape, 2, shape.length, kernelSize);
                    int w = subsetWeightOffset(l, j, i);
                    int b = subsetBiasOffset(l, j, i);
                    list.add(new Tensor(prefix + ".weight", shape, w, b - w));
                    list.add(new Tensor(prefix + ".bias", new int[] {channels[j + 1]}, b, channels[j + 1]));
                }
            }
        }
        return list;
    }

    /**
     * The batch-norm running statistics as named tensors over the running-statistics array
     * ({@link FlowModel#runningStatistics()}): {@code layers.l.net.(3j+1).running_mean} and
     * {@code .running_var}, each [cout(j)]; empty without batch norm.
     */
    public List<Tensor> runningStatisticTensors() {
        List<Tensor> list = new ArrayList<>();
        if (!useBn) return list;
        for (int l = 0; l < nLayers; l++) {
            for (int j = 0; j < convolutions(); j++) {
                String prefix = "layers." + l + ".net." + (convModule(j) + 1);
                int c = channels[j + 1];
                int o = gammaOffset(l, j) - parameterCount();
                list.add(new Tensor(prefix + ".running_mean", new int[] {c}, o, c));
                list.add(new Tensor(prefix + ".running_var", new int[] {c}, o + c, c));
            }
        }
        return list;
    }
}
