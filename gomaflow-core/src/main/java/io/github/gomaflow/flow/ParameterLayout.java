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
    /** The Fourier base layer's transform and orbits; null without {@code fourier_base}. */
    private final FourierBasis fourier;

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
        this.convOffset = new int[channels.length - 1];
        int off = 0;
        for (int j = 0; j < convOffset.length; j++) {
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
    /** Number of convolution parameters (weights and biases); the batch-norm γ, β follow them. */
    public int parameterCount() { return perLayer * nLayers; }

    /** Whether the model has batch norm after every convolution. */
    public boolean useBn() { return useBn; }

    /** Number of batch-norm parameters (γ and β of every convolution of every layer); 0 without batch norm. */
    public int batchNormParameterCount() { return useBn ? bnPerLayer * nLayers : 0; }

    /** All parameters of the flow: convolutions, batch norm, then the Fourier layer's log σ per orbit. */
    public int totalParameterCount() { return fourierOffset() + fourierParameterCount(); }

    /** The Fourier base layer's basis and orbits, or null when the model has none. */
    public FourierBasis fourierBasis() { return fourier; }

    /**
     * Index of log σ of orbit 0 of the Fourier base layer: a segment after every other parameter
     * (convolutions, then batch norm), one entry per momentum orbit.
     */
    public int fourierOffset() { return parameterCount() + batchNormParameterCount(); }

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
     * and {@code .bias} (β), each [cout]; with {@code fourier_base} last {@code fourier.log_sigma} [#orbits].
     */
    public List<Tensor> parameterTensors() {
        List<Tensor> list = new ArrayList<>();
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
        if (fourier != null) {
            list.add(new Tensor("fourier.log_sigma", new int[] {fourierParameterCount()}, fourierOffset(),
                    fourierParameterCount()));
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
