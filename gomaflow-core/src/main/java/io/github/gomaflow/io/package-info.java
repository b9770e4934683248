/**
 * File formats: NumPy {@code .npy}/{@code .npz} ensembles ({@link io.github.gomaflow.io.NpyReader},
 * {@link io.github.gomaflow.io.EnsembleReader}), checkpoints, CSV/JSON, and the
 * {@link io.github.gomaflow.io.ProgressListener} through which long computations report progress.
 */
package io.github.gomaflow.io;
