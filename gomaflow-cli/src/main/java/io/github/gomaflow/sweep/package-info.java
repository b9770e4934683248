/**
 * {@code gomaflow sweep}: GomalizingFlow's batch training as a grid of runs. {@link io.github.gomaflow.sweep.SweepGrid}
 * parses and expands {@code --set SECTION.KEY=VALUES} (pure, tested); {@link io.github.gomaflow.sweep.Sweep}
 * substitutes the values into the configuration, validates every point, trains them and writes
 * {@link io.github.gomaflow.sweep.SweepSummary} (summary.csv, summary.png).
 */
package io.github.gomaflow.sweep;
