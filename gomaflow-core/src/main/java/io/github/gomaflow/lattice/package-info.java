/** gomaflow lattice. */
package io.github.gomaflow.lattice;
