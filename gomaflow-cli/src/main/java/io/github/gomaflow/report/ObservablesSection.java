package io.github.gomaflow.report;

import io.github.gomaflow.plot.AnalysisPlots;
import io.github.gomaflow.plot.Charts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jfree.chart.JFreeChart;

/**
 * The physics part of the report: observables with errors from {@code analysis.json} (and the
 * HMC comparison from {@code hmc_analysis.json}, with differences in units of the combined error),
 * G(t), and the analysis plots.
 */
final class ObservablesSection {
    /** Physics meaning of the observable names of docs/OUTPUTS.md. */
    static final Map<String, String> MEANING = Map.of(
            "chi2", "χ₂ = ⟨M²⟩/V",
            "abs_m", "⟨|M|⟩/V",
            "phi2", "⟨φ²⟩ (site mean)",
            "binder", "U = 1 − ⟨M⁴⟩/(3⟨M²⟩²)",
            "action_density", "⟨S⟩/V",
            "ising_energy", "(1/Vd) Σ_x Σ_μ ⟨φ(x)φ(x+μ̂)⟩",
            "magnetization", "⟨M⟩/V",
            "chi_connected", "χ_c = ⟨M²⟩/V − V⟨φ̄⟩²",
            "xi2", "ξ₂, second-moment correlation length",
            "pole_mass", "m_eff(t) averaged over a plateau");

    private ObservablesSection() {}

    static void append(StringBuilder html, RunData run) throws IOException {
        Map<String, Object> flow = run.analysis();
        Map<String, Object> hmc = run.hmc();
        if (flow == null && hmc == null && run.plots().isEmpty()) return;
        html.append("<section id=\"observables\"><h2>Observables</h2>\n");
        List<String> headers = new ArrayList<>();
        if (flow != null) headers.add(Html.escape(header("flow-MCMC", flow)));
        if (hmc != null) headers.add(Html.escape(header("HMC", hmc)));
        html.append("<p>").append(String.join("<br>", headers)).append("</p>\n");
        html.append(observableTable(flow, hmc));
        html.append(correlatorTable(flow, hmc));
        html.append("</section>\n");
        appendPlots(html, run, flow);
    }

    private static String header(String label, Map<String, Object> a) {
        return String.format(Locale.ROOT, "%s: %s configurations, acceptance %s", label,
                Html.number(Json.number(a, "n")), Html.percent(Json.number(a, "acceptance")));
    }

    /** Observables of the analyses present (names of both, flow first), with the difference in σ when both are. */
    static String observableTable(Map<String, Object> flow, Map<String, Object> hmc) {
        Map<String, Object> f = observables(flow);
        Map<String, Object> h = observables(hmc);
        Set<String> names = new LinkedHashSet<>(f.keySet());
        names.addAll(h.keySet());
        List<String> header = new ArrayList<>(List.of("observable", "meaning"));
        if (flow != null) header.addAll(List.of("flow-MCMC", "τ_int"));
        if (hmc != null) header.addAll(List.of("HMC", "τ_int (HMC)"));
        if (flow != null && hmc != null) header.add("difference / σ");
        List<List<String>> rows = new ArrayList<>();
        for (String name : names) {
            Map<?, ?> a = f.get(name) instanceof Map<?, ?> m ? m : null;
            Map<?, ?> b = h.get(name) instanceof Map<?, ?> m ? m : null;
            List<String> row = new ArrayList<>(List.of(name, MEANING.getOrDefault(name, "")));
            if (flow != null) row.addAll(List.of(measured(a), tau(a)));
            if (hmc != null) row.addAll(List.of(measured(b), tau(b)));
            if (flow != null && hmc != null) row.add(sigmas(a, b));
            rows.add(row);
        }
        return Html.table(header, rows);
    }

    /** τ_int ± its error (Wolff eq. 42) when the analysis gives one. */
    private static String tau(Map<?, ?> m) {
        return Html.valueWithError(Json.number(m, "tau_int"), Json.number(m, "tau_int_error"));
    }

    /** G(t) of the analyses present, side by side. */
    static String correlatorTable(Map<String, Object> flow, Map<String, Object> hmc) {
        List<?> f = flow != null && flow.get("G_t") instanceof List<?> l ? l : List.of();
        List<?> h = hmc != null && hmc.get("G_t") instanceof List<?> l ? l : List.of();
        if (f.isEmpty() && h.isEmpty()) return "";
        List<String> header = new ArrayList<>(List.of("t"));
        if (flow != null) header.add("G(t) flow-MCMC");
        if (hmc != null) header.add("G(t) HMC");
        if (flow != null && hmc != null) header.add("difference / σ");
        List<List<String>> rows = new ArrayList<>();
        for (int t = 0; t < Math.max(f.size(), h.size()); t++) {
            Map<?, ?> a = t < f.size() && f.get(t) instanceof Map<?, ?> m ? m : null;
            Map<?, ?> b = t < h.size() && h.get(t) instanceof Map<?, ?> m ? m : null;
            List<String> row = new ArrayList<>(List.of(Integer.toString(t)));
            if (flow != null) row.add(measured(a));
            if (hmc != null) row.add(measured(b));
            if (flow != null && hmc != null) row.add(sigmas(a, b));
            rows.add(row);
        }
        return "<h3>Connected two-point function</h3>\n" + Html.table(header, rows);
    }

    /** |a − b| / √(σ_a² + σ_b²), or "–". */
    static String sigmas(Map<?, ?> a, Map<?, ?> b) {
        double d = Math.abs(Json.number(a, "value") - Json.number(b, "value"));
        double s = Math.hypot(Json.number(a, "error"), Json.number(b, "error"));
        return Double.isFinite(d / s) ? String.format(Locale.ROOT, "%.1f", d / s) : "–";
    }

    private static String measured(Map<?, ?> m) {
        return m == null ? "–" : Html.valueWithError(Json.number(m, "value"), Json.number(m, "error"));
    }

    private static Map<String, Object> observables(Map<String, Object> a) {
        @SuppressWarnings("unchecked")
        Map<String, Object> o = a != null && a.get("observables") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        return o;
    }

    /** The plots directory's PNGs, or else G(t) and m_eff drawn from the analysis JSON. */
    private static void appendPlots(StringBuilder html, RunData run, Map<String, Object> flow) throws IOException {
        List<String> figures = new ArrayList<>();
        for (Path p : run.plots()) {
            figures.add(Html.pngImage(Files.readAllBytes(p), p.getFileName().toString()));
        }
        if (figures.isEmpty() && run.ensemblePlots() != null) {
            for (Map.Entry<String, JFreeChart> e : AnalysisPlots.charts(run.ensemblePlots()).entrySet()) {
                figures.add(Html.pngImage(Charts.png(e.getValue(), AnalysisPlots.WIDTH, AnalysisPlots.HEIGHT), e.getKey()));
            }
        }
        if (figures.isEmpty() && flow != null) {
            AnalysisPlots.Input in = AnalysisPlots.Input.empty();
            double[][] g = series(flow.get("G_t"));
            if (g != null) in = in.withCorrelator(g[0], g[1]);
            double[][] m = series(flow.get("m_eff"));
            if (m != null) in = in.withEffectiveMass(m[0], m[1]);
            for (Map.Entry<String, JFreeChart> e : AnalysisPlots.charts(in).entrySet()) {
                figures.add(Html.pngImage(Charts.png(e.getValue(), AnalysisPlots.WIDTH, AnalysisPlots.HEIGHT), e.getKey()));
            }
        }
        if (figures.isEmpty()) return;
        html.append("<section id=\"plots\"><h2>Plots</h2>\n<div class=\"grid\">\n");
        for (String f : figures) html.append("<figure>").append(f).append("</figure>\n");
        html.append("</div></section>\n");
    }

    /** A JSON list of {value, error} objects as {values, errors}, or null. */
    static double[][] series(Object list) {
        if (!(list instanceof List<?> l) || l.isEmpty()) return null;
        double[][] s = new double[2][l.size()];
        for (int i = 0; i < l.size(); i++) {
            Map<?, ?> m = l.get(i) instanceof Map<?, ?> mm ? mm : null;
            s[0][i] = Json.number(m, "value");
            s[1][i] = Json.number(m, "error");
        }
        return s;
    }
}
