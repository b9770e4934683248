package io.github.gomaflow.report;

import io.github.gomaflow.plot.Charts;
import io.github.gomaflow.plot.EvaluationHistory;
import io.github.gomaflow.plot.TrainingPlot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code gomaflow report}: one self-contained HTML page about a run directory — summary, training
 * curves, best epochs, observables (with an HMC comparison when present), plots, configuration,
 * provenance. Images are embedded as base64 data URIs and the style is inline, so the page opens
 * offline; a Content-Security-Policy forbids every fetch besides those data URIs.
 */
public final class RunReport {
    public static final String FILE_NAME = "report.html";

    private RunReport() {}

    /**
     * Writes {@code runDir/report.html} (atomically).
     *
     * @return its path
     * @throws io.github.gomaflow.BadInputException if {@code runDir} is not a run directory or a file in it is malformed
     */
    public static Path write(Path runDir) throws IOException {
        return write(runDir, step -> { });
    }

    /** As {@link #write(Path)}, telling {@code progress} about each slow step. */
    public static Path write(Path runDir, java.util.function.Consumer<String> progress) throws IOException {
        String html = render(RunData.load(runDir, progress));
        progress.accept("writing " + runDir.resolve(FILE_NAME));
        Path out = runDir.resolve(FILE_NAME);
        io.github.gomaflow.io.AtomicFiles.write(out, html.getBytes(StandardCharsets.UTF_8));
        return out;
    }

    /** The page for {@code run}. */
    public static String render(RunData run) throws IOException {
        StringBuilder h = new StringBuilder(1 << 16);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>gomaflow report — ").append(Html.escape(run.name())).append("</title>\n<style>\n")
                .append(ReportStyle.CSS).append("</style>\n</head>\n<body>\n");
        h.append("<header><h1>gomaflow report — ").append(Html.escape(run.name())).append("</h1>\n<p class=\"meta\">")
                .append(Html.escape(run.runDir().toAbsolutePath().normalize() + " · generated "
                        + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " by gomaflow " + version()))
                .append("</p>\n<nav><a href=\"#training\">training</a> <a href=\"#observables\">observables</a> ")
                .append("<a href=\"#plots\">plots</a> <a href=\"#configuration\">configuration</a> ")
                .append("<a href=\"#provenance\">provenance</a> <a href=\"#files\">files</a></nav></header>\n<main>\n");
        appendTraining(h, run);
        ObservablesSection.append(h, run);
        h.append("<section id=\"configuration\"><h2>Configuration</h2>\n");
        if (run.configToml() == null) h.append("<p class=\"note\">no config.toml in the run directory</p>\n");
        else h.append("<pre>").append(Html.escape(run.configToml())).append("</pre>\n");
        h.append("</section>\n<section id=\"provenance\"><h2>Provenance</h2>\n");
        if (run.provenance() == null) h.append("<p class=\"note\">no provenance.json in the run directory</p>\n");
        else h.append(Html.table(List.of("key", "value"), flatten("", run.provenance(), new ArrayList<>())));
        h.append("</section>\n<section id=\"files\"><h2>Files</h2>\n<ul class=\"files\">\n");
        for (String f : run.files()) {
            h.append("<li>").append(Html.escape(f)).append(" <span class=\"meta\">")
                    .append(Html.escape(size(run.runDir().resolve(f)))).append("</span></li>\n");
        }
        h.append("</ul></section>\n</main>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void appendTraining(StringBuilder h, RunData run) throws IOException {
        h.append("<section id=\"training\"><h2>Training</h2>\n");
        EvaluationHistory e = run.history();
        if (e == null || e.rows() == 0) {
            h.append("<p class=\"note\">no training epochs recorded (evaluations.csv missing or empty)</p></section>\n");
            return;
        }
        h.append("<figure class=\"wide\">")
                .append(Html.pngImage(Charts.png(TrainingPlot.chart(e, run.name()), TrainingPlot.WIDTH, TrainingPlot.HEIGHT),
                        "training curves"))
                .append("</figure>\n<h3>Best epochs</h3>\n");
        List<List<String>> rows = new ArrayList<>();
        addEpochRow(rows, run, "final", e.rows() - 1, "model_final.ckpt");
        if (e.has("ess")) addEpochRow(rows, run, "best ESS", e.argMax("ess"), "model_best_ess.ckpt");
        if (e.has("acceptance_rate")) {
            addEpochRow(rows, run, "best acceptance", e.argMax("acceptance_rate"), "model_best_acceptance.ckpt");
        }
        h.append(Html.table(List.of("", "epoch", "loss", "ESS", "acceptance", "learning rate", "elapsed (s)", "checkpoint"), rows));
        h.append("</section>\n");
    }

    private static void addEpochRow(List<List<String>> rows, RunData run, String label, int row, String checkpoint) {
        if (row < 0) return;
        EvaluationHistory e = run.history();
        List<String> cells = new ArrayList<>(List.of(label, Html.number(e.epochs()[row])));
        for (String c : List.of("loss", "ess", "acceptance_rate", "lr", "elapsed_time")) {
            if (!e.has(c)) cells.add("–");
            else if (c.equals("acceptance_rate")) cells.add(Html.percent(e.value(c, row)));
            else cells.add(Html.number(e.value(c, row)));
        }
        cells.add(run.files().contains(checkpoint) ? checkpoint : "–");
        rows.add(cells);
    }

    /** Nested JSON objects as dotted keys; arrays and scalars as their text. */
    static List<List<String>> flatten(String prefix, Map<?, ?> map, List<List<String>> rows) {
        for (Map.Entry<?, ?> en : map.entrySet()) {
            String key = prefix.isEmpty() ? String.valueOf(en.getKey()) : prefix + "." + en.getKey();
            Object v = en.getValue();
            if (v instanceof Map<?, ?> m) flatten(key, m, rows);
            else rows.add(List.of(key, v instanceof Number d ? Html.number(d.doubleValue()) : String.valueOf(v)));
        }
        return rows;
    }

    private static String size(Path p) {
        try {
            long b = Files.size(p);
            return b < 1024 ? b + " B" : b < 1 << 20 ? (b >> 10) + " KiB" : (b >> 20) + " MiB";
        } catch (IOException e) {
            return "";
        }
    }

    private static String version() {
        Properties p = new Properties();
        try (InputStream in = RunReport.class.getResourceAsStream("/gomaflow-version.properties")) {
            if (in != null) p.load(in);
        } catch (IOException ignored) {
            // the version line is decoration; an unreadable resource must not stop the report
        }
        return p.getProperty("version", "unknown");
    }
}
