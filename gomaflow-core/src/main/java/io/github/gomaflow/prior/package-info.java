/** gomaflow prior. */
package io.github.gomaflow.prior;
