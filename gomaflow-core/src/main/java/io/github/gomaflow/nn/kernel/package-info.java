/** gomaflow nn.kernel. */
package io.github.gomaflow.nn.kernel;
