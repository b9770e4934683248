/**
 * Flows as lists of layers and their fast float engine (docs/ARCHITECTURE.md).
 * <ul>
 *   <li>{@link io.github.gomaflow.flow.FlowLayer}: one bijection (forward with log-det, inverse,
 *       reverse mode) on a chunk of configurations; today's layer is {@code AffineCoupling}
 *       (checkerboard mask + {@code ConvConditioner} + affine transform), GomalizingFlow's RealNVP;
 *       {@code Z2AffineCoupling} (s even, t odd: f(−z) = −f(z)) with {@code z2_equivariant};
 *       {@code CombinationalCoupling} (the same with GomalizingFlow's combinational convolutions,
 *       {@code CombinationalConditioner}, subsets in {@link io.github.gomaflow.flow.CombinationalSubsets});
 *       and {@code FourierLayer} with {@code fourier_base};</li>
 *   <li>{@link io.github.gomaflow.flow.FlowModel}: shape (lattice, model parameters) and the flat
 *       parameter array, laid out by {@link io.github.gomaflow.flow.ParameterLayout};</li>
 *   <li>{@link io.github.gomaflow.flow.FlowEngine}: forward z → φ with log|det J|, inverse φ → z,
 *       and the reverse-KL gradient towards a {@link io.github.gomaflow.action.Target}, on a fixed
 *       pool of workers, bit-identical for any thread count; the per-chunk passes over the layer list
 *       live in {@code ChunkWorker}, the chunk shape in {@link io.github.gomaflow.flow.ChunkGeometry},
 *       the thread hand-off in {@code WorkerPool};</li>
 *   <li>{@link io.github.gomaflow.flow.EngineBenchmark}: the figures of {@code gomaflow bench}.</li>
 * </ul>
 * Batch norm ({@code use_bn = true}, γ and β after all convolution parameters, see
 * {@link io.github.gomaflow.flow.ParameterLayout#gammaOffset}) runs in {@code BatchNormWorker}: the
 * whole batch as one chunk on the calling thread. By default every pass uses the training-mode
 * statistics of its own batch; the evaluation mode ({@code FlowEngine.setBatchNormTraining(false)})
 * uses the model's running statistics, which {@code updateRunningStatistics} moves. As in PyTorch
 * and Flux, training steps use batch statistics and move the running statistics, while the
 * per-epoch evaluation and {@code gomaflow sample} run in evaluation mode; checkpoints store the
 * running statistics (named {@code layers.l.net.m.running_mean/running_var}, see
 * {@link io.github.gomaflow.flow.ParameterLayout#runningStatisticTensors()}).
 */
package io.github.gomaflow.flow;
