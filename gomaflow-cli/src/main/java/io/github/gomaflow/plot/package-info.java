/**
 * PNG plots of training runs and ensembles, drawn by JFreeChart in headless mode: training curves
 * from {@code evaluations.csv} ({@link io.github.gomaflow.plot.TrainingPlot}), and the analysis plots
 * of {@code gomaflow analyze --plots} ({@link io.github.gomaflow.plot.AnalysisPlots}: G(t), effective
 * mass, histograms, autocorrelation, S against −log q, rejection runs). Data come in as plain arrays.
 */
package io.github.gomaflow.plot;
