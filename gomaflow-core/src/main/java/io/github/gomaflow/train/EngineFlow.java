package io.github.gomaflow.train;

import io.github.gomaflow.action.Target;
import io.github.gomaflow.config.GomaConfig;
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
     * A freshly initialised flow (parameters from {@code model.seed}).
     *
     * @param maxBatch the largest batch that will be passed
     * @param threads  worker threads ≥ 1
     */
    public EngineFlow(GomaConfig config, int maxBatch, int threads) {
        this(config, maxBatch, threads, Kernels.selected());
    }

    /** As above with an explicit kernel implementation (e.g. {@link Kernels#scalar()}). */
    public EngineFlow(GomaConfig config, int maxBatch, int threads, FlowKernels kernels) {
        this.model = FlowModel.create(config.physical().lattice(), config.model());
        this.engine = new FlowEngine(model, maxBatch, threads, kernels);
        this.layout = model.layout();
    }

    @Override public float[] parameters() { return model.parameters(); }

    @Override public void forward(float[] z, int batch, float[] phi, double[] logDet) {
        engine.forward(z, batch, phi, logDet);
    }

    @Override public void lossGradient(float[] z, int batch, Target action, float[] phi, double[] logDet,
                                       double[] s, float[] grad) {
        engine.lossGradient(z, batch, action, phi, logDet, s, grad);
    }

    @Override public float[] runningStatistics() { return model.runningStatistics(); }

    @Override public void updateRunningStatistics(float[] z, int batch) { engine.updateRunningStatistics(z, batch); }

    @Override public void setBatchNormTraining(boolean training) { engine.setBatchNormTraining(training); }

    @Override public String kernels() { return engine.kernels(); }

    @Override public String describeParameter(int index) { return describe(layout, index); }

    /** "layer l (0-based), conv j, weight|bias" for a flat parameter index. */
    static String describe(ParameterLayout layout, int index) {
        if (layout.subsets() != null) return layout.describeSubsetParameter(index);
        int layer = index / layout.parametersPerLayer();
        for (int j = layout.convolutions() - 1; j >= 0; j--) {
            if (index >= layout.biasOffset(layer, j)) return "layer " + layer + ", conv " + j + ", bias";
            if (index >= layout.weightOffset(layer, j)) return "layer " + layer + ", conv " + j + ", weight";
        }
        return "parameter " + index;
    }

    @Override public void close() { engine.close(); }
}
