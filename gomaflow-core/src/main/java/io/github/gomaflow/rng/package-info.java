/**
 * Reproducible randomness: {@link io.github.gomaflow.rng.Streams} derives a pinned
 * L64X128MixRandom generator from (seed, purpose, indices…), the only source of random numbers in
 * gomaflow, so results are independent of the thread count.
 */
package io.github.gomaflow.rng;
