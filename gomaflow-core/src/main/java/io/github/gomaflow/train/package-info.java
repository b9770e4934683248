/**
 * Training of flows by the reverse Kullback–Leibler divergence (arXiv:2101.08176, GomalizingFlow):
 * optimisers ({@link io.github.gomaflow.train.Adam}, {@link io.github.gomaflow.train.Descent}),
 * the step loop ({@link io.github.gomaflow.train.Trainer}), per-epoch ESS and Metropolis acceptance
 * ({@link io.github.gomaflow.train.Evaluator}), checkpoints in the safetensors layout
 * ({@link io.github.gomaflow.train.Checkpoint}) and a whole run in its result directory with exact
 * resume ({@link io.github.gomaflow.train.TrainingRun}). Batch norm as in PyTorch: training steps
 * use batch statistics and update the running statistics, evaluation uses the running statistics,
 * and checkpoints store them.
 */
package io.github.gomaflow.train;
