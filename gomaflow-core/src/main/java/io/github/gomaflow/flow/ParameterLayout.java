package io.github.gomaflow.flow;

import io.github.gomaflow.config.ModelParams;
import io.github.gomaflow.lattice.Lattice;
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
    private final CombinationalSubsets subsets;

    public ParameterLayout(int dimension, ModelParams spec) {
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
        this.subsets = spec.combinationalConv().enabled()
                ? new CombinationalSubsets(dimension, kernelSize, spec.combinationalConv(), channels) : null;
        this.convOffset = new int[channels.length - 1];
        int off = 0;
        for (int j = 0; j < convOffset.length && subsets == null; j++) {
            convOffset[j] = off;
            off += channels[j + 1] * channels[j] * taps + channels[j + 1];
        }
        this.perLayer = off;
        this.useBn = spec.useBn();
        this.bnConvOffset = new int[channels.length - 1];
        int bn = 0;
        for (int j = 0; j < bnConvOffset.length; j++) {
            bnConvOffset[j] = bn;
            bn += 2 * channels[j + 1];
        }
        this.bnPerLayer = bn;
    }

    public ParameterLayout(Lattice lattice, ModelParams spec) { this(lattice.dimension(), spec); }

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
    /** Number of convolution parameters (weights and biases); the batch-norm γ, β follow them. */
    public int parameterCount() { return perLayer * nLayers; }

    /** Whether the model has batch norm after every convolution. */
    public boolean useBn() { return useBn; }

    /** Number of batch-norm parameters (γ and β of every convolution of every layer); 0 without batch norm. */
    public int batchNormParameterCount() { return useBn ? bnPerLayer * nLayers : 0; }

    /**
     * All parameters of the flow: {@link #parameterCount()} + {@link #batchNormParameterCount()} +
     * {@link #subsetParameterCount()}.
     */
    public int totalParameterCount() { return parameterCount() + batchNormParameterCount() + subsetParameterCount(); }

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
        return parameterCount() + batchNormParameterCount() + layer * subsets.perLayer() + subsets.offset(conv, subset);
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
     * order, then the biases. With batch norm and {@code params.length >= totalParameterCount()},
     * also γ = 1, β = 0 (Flux's and PyTorch's defaults).
     *
     * @param params [parameterCount()] or [totalParameterCount()] (overwritten)
     */
    public void initialize(long seed, float[] params) {
        if (subsets != null) {
            initializeSubsets(seed, params);
            return;
        }
        for (int l = 0; l < nLayers; l++) {
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
     * and {@code .bias} (β), each [cout].
     */
    public List<Tensor> parameterTensors() {
        List<Tensor> list = new ArrayList<>();
        if (subsets != null) return subsetTensors(list);
        for (int l = 0; l < nLayers; l++) {
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
        return list;
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
