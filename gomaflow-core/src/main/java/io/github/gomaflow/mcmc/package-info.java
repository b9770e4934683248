/** gomaflow mcmc. */
package io.github.gomaflow.mcmc;
