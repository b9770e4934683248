/**
 * The periodic lattice: {@link io.github.gomaflow.lattice.Lattice} holds the extents L₀…L_{d−1}
 * (d = 1…4), the row-major site numbering (direction 0 slowest), forward/backward neighbour tables,
 * shift tables for convolution taps, and the checkerboard parity used by coupling masks.
 */
package io.github.gomaflow.lattice;
