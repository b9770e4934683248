/**
 * {@code gomaflow report}: a self-contained HTML page about a run directory (configuration,
 * provenance, training curves, best epochs, observables with errors, HMC comparison, plots), with
 * every image embedded, so it opens offline. Holds a small JSON reader for the files it shows.
 */
package io.github.gomaflow.report;
