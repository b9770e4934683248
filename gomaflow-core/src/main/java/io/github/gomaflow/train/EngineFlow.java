package io.github.gomaflow.train;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.action.Target;
import io.github.gomaflow.config.GomaConfig;
import io.github.gomaflow.config.TrainingParams;
import io.github.gomaflow.flow.FlowEngine;
import io.github.gomaflow.flow.FlowModel;
import io.github.gomaflow.flow.ParameterLayout;
import io.github.gomaflow.nn.kernel.FlowKernels;
import io.github.gomaflow.nn.kernel.Kernels;

/** The affine-coupling flow of a configuration on the fast float {@link FlowEngine}. */
public final class EngineFlow implements TrainableFlow {
    private final FlowModel model;
    private final FlowEngine engine;
    private final ParameterLayout layout;

    /**
     * A freshly initialised flow (parameters from {@code model.seed}; a Fourier base layer at the free-field
     * widths of the configuration's m²).
     *
     * @param maxBatch the largest batch that will be passed
     * @param threads  worker threads ≥ 1
     */
    public EngineFlow(GomaConfig config, int maxBatch, int threads) {
        this(config, maxBatch, threads, Kernels.selected());
    }

    /** As above with an explicit kernel implementation (e.g. {@link Kernels#scalar()}). */
    public EngineFlow(GomaConfig config, int maxBatch, int threads, FlowKernels kernels) {
        requireGradientSupport(config);
        this.model = FlowModel.create(config.physical().lattice(), config.model(), config.physical().mSquared());
        this.engine = new FlowEngine(model, maxBatch, threads, kernels);
        this.layout = model.layout();
    }

    /**
     * Refuses {@code training.gradient = "path"} for a model that cannot compute it (batch norm, or a
     * layer without the reverse mode of its inverse).
     *
     * @throws BadInputException one line naming the configuration, the key and the obstacle
     */
    public static void requireGradientSupport(GomaConfig config) {
        if (config.training().gradient() != TrainingParams.Gradient.PATH) return;
        String obstacle = FlowModel.withParameters(config.physical().lattice(), config.model(), null)
                .pathGradientObstacle();
        if (obstacle != null) {
            throw new BadInputException(config.name() + ": training.gradient = \"path\" is not available for this"
                    + " model: " + obstacle + "; allowed: gradient = \"standard\"");
        }
    }

    @Override public float[] parameters() { return model.parameters(); }

    @Override public void forward(float[] z, int batch, float[] phi, double[] logDet) {
        engine.forward(z, batch, phi, logDet);
    }

    @Override public void lossGradient(float[] z, int batch, Target action, float[] phi, double[] logDet,
                                       double[] s, float[] grad) {
        engine.lossGradient(z, batch, action, phi, logDet, s, grad);
    }

    @Override public void pathGradient(float[] z, int batch, Target base, Target action, float[] phi, double[] logDet,
                                       double[] s, float[] grad) {
        engine.pathGradient(z, batch, base, action, phi, logDet, s, grad);
    }

    @Override public float[] runningStatistics() { return model.runningStatistics(); }

    @Override public void updateRunningStatistics(float[] z, int batch) { engine.updateRunningStatistics(z, batch); }

    @Override public void setBatchNormTraining(boolean training) { engine.setBatchNormTraining(training); }

    @Override public String kernels() { return engine.kernels(); }

    @Override public String describeParameter(int index) { return describe(layout, index); }

    /** "layer l (0-based), conv j, weight|bias" for a flat parameter index of the nets, else the tensor name and index. */
    static String describe(ParameterLayout layout, int index) {
        if (layout.subsets() != null) return layout.describeSubsetParameter(index);
        if (index >= layout.fourierOffset() && layout.fourierParameterCount() > 0) {
            return "fourier layer, log sigma of momentum orbit " + (index - layout.fourierOffset());
        }
        if (index >= layout.parameterCount()) {
            for (ParameterLayout.Tensor t : layout.parameterTensors()) {
                if (index >= t.offset() && index < t.offset() + t.length()) return t.name() + "[" + (index - t.offset()) + "]";
            }
            return "parameter " + index;
        }
        int layer = index / layout.parametersPerLayer();
        for (int j = layout.convolutions() - 1; j >= 0; j--) {
            if (index >= layout.biasOffset(layer, j)) return "layer " + layer + ", conv " + j + ", bias";
            if (index >= layout.weightOffset(layer, j)) return "layer " + layer + ", conv " + j + ", weight";
        }
        return "parameter " + index;
    }

    @Override public void close() { engine.close(); }
}
