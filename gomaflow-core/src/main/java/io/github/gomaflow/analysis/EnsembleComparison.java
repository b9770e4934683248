package io.github.gomaflow.analysis;

import static io.github.gomaflow.io.Json.key;
import static io.github.gomaflow.io.Json.number;
import static io.github.gomaflow.io.Json.string;

import io.github.gomaflow.BadInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Observable-by-observable agreement of two analysed ensembles (docs/RELIABILITY.md {@code gomaflow compare}):
 * z = (a − b)/sqrt(σ_a² + σ_b²) for every scalar observable both report and for G(t), t = 0…⌊L₀/2⌋
 * (the rest of G(t) repeats by symmetry). A row where either value or error is not finite has z = NaN
 * and does not count.
 *
 * @param a        first result
 * @param b        second result
 * @param rows     one per compared quantity
 * @param maxSigma the threshold
 */
public record EnsembleComparison(AnalysisResult a, AnalysisResult b, List<Row> rows, double maxSigma) {
    /** One compared quantity. */
    public record Row(String name, double valueA, double errorA, double valueB, double errorB) {
        /** (a − b)/sqrt(σ_a² + σ_b²), NaN if not comparable. */
        public double sigma() {
            double e = Math.sqrt(errorA * errorA + errorB * errorB);
            double z = (valueA - valueB) / e;
            return Double.isFinite(z) ? z : (valueA == valueB && e == 0 ? 0 : Double.NaN);
        }
    }

    /**
     * @throws BadInputException if the lattices differ
     */
    public static EnsembleComparison of(AnalysisResult a, AnalysisResult b, double maxSigma) {
        if (!Arrays.equals(a.latticeShape(), b.latticeShape())) {
            throw new BadInputException(b.file() + ": lattice " + AnalysisText.shape(b.latticeShape()) + " differs from "
                    + AnalysisText.shape(a.latticeShape()) + " of " + a.file() + "; only ensembles on the same lattice can be compared");
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, GammaEstimate> e : a.observables().entrySet()) {
            GammaEstimate other = b.observables().get(e.getKey());
            if (other == null) continue;
            rows.add(new Row(e.getKey(), e.getValue().value(), e.getValue().error(), other.value(), other.error()));
        }
        for (int t = 0; t <= a.latticeShape()[0] / 2; t++) {
            GammaEstimate x = a.correlator().get(t), y = b.correlator().get(t);
            rows.add(new Row("G_t[" + t + "]", x.value(), x.error(), y.value(), y.error()));
        }
        if (a.logZ() != null && b.logZ() != null) {
            rows.add(new Row("log_z", a.logZ().value(), a.logZ().error(), b.logZ().value(), b.logZ().error()));
        }
        return new EnsembleComparison(a, b, List.copyOf(rows), maxSigma);
    }

    /** Largest finite |z| (0 if none). */
    public double maxAbsSigma() {
        double m = 0;
        for (Row r : rows) if (Double.isFinite(r.sigma())) m = Math.max(m, Math.abs(r.sigma()));
        return m;
    }

    /** Rows with a finite σ (both sides have a value and an error). */
    public int compared() {
        int n = 0;
        for (Row r : rows) if (Double.isFinite(r.sigma())) n++;
        return n;
    }

    /** True if at least one row was compared and none differs by more than {@code maxSigma}. */
    public boolean agree() { return compared() > 0 && !(maxAbsSigma() > maxSigma); }

    /**
     * Warnings about comparing ensembles of different physics: m² or λ differ (or one side does not
     * record them). Empty when both record the same values.
     */
    public List<String> warnings() {
        List<String> w = new ArrayList<>();
        if (Double.compare(a.mSquared(), b.mSquared()) != 0 || Double.compare(a.lambda(), b.lambda()) != 0) {
            w.add(String.format(Locale.ROOT, "the ensembles are of different actions (A: m2=%s, lam=%s; B: m2=%s, lam=%s);"
                    + " differences in sigma then measure the physics, not the samplers",
                    AnalysisText.num(a.mSquared()), AnalysisText.num(a.lambda()), AnalysisText.num(b.mSquared()), AnalysisText.num(b.lambda())));
        }
        return w;
    }

    /** Text table. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "A  %s  (%d samples)%nB  %s  (%d samples)%n%n", a.file(), a.samples(), b.file(), b.samples()));
        sb.append(String.format(Locale.ROOT, "%-15s %14s %11s %14s %11s %8s%n", "observable", "A", "error", "B", "error", "sigma"));
        for (Row r : rows) {
            double z = r.sigma();
            sb.append(String.format(Locale.ROOT, "%-15s %14s %11s %14s %11s %8s%s%n", r.name(), AnalysisText.num(r.valueA()),
                    AnalysisText.num(r.errorA()), AnalysisText.num(r.valueB()), AnalysisText.num(r.errorB()),
                    Double.isFinite(z) ? String.format(Locale.ROOT, "%+.2f", z) : "n/a",
                    Math.abs(z) > maxSigma ? "  <-- differs" : ""));
        }
        if (compared() == 0) {
            sb.append(String.format(Locale.ROOT, "%nnothing was compared: no observable has a value and an error on both sides%n"));
        } else {
            sb.append(String.format(Locale.ROOT, "%n%d compared, max |sigma| = %.2f  (threshold %.2f): %s%n", compared(),
                    maxAbsSigma(), maxSigma, agree() ? "agree" : "DIFFER"));
        }
        if (a.logZ() != null && b.logZ() != null) {
            double d = a.logZ().value() - b.logZ().value();
            double e = Math.hypot(a.logZ().error(), b.logZ().error());
            sb.append(String.format(Locale.ROOT, "free-energy difference: log Z_A - log Z_B = %s  (F_B - F_A; from the proposals of each file)%n",
                    Rounding.withError(d, e)));
        }
        for (String w : warnings()) sb.append("warning: ").append(w).append(System.lineSeparator());
        return sb.toString();
    }

    /** JSON object: {"a":…, "b":…, "max_sigma":…, "max_abs_sigma":…, "agree":…, "rows":[{"name", "a", "error_a", "b", "error_b", "sigma"}]}. */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{");
        key(sb, "a", true); string(sb, a.file());
        key(sb, "b", false); string(sb, b.file());
        key(sb, "max_sigma", false); number(sb, maxSigma);
        key(sb, "max_abs_sigma", false); number(sb, maxAbsSigma());
        key(sb, "agree", false).append(agree());
        key(sb, "compared", false); number(sb, compared());
        key(sb, "rows", false).append('[');
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            if (i > 0) sb.append(',');
            sb.append('{');
            key(sb, "name", true); string(sb, r.name());
            key(sb, "a", false); number(sb, r.valueA());
            key(sb, "error_a", false); number(sb, r.errorA());
            key(sb, "b", false); number(sb, r.valueB());
            key(sb, "error_b", false); number(sb, r.errorB());
            key(sb, "sigma", false); number(sb, r.sigma());
            sb.append('}');
        }
        return sb.append("]}").toString();
    }
}
