/** gomaflow io. */
package io.github.gomaflow.io;
