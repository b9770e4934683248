/**
 * The RealNVP flow of affine coupling layers with checkerboard masks and its fast float engine.
 * <ul>
 *   <li>{@link io.github.gomaflow.flow.FlowModel}: shape (lattice, model parameters) and the flat
 *       parameter array, laid out by {@link io.github.gomaflow.flow.ParameterLayout};</li>
 *   <li>{@link io.github.gomaflow.flow.FlowEngine}: forward z → φ with log|det J|, inverse φ → z,
 *       and the reverse-KL gradient, on a fixed pool of workers, bit-identical for any thread count;
 *       the per-chunk passes live in {@code ChunkWorker}, the thread hand-off in {@code WorkerPool};</li>
 *   <li>{@link io.github.gomaflow.flow.EngineBenchmark}: the figures of {@code gomaflow bench}.</li>
 * </ul>
 * Batch norm ({@code use_bn = true}, γ and β after all convolution parameters, see
 * {@link io.github.gomaflow.flow.ParameterLayout#gammaOffset}) runs in {@code BatchNormWorker}: the
 * whole batch as one chunk on the calling thread. By default every pass uses the training-mode
 * statistics of its own batch; the evaluation mode ({@code FlowEngine.setBatchNormTraining(false)})
 * uses the model's running statistics, which {@code updateRunningStatistics} moves. As in PyTorch
 * and Flux, training steps use batch statistics and move the running statistics, while the
 * per-epoch evaluation and {@code gomaflow sample} run in evaluation mode; checkpoints store the
 * running statistics ({@code bn_running_stats}).
 */
package io.github.gomaflow.flow;
