/** gomaflow rng. */
package io.github.gomaflow.rng;
