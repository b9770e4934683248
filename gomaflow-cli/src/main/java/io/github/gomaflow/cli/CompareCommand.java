package io.github.gomaflow.cli;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.analysis.AnalysisOptions;
import io.github.gomaflow.analysis.EnsembleAnalysis;
import io.github.gomaflow.analysis.EnsembleComparison;
import io.github.gomaflow.io.ProgressListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gomaflow compare A B}: observable-by-observable agreement in units of the combined error.
 * Exit code 0 if every |z| ≤ --max-sigma, 1 otherwise, 2 for bad input, 3 when nothing could be compared.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Observable-by-observable agreement of two ensembles in units of σ (exit 1 if any differs by more than --max-sigma, 3 if nothing could be compared).")
public final class CompareCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ENSEMBLE_A",
            description = "Ensemble file; several replicas of one ensemble as a comma-separated list (a1.npz,a2.npz).")
    String a;
    @Parameters(index = "1", paramLabel = "ENSEMBLE_B", description = "Ensemble file or comma-separated replicas, as A.")
    String b;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Option(names = "--max-sigma", paramLabel = "Z", defaultValue = "4",
            description = "Largest tolerated |difference|/combined error (default: ${DEFAULT-VALUE}).")
    double maxSigma;

    @Mixin AnalyzeCommand.AnalysisMixin analysis;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    /** Exit code when no observable could be compared (not agreement, not a difference either). */
    static final int EXIT_NOTHING_COMPARED = 3;

    @Override public Integer call() {
        if (!(maxSigma > 0) || !Double.isFinite(maxSigma)) {
            throw new BadInputException("--max-sigma must be a finite number > 0, got " + maxSigma);
        }
        AnalysisOptions options = analysis.options();
        EnsembleComparison c;
        ProgressListener progress = analysis.progress(spec);
        try {
            c = EnsembleComparison.of(EnsembleAnalysis.analyze(replicas(a), options, progress),
                    EnsembleAnalysis.analyze(replicas(b), options, progress), maxSigma);
        } finally {
            progress.close();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? c.toJson() + System.lineSeparator() : c.format());
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        if (json) for (String w : c.warnings()) err.println("gomaflow: warning: " + w);
        if (c.compared() == 0) {
            err.println("gomaflow: compare: nothing was compared (no observable has a value and an error in both ensembles)");
            err.flush();
            return EXIT_NOTHING_COMPARED;
        }
        err.flush();
        return c.agree() ? 0 : 1;
    }

    /** "a.npz" or "a1.npz,a2.npz,…" (replicas of one ensemble). */
    static List<Path> replicas(String argument) {
        List<Path> files = new ArrayList<>();
        for (String part : argument.split(",", -1)) {
            if (part.isEmpty()) throw new BadInputException("'" + argument + "': empty file name in the comma-separated list of replicas");
            files.add(Path.of(part));
        }
        return files;
    }
}
