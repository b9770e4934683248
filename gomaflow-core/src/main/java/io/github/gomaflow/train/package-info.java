/** gomaflow train. */
package io.github.gomaflow.train;
