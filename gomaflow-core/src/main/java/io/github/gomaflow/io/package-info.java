/**
 * File formats: NumPy {@code .npy}/{@code .npz} ensembles ({@link io.github.gomaflow.io.NpyReader},
 * {@link io.github.gomaflow.io.EnsembleReader}; streamed writing by {@link io.github.gomaflow.io.NpyWriter}
 * and {@link io.github.gomaflow.io.EnsembleWriter}), checkpoints, CSV/JSON, and the
 * {@link io.github.gomaflow.io.ProgressListener} through which long computations report progress.
 */
package io.github.gomaflow.io;
