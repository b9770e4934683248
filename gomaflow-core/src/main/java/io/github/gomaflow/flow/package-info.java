/** gomaflow flow. */
package io.github.gomaflow.flow;
