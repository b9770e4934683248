/** gomaflow nn. */
package io.github.gomaflow.nn;
