/**
 * {@code gomaflow watch}: a live braille-dot plot of {@code evaluations.csv} in the terminal.
 * {@link io.github.gomaflow.watch.TerminalPlot} turns data into lines (pure, tested on fixed data);
 * {@link io.github.gomaflow.watch.WatchLoop} drives a JLine terminal (raw mode, alternate screen,
 * redraw on file change or resize, 'q'/Ctrl-C to quit).
 */
package io.github.gomaflow.watch;
