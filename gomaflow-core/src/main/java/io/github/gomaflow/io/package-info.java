/**
 * File formats: NumPy {@code .npy}/{@code .npz} ensembles ({@link io.github.gomaflow.io.NpyReader},
 * {@link io.github.gomaflow.io.EnsembleReader}; streamed writing by {@link io.github.gomaflow.io.NpyWriter}
 * and {@link io.github.gomaflow.io.EnsembleWriter}), safetensors files for checkpoints
 * ({@link io.github.gomaflow.io.SafeTensors}, written atomically by {@link io.github.gomaflow.io.AtomicFiles}),
 * CSV/JSON, and the
 * {@link io.github.gomaflow.io.ProgressListener} through which long computations report progress.
 */
package io.github.gomaflow.io;
