/** gomaflow analysis. */
package io.github.gomaflow.analysis;
