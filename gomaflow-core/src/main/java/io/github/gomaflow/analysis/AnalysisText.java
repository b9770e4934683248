package io.github.gomaflow.analysis;

import java.util.Locale;
import java.util.Map;

/** The human-readable {@code gomaflow analyze} report: observables, G(t) and m_eff(t) tables. */
public final class AnalysisText {
    private AnalysisText() {}

    /** Multi-line report ending in a newline. */
    public static String format(AnalysisResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "ensemble   %s%n", r.file()));
        sb.append(String.format(Locale.ROOT, "lattice    %s   source %s   m2 %s   lam %s%n", shape(r.latticeShape()),
                switch (r.source()) { case 0 -> "flow"; case 1 -> "hmc"; case 2 -> "cluster"; default -> "unknown"; },
                num(r.mSquared()), num(r.lambda())));
        sb.append(String.format(Locale.ROOT, "samples    %d analysed (%d in file, %d skipped)   acceptance %s   jackknife bin %d%n",
                r.samples(), r.totalSamples(), r.thermalization(), num(r.acceptance()), r.binSize()));
        sb.append(String.format(Locale.ROOT, "%n%-15s %14s %12s %9s %9s %9s%n", "observable", "value", "error", "tau_int",
                "d tau", "tau_GF"));
        for (Map.Entry<String, GammaEstimate> e : r.observables().entrySet()) {
            GammaEstimate g = e.getValue();
            sb.append(String.format(Locale.ROOT, "%-15s %14s %12s %9s %9s %9s%n", e.getKey(), num(g.value()), num(g.error()),
                    fixed(g.tauInt()), fixed(g.tauIntError()), fixed(g.tauIntMadrasSokal())));
        }
        if (r.poleWindow()[0] > 0) {
            sb.append(String.format(Locale.ROOT, "(pole_mass: weighted m_eff over t = %d..%d; binder, chi_connected, xi2,"
                    + " pole_mass by jackknife)%n", r.poleWindow()[0], r.poleWindow()[1]));
        }
        sb.append(String.format(Locale.ROOT, "%n%3s %14s %12s %9s   %14s %12s%n", "t", "G(t)", "error", "tau_int", "m_eff(t)", "error"));
        for (int t = 0; t < r.correlator().size(); t++) {
            GammaEstimate g = r.correlator().get(t);
            String m = "", me = "";
            if (t >= 1 && t <= r.effectiveMass().size()) {
                m = num(r.effectiveMass().get(t - 1).value());
                me = num(r.effectiveMass().get(t - 1).error());
            }
            sb.append(String.format(Locale.ROOT, "%3d %14s %12s %9s   %14s %12s%n", t, num(g.value()), num(g.error()),
                    fixed(g.tauInt()), m, me));
        }
        sb.append(String.format(Locale.ROOT, "%nanalysis took %.2f s%n", r.seconds()));
        return sb.toString();
    }

    static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "n/a";
    }

    static String fixed(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "-";
    }

    static String shape(int[] s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length; i++) sb.append(i > 0 ? "x" : "").append(s[i]);
        return sb.toString();
    }
}
