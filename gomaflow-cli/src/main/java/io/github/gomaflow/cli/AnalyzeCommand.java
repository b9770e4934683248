package io.github.gomaflow.cli;

import io.github.gomaflow.analysis.AnalysisJson;
import io.github.gomaflow.analysis.AnalysisOptions;
import io.github.gomaflow.analysis.AnalysisResult;
import io.github.gomaflow.analysis.AnalysisText;
import io.github.gomaflow.analysis.EnsembleAnalysis;
import io.github.gomaflow.io.ProgressListener;
import io.github.gomaflow.plot.AnalysisPlots;
import io.github.gomaflow.plot.EnsemblePlotData;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gomaflow analyze}: observables with errors and autocorrelation times (docs/OUTPUTS.md). */
@Command(name = "analyze", aliases = "analyse", mixinStandardHelpOptions = true,
        description = "Observables with errors and autocorrelation times (Γ-method, jackknife).",
        footer = {"%nObservables (docs/OUTPUTS.md): chi2 = <M^2>/V (not connected); chi_connected = <M^2>/V - V<phi>^2;"
                + " ising_energy = <(1/(V d)) sum_x,mu phi(x) phi(x+mu)> (not connected); G(t) = sum over space of G_c(x, t).",
                "GomalizingFlow's conventions beside ours: gf_chi2 = sum_x G_c(x) (= chi_connected);"
                + " gf_ising_energy = (1/d) sum_mu G_c(mu) (connected: ising_energy - <phi>^2);"
                + " mfGc(t) = G(t)/L^(d-1), the spatial average of G_c(x, t) (GomalizingFlow's mfGc),"
                + " with G_c(x) = (1/V) sum_y <phi(y) phi(y+x)> - <phi>^2."})
public final class AnalyzeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ENSEMBLE", arity = "1..*",
            description = "Ensemble file (.npz, or .npy of cfgs). Several files are replicas (independent chains) of one"
                    + " ensemble, analysed together with the Γ-method for replicas and a check that they agree.")
    List<Path> ensembles;

    @Option(names = "--json", description = "Print one JSON object instead of tables.")
    boolean json;

    @Option(names = "--plots", paramLabel = "DIR",
            description = "Also write PNG plots into DIR: G(t), m_eff, histograms of φ and M/V, ρ(t) of |M|/V, S vs −log q, rejection runs.")
    Path plots;

    @Mixin AnalysisMixin analysis;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override public Integer call() throws java.io.IOException {
        AnalysisResult r;
        ProgressListener progress = analysis.progress(spec);
        try {
            r = EnsembleAnalysis.analyze(ensembles, analysis.options(), progress);
        } finally {
            progress.close();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? AnalysisJson.write(r) + System.lineSeparator() : AnalysisText.format(r));
        out.flush();
        if (plots != null) writePlots(r);
        return 0;
    }

    /** The plots go to DIR; their list to stderr, so that --json output stays one object. */
    private void writePlots(AnalysisResult r) throws java.io.IOException {
        AnalysisOptions o = analysis.options();
        List<Path> files = AnalysisPlots.write(plots, EnsemblePlotData.from(r, ensembles.get(0), o.thermalization(), o.sFactor()));
        PrintWriter err = spec.commandLine().getErr();
        err.println("gomaflow: " + files.size() + " plots in " + plots
                + (ensembles.size() > 1 ? " (histograms, autocorrelation and rejection runs from the first replica)" : ""));
        err.flush();
    }

    /** Options shared by analyze and compare. */
    static final class AnalysisMixin {
        @Option(names = "--therm", paramLabel = "K", defaultValue = "0",
                description = "Skip the first K configurations (default: ${DEFAULT-VALUE}).")
        int therm;

        @Option(names = "--bin-size", paramLabel = "B", defaultValue = "0",
                description = "Jackknife bin size; 0 = automatic, ceil(10·max τ_int) (default: ${DEFAULT-VALUE}).")
        int binSize;

        @Option(names = "--s-factor", paramLabel = "S", defaultValue = "1.5",
                description = "Wolff's S of the automatic window (default: ${DEFAULT-VALUE}).")
        double sFactor;

        @Option(names = "--m2", paramLabel = "M2", description = "m² for action_density (default: from the file).")
        Double mSquared;

        @Option(names = "--lam", paramLabel = "LAMBDA", description = "λ for action_density (default: from the file).")
        Double lambda;

        @Option(names = "--full-correlator", negatable = true,
                description = "G_c(x) on the full lattice (default: on when n·V·ΣL ≤ 2.5e8, e.g. up to 244k samples of 8x8).")
        Boolean fullCorrelator;

        @Option(names = "--quiet", description = "No progress display (on stderr).")
        boolean quiet;

        /** Progress on stderr, so that stdout carries only the report. */
        ProgressListener progress(picocli.CommandLine.Model.CommandSpec spec) {
            return ConsoleProgress.forStdout(spec.commandLine().getErr(), quiet);
        }

        AnalysisOptions options() {
            if (therm < 0) throw new io.github.gomaflow.BadInputException("--therm must be >= 0, got " + therm);
            if (binSize < 0) throw new io.github.gomaflow.BadInputException("--bin-size must be >= 0 (0 = automatic), got " + binSize);
            if (!(sFactor > 0) || !Double.isFinite(sFactor)) {
                throw new io.github.gomaflow.BadInputException("--s-factor must be a finite number > 0, got " + sFactor);
            }
            return new AnalysisOptions(therm, binSize, sFactor, mSquared == null ? Double.NaN : mSquared,
                    lambda == null ? Double.NaN : lambda, fullCorrelator);
        }
    }
}
