package io.github.gomaflow.report;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.analysis.AnalysisJson;
import io.github.gomaflow.analysis.AnalysisOptions;
import io.github.gomaflow.analysis.AnalysisResult;
import io.github.gomaflow.analysis.EnsembleAnalysis;
import io.github.gomaflow.analysis.GammaMethod;
import io.github.gomaflow.io.ProgressListener;
import io.github.gomaflow.plot.AnalysisPlots;
import io.github.gomaflow.plot.EnsemblePlotData;
import io.github.gomaflow.plot.EvaluationHistory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Everything the report can show about a run directory, each part {@code null}/empty when absent.
 * An ensemble without its analysis JSON is analysed here, with {@code gomaflow analyze}'s defaults.
 * The files looked for (docs/OUTPUTS.md, plus the analysis outputs a user puts there):
 * {@code config.toml}, {@code provenance.json}, {@code evaluations.csv}, {@code analysis.json}
 * (output of {@code gomaflow analyze ENSEMBLE --json}), {@code hmc_analysis.json} (the same for an
 * HMC ensemble of the same action), {@code plots/*.png} (from {@code analyze --plots}),
 * {@code ensemble.npz} and {@code hmc.npz}.
 *
 * @param runDir     the directory
 * @param configToml text of config.toml
 * @param provenance parsed provenance.json
 * @param history    evaluations.csv
 * @param analysis   parsed analysis.json of the flow ensemble
 * @param hmc        parsed hmc_analysis.json
 * @param plots      PNG files of the plots directory, in report order
 * @param ensemblePlots plot data computed from ensemble.npz when there is no plots directory, else null
 * @param files      every regular file in the run directory (names), sorted
 */
public record RunData(Path runDir, String configToml, Map<String, Object> provenance, EvaluationHistory history,
                      Map<String, Object> analysis, Map<String, Object> hmc, List<Path> plots,
                      AnalysisPlots.Input ensemblePlots, List<String> files) {
    public static final String CONFIG = "config.toml";
    public static final String PROVENANCE = "provenance.json";
    public static final String ANALYSIS = "analysis.json";
    public static final String HMC_ANALYSIS = "hmc_analysis.json";
    public static final String PLOTS = "plots";
    public static final String ENSEMBLE = "ensemble.npz";
    public static final String HMC_ENSEMBLE = "hmc.npz";

    /**
     * Loads what is present in {@code runDir}.
     *
     * @throws BadInputException if it is not a directory, holds none of the known files, or a
     *                           known file is malformed
     */
    public static RunData load(Path runDir) throws IOException {
        return load(runDir, step -> { });
    }

    /**
     * Loads what is present in {@code runDir}, telling {@code progress} about each slow step (analysing an
     * ensemble takes seconds).
     */
    public static RunData load(Path runDir, java.util.function.Consumer<String> progress) throws IOException {
        if (!Files.isDirectory(runDir)) {
            throw new BadInputException(runDir + ": not a directory (expected a run directory written by gomaflow train)");
        }
        List<String> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(runDir)) {
            s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().forEach(files::add);
        }
        if (Stream.of(CONFIG, EvaluationHistory.FILE_NAME, ANALYSIS).noneMatch(files::contains)) {
            throw new BadInputException(runDir + ": not a run directory (none of " + CONFIG + ", "
                    + EvaluationHistory.FILE_NAME + ", " + ANALYSIS + " is there)");
        }
        String config = files.contains(CONFIG) ? read(runDir.resolve(CONFIG)) : null;
        EvaluationHistory history = files.contains(EvaluationHistory.FILE_NAME)
                ? EvaluationHistory.read(runDir.resolve(EvaluationHistory.FILE_NAME)) : null;
        List<Path> plots = plots(runDir.resolve(PLOTS));
        Map<String, Object> analysis = jsonObject(runDir, files, ANALYSIS);
        AnalysisPlots.Input ensemblePlots = null;
        Path flowEnsemble = ensembleOf(runDir, files, ENSEMBLE, io.github.gomaflow.io.EnsembleReader.SOURCE_FLOW);
        if (analysis == null && flowEnsemble != null) {
            progress.accept("analysing the flow ensemble " + flowEnsemble.getFileName());
            AnalysisResult r = analyse(flowEnsemble);
            analysis = asJson(r);
            if (plots.isEmpty()) {
                progress.accept("plotting " + flowEnsemble.getFileName());
                ensemblePlots = EnsemblePlotData.from(r, flowEnsemble, 0, GammaMethod.DEFAULT_S);
            }
        }
        Map<String, Object> hmc = jsonObject(runDir, files, HMC_ANALYSIS);
        Path hmcEnsemble = ensembleOf(runDir, files, HMC_ENSEMBLE, io.github.gomaflow.io.EnsembleReader.SOURCE_HMC);
        if ((hmc == null || ensemblePlots != null) && hmcEnsemble != null) {
            progress.accept("analysing the HMC ensemble " + hmcEnsemble.getFileName());
            AnalysisResult h = analyse(hmcEnsemble);
            if (hmc == null) hmc = asJson(h);
            if (ensemblePlots != null) ensemblePlots = ensemblePlots.withHmc(EnsemblePlotData.overlay("HMC", h));
        }
        return new RunData(runDir, config, jsonObject(runDir, files, PROVENANCE), history, analysis, hmc, plots,
                ensemblePlots, List.copyOf(files));
    }

    /**
     * The ensemble of the given source in the run directory: {@code preferred} if it is one, else the
     * first {@code .npz} (by name) whose {@code source} member says so. HMC ensembles are recognised by
     * what they are, not by their file name (e.g. hmc_example2d.npz, hmc.chain0.npz).
     */
    public static Path ensembleOf(Path runDir, List<String> files, String preferred, int source) {
        List<String> candidates = new ArrayList<>();
        if (files.contains(preferred)) candidates.add(preferred);
        files.stream().filter(f -> f.endsWith(".npz") && !f.equals(preferred)).forEach(candidates::add);
        for (String f : candidates) {
            try (io.github.gomaflow.io.EnsembleReader r = io.github.gomaflow.io.EnsembleReader.open(runDir.resolve(f))) {
                if (r.source() == source) return runDir.resolve(f);
            } catch (BadInputException | IOException e) {
                // not an ensemble of ours: the report lists it among the files, nothing more
            }
        }
        return null;
    }

    /** The analysis {@code gomaflow analyze} does with default options (no thermalisation cut: sample already made one). */
    private static AnalysisResult analyse(Path ensemble) {
        return EnsembleAnalysis.analyze(ensemble,
                new AnalysisOptions(0, 0, GammaMethod.DEFAULT_S, Double.NaN, Double.NaN, false), ProgressListener.NONE);
    }

    /** The result as {@code analyze --json} prints it, read back: one representation for files and fresh analyses. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> asJson(AnalysisResult r) {
        return (Map<String, Object>) Json.parse(AnalysisJson.write(r), r.file());
    }

    /** The run's name: the directory's name. */
    public String name() {
        Path n = runDir.toAbsolutePath().normalize().getFileName();
        return n == null ? runDir.toString() : n.toString();
    }

    /** Whether an ensemble file is in the directory. */
    public boolean hasEnsemble(String fileName) { return files.contains(fileName); }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> jsonObject(Path dir, List<String> files, String name) throws IOException {
        if (!files.contains(name)) return null;
        Path p = dir.resolve(name);
        Object v = Json.parse(read(p), p.toString());
        if (!(v instanceof Map)) throw new BadInputException(p + ": expected a JSON object {…}");
        return (Map<String, Object>) v;
    }

    /** PNGs of the plots directory: the analysis plots in their fixed order, then any others by name. */
    private static List<Path> plots(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        List<String> order = List.of(AnalysisPlots.CORRELATOR, AnalysisPlots.EFFECTIVE_MASS, AnalysisPlots.PHI_HISTOGRAM,
                AnalysisPlots.MAGNETISATION_HISTOGRAM, AnalysisPlots.AUTOCORRELATION, AnalysisPlots.ACTION_VS_LOGQ,
                AnalysisPlots.REJECTION_RUNS);
        List<Path> found;
        try (Stream<Path> s = Files.list(dir)) {
            found = s.filter(p -> p.getFileName().toString().endsWith(".png")).sorted().toList();
        }
        List<Path> ordered = new ArrayList<>();
        for (String name : order) {
            found.stream().filter(p -> p.getFileName().toString().equals(name)).forEach(ordered::add);
        }
        found.stream().filter(p -> !order.contains(p.getFileName().toString())).forEach(ordered::add);
        return ordered;
    }

    private static String read(Path p) throws IOException {
        return io.github.gomaflow.io.TextFiles.read(p, "a file of a gomaflow run directory");
    }
}
