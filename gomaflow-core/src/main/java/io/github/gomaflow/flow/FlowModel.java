package io.github.gomaflow.flow;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.config.ModelParams;
import io.github.gomaflow.lattice.Lattice;
import java.util.Arrays;

/**
 * A RealNVP flow: {@code nLayers} affine coupling layers with alternating checkerboard masks, each
 * with a periodic CNN (channels [1, hidden…, 2], kernel k, circular padding, leaky ReLU 0.01
 * between, final tanh or leaky ReLU).
 *
 * <h2>Parameter layout (shared by every implementation, the double reference included)</h2>
 * One flat {@code float[]}: for layer l = 0…n−1, for conv j = 0…(#channels−2): weights
 * {@code W[co][ci][tap]} (row-major) followed by bias {@code b[co]}. Taps enumerate offsets
 * (o₀,…,o_{d−1}) ∈ {−r…r}^d lexicographically with direction 0 slowest (r = k÷2), and
 * {@code out[co](x) = b[co] + Σ_ci Σ_tap W[co][ci][tap] · in[ci](x + offset(tap))} (periodic).
 *
 * <h2>Coupling (layer l)</h2>
 * Frozen sites (mask m = 1) are those with checkerboard parity ≠ l mod 2 (the convention of
 * arXiv:2101.08176). With (s, t) = output channels (0, 1) of the CNN applied to m⊙φ:
 * φ' = m⊙φ + (1−m)⊙(φ⊙e^s + t), log|det J| = Σ_x (1−m)⊙s.
 *
 * <h2>Fourier base layer ({@code fourier_base})</h2>
 * Before the couplings, {@link FourierLayer}: φ = U·diag(σ)·Uᵀ·z with one log σ per momentum orbit, stored
 * after every other parameter ({@link ParameterLayout#fourierOffset()}); {@code n_layers = 0} is then allowed
 * (and any extents, since no checkerboard is needed).
 */
public final class FlowModel {
    private final Lattice lattice;
    private final ModelParams spec;
    private final ParameterLayout layout;
    private final float[] parameters;
    private final float[] runningStatistics;

    private FlowModel(Lattice lattice, ModelParams spec, ParameterLayout layout, float[] parameters,
                      float[] runningStatistics) {
        this.lattice = lattice;
        this.spec = spec;
        this.layout = layout;
        this.parameters = parameters;
        this.runningStatistics = runningStatistics;
    }

    private static float[] initialRunningStatistics(ParameterLayout layout) {
        float[] r = new float[layout.batchNormParameterCount()];
        if (!layout.useBn()) return r;
        for (int l = 0; l < layout.layers(); l++) {
            for (int j = 0; j < layout.convolutions(); j++) {
                int c = layout.outChannels(j);
                int o = layout.gammaOffset(l, j) - layout.parameterCount();
                Arrays.fill(r, o + c, o + 2 * c, 1f);
            }
        }
        return r;
    }

    /**
     * @return a new model with parameters initialised PyTorch-style from {@code spec.seed()}
     * @throws BadInputException if the model cannot be built for this lattice (odd extent, inC ≠ 1,
     *                           outC ≠ 2, even kernel size, no layers)
     */
    public static FlowModel create(Lattice lattice, ModelParams spec) {
        return create(lattice, spec, Double.NaN);
    }

    /**
     * As {@link #create(Lattice, ModelParams)}; a Fourier base layer ({@code fourier_base}) starts at the
     * free-field widths of m² ({@link ParameterLayout#initializeFourier}), or at σ = 1 when m² ≤ 0 or NaN.
     */
    public static FlowModel create(Lattice lattice, ModelParams spec, double mSquared) {
        FlowModel m = withParameters(lattice, spec, null);
        m.layout.initialize(spec.seed(), m.parameters);
        m.layout.initializeFourier(mSquared, m.parameters);
        return m;
    }

    /**
     * A model holding the given parameters (e.g. read from a checkpoint).
     *
     * @param parameters [parameterCount] in the layout above (copied), or null for zeros
     * @throws BadInputException as {@link #create}, or if the parameter count does not match
     */
    public static FlowModel withParameters(Lattice lattice, ModelParams spec, float[] parameters) {
        validate(lattice, spec);
        ParameterLayout layout = new ParameterLayout(lattice, spec);
        float[] p = new float[layout.totalParameterCount()];
        if (parameters != null) {
            if (parameters.length != p.length) {
                throw new BadInputException("model has " + p.length + " parameters, got " + parameters.length);
            }
            System.arraycopy(parameters, 0, p, 0, p.length);
        }
        return new FlowModel(lattice, spec, layout, p, initialRunningStatistics(layout));
    }

    private static void validate(Lattice lattice, ModelParams spec) {
        if (spec.inC() != 1) throw new BadInputException("model.inC must be 1, got " + spec.inC());
        if (spec.outC() != 2) throw new BadInputException("model.outC must be 2 (s and t), got " + spec.outC());
        if (spec.nLayers() < (spec.fourierBase() ? 0 : 1)) {
            throw new BadInputException("model.n_layers must be >= " + (spec.fourierBase() ? 0 : 1) + ", got " + spec.nLayers());
        }
        if (spec.fourierBase() && spec.useBn()) {
            throw new BadInputException("model.fourier_base = true cannot be combined with model.use_bn = true");
        }
        if (spec.kernelSize() < 1 || spec.kernelSize() % 2 == 0) {
            throw new BadInputException("model.kernel_size must be odd and >= 1, got " + spec.kernelSize());
        }
        for (int h : spec.hiddenSizes()) {
            if (h < 1) throw new BadInputException("model.hidden_sizes entries must be >= 1, got " + spec.hiddenSizes());
        }
        if (spec.z2Equivariant() && spec.useBn()) {
            throw new BadInputException("model.z2_equivariant = true needs model.use_bn = false (batch norm is not supported with Z2-equivariant couplings)");
        }
        if (spec.combinationalConv().enabled() && spec.combinationalConv().dimension() != lattice.dimension()) {
            throw new BadInputException("model.combinational_conv = \"" + spec.combinationalConv().configName()
                    + "\" is for Nd = " + spec.combinationalConv().dimension() + ", the lattice " + lattice + " has Nd = "
                    + lattice.dimension());
        }
        if (spec.combinationalConv().enabled() && spec.useBn()) {
            throw new BadInputException("model.combinational_conv = \"" + spec.combinationalConv().configName()
                    + "\" cannot be combined with model.use_bn = true; allowed: use_bn = false");
        }
        if (spec.combinationalConv().enabled() && (spec.z2Equivariant() || spec.fourierBase())) {
            throw new BadInputException("model.combinational_conv cannot be combined with z2_equivariant or fourier_base");
        }
        if (spec.nLayers() > 0 && !lattice.supportsCheckerboard()) {
            throw new BadInputException("checkerboard coupling layers need every lattice extent even, got " + lattice);
        }
    }

    public Lattice lattice() { return lattice; }

    public ModelParams spec() { return spec; }

    /** Where each weight and bias lives in {@link #parameters()}. */
    public ParameterLayout layout() { return layout; }

    public int parameterCount() { return parameters.length; }

    /** The live flat parameter array (layout above); optimisers update it in place. */
    public float[] parameters() { return parameters; }

    /**
     * The live running statistics of the batch norms (empty without batch norm), used only in
     * evaluation mode ({@link FlowEngine#setBatchNormTraining}): for layer l, conv j, the running mean
     * [0..c) then the running (unbiased) variance [0..c) at {@code layout.gammaOffset(l, j) −
     * layout.parameterCount()}, c = outChannels(j); initially mean 0, variance 1 (Flux, PyTorch).
     * Not model parameters: optimisers leave them alone; {@link FlowEngine#updateRunningStatistics}
     * moves them.
     */
    public float[] runningStatistics() { return runningStatistics; }

    /**
     * The flow as a list of layers (docs/ARCHITECTURE.md, "Layers"): with {@code fourier_base} first the
     * {@link FourierLayer}, then coupling layer l = 0…n−1, which updates the sites of checkerboard parity
     * l mod 2, with its own conditioner ({@code Z2AffineCoupling} with {@code z2_equivariant}). New
     * objects on every call: layers hold the packed weights of the engine that runs them.
     */
    FlowLayer[] newLayers() {
        FourierBasis basis = layout.fourierBasis();
        int first = basis == null ? 0 : 1;
        FlowLayer[] layers = new FlowLayer[first + layout.layers()];
        if (basis != null) layers[0] = new FourierLayer(basis, layout.fourierOffset());
        for (int l = 0; l < layout.layers(); l++) {
            java.util.List<ParameterLayout.ConvStack> stacks = layout.conditionerStacks(l);
            ConvConditioner conditioner = new ConvConditioner(stacks.get(0), layout.taps());
            layers[first + l] = layout.subsets() != null
                    ? new CombinationalCoupling(l & 1, new CombinationalConditioner(layout, l, spec.useFinalTanh()))
                    : layout.z2Equivariant()
                    ? new Z2AffineCoupling(l & 1, conditioner, new ConvConditioner(stacks.get(1), layout.taps()))
                    : new AffineCoupling(l & 1, conditioner);
        }
        return layers;
    }

    /**
     * Why this flow cannot be trained with path gradients ({@link FlowEngine#pathGradient}), or null
     * if it can: batch norm, or the first layer of {@link #newLayers()} that does not implement
     * {@link FlowLayer#inverseBackward} (its class does not override the default).
     */
    public String pathGradientObstacle() {
        if (spec.useBn()) return "batch norm (model.use_bn = true) runs outside the layer list";
        FlowLayer[] layers = newLayers();
        for (int l = 0; l < layers.length; l++) {
            if (!implementsInverseBackward(layers[l])) {
                return "layer " + l + " (" + layers[l].getClass().getSimpleName() + ") has no reverse mode of its inverse";
            }
        }
        return null;
    }

    static boolean implementsInverseBackward(FlowLayer layer) {
        try {
            return layer.getClass().getMethod("inverseBackward", ChunkGeometry.class, FlowLayer.Workspace.class,
                    float[].class, float[].class, float[].class).getDeclaringClass() != FlowLayer.class;
        } catch (NoSuchMethodException e) {
            throw new AssertionError("FlowLayer.inverseBackward is public", e);
        }
    }

    /** A model with the same shape and a copy of the parameters (and running statistics). */
    public FlowModel copy() {
        return new FlowModel(lattice, spec, layout, parameters.clone(), runningStatistics.clone());
    }
}
