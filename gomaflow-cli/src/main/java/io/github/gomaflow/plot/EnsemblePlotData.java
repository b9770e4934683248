package io.github.gomaflow.plot;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.analysis.AnalysisResult;
import io.github.gomaflow.analysis.GammaEstimate;
import io.github.gomaflow.analysis.GammaMethod;
import io.github.gomaflow.io.EnsembleReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Collects what {@link AnalysisPlots} draws for {@code gomaflow analyze --plots}: G(t) and m_eff(t)
 * from the analysis result, and — in one more streaming pass over the ensemble (memory O(n), not
 * O(n·V)) — the series M/V per configuration, a subsample of φ(x), ρ(t) of |M|/V with its Γ-method
 * window, and the per-sample S, log q and accept flags.
 */
public final class EnsemblePlotData {
    /** At most this many φ(x) values go into the histogram (whole configurations, evenly spaced). */
    static final int MAX_PHI_VALUES = 1 << 18;
    /** ρ(t) is drawn up to max(3W, 20) lags, at most this many. */
    static final int MAX_LAGS = 1000;
    private static final int CHUNK_CONFIGS = 256;

    private EnsemblePlotData() {}

    /**
     * @param r       the analysis of {@code ensemble}
     * @param therm   configurations skipped at the start (as in the analysis)
     * @param sFactor Wolff's S used for the window (as in the analysis)
     */
    public static AnalysisPlots.Input from(AnalysisResult r, Path ensemble, int therm, double sFactor) {
        AnalysisPlots.Input in = AnalysisPlots.Input.empty().withCorrelator(values(r.correlator()), errors(r.correlator()));
        int lt = r.latticeShape()[0];
        double[] mv = new double[lt];
        double[] me = new double[lt];
        Arrays.fill(mv, Double.NaN);
        Arrays.fill(me, Double.NaN);
        for (int t = 1; t <= r.effectiveMass().size(); t++) {
            mv[t] = r.effectiveMass().get(t - 1).value();
            me[t] = r.effectiveMass().get(t - 1).error();
        }
        in = in.withEffectiveMass(mv, me);
        GammaEstimate pole = r.observables().get("pole_mass");
        if (pole != null && r.poleWindow()[0] > 0) {
            in = in.withPlateau(new AnalysisPlots.Plateau(pole.value(), pole.error(), r.poleWindow()[0], r.poleWindow()[1]));
        }
        try (EnsembleReader reader = EnsembleReader.open(ensemble)) {
            return fromEnsemble(in, reader, therm, sFactor);
        } catch (IOException e) {
            throw new BadInputException(ensemble + ": cannot read ensemble (" + e.getMessage() + ")", e);
        }
    }

    private static AnalysisPlots.Input fromEnsemble(AnalysisPlots.Input in, EnsembleReader reader, int therm, double sFactor)
            throws IOException {
        int v = reader.lattice().volume();
        int n = reader.size() - therm;
        float[] buf = new float[CHUNK_CONFIGS * v];
        reader.skip(therm, buf);
        int phiEvery = (int) Math.max(1, (long) n * v / MAX_PHI_VALUES);
        double[] m = new double[n];
        double[] phi = new double[(int) Math.min((long) MAX_PHI_VALUES + v, (long) ((n + phiEvery - 1) / phiEvery) * v)];
        int phiCount = 0;
        int done = 0;
        while (done < n) {
            int got = reader.read(buf, Math.min(CHUNK_CONFIGS, n - done));
            if (got == 0) break;
            for (int c = 0; c < got; c++) {
                double sum = 0;
                for (int s = 0; s < v; s++) sum += buf[c * v + s];
                m[done + c] = sum / v;
                if ((done + c) % phiEvery == 0 && phiCount + v <= phi.length) {
                    for (int s = 0; s < v; s++) phi[phiCount++] = buf[c * v + s];
                }
            }
            done += got;
        }
        in = in.withHistograms(Arrays.copyOf(phi, phiCount), m).withPhiCounted(phiEvery == 1
                ? String.format(java.util.Locale.ROOT, "φ at all %d sites of each of the %d configurations", v, n)
                : String.format(java.util.Locale.ROOT, "φ at all %d sites of every %d-th configuration (%d of %d)", v, phiEvery,
                        phiCount / v, n));
        double[] absM = new double[n];
        for (int i = 0; i < n; i++) absM[i] = Math.abs(m[i]);
        GammaEstimate g = GammaMethod.estimate(absM, n, sFactor);
        double[] gamma = GammaMethod.autocovariances(n, absM, null)[0];
        int lags = Math.min(gamma.length, Math.min(MAX_LAGS, Math.max(3 * g.window(), 20) + 1));
        double[] rho = new double[lags];
        for (int t = 0; t < lags; t++) rho[t] = gamma[0] > 0 ? gamma[t] / gamma[0] : Double.NaN;
        in = in.withAutocorrelation(rho, g.window(), "|M|/V", g.tauInt());
        return in.withChain(tail(negated(reader.logP()), therm), tail(reader.logQ(), therm), tail(reader.accepted(), therm));
    }

    /** G(t) and m_eff(t) of another ensemble (e.g. HMC) in the layout of {@link #from}, to overlay. */
    public static AnalysisPlots.Overlay overlay(String label, AnalysisResult r) {
        int lt = r.latticeShape()[0];
        double[] mv = new double[lt];
        double[] me = new double[lt];
        Arrays.fill(mv, Double.NaN);
        Arrays.fill(me, Double.NaN);
        for (int t = 1; t <= r.effectiveMass().size(); t++) {
            mv[t] = r.effectiveMass().get(t - 1).value();
            me[t] = r.effectiveMass().get(t - 1).error();
        }
        return new AnalysisPlots.Overlay(label, values(r.correlator()), errors(r.correlator()), mv, me);
    }

    private static double[] values(List<GammaEstimate> l) {
        return l.stream().mapToDouble(GammaEstimate::value).toArray();
    }

    private static double[] errors(List<GammaEstimate> l) {
        return l.stream().mapToDouble(GammaEstimate::error).toArray();
    }

    /** −a (S from log p = −S), or null. */
    private static double[] negated(double[] a) {
        if (a == null) return null;
        double[] s = new double[a.length];
        for (int i = 0; i < a.length; i++) s[i] = -a[i];
        return s;
    }

    /** a without its first {@code skip} entries; null if a is null or holds no finite value. */
    static double[] tail(double[] a, int skip) {
        if (a == null || Arrays.stream(a).noneMatch(Double::isFinite)) return null;
        return Arrays.copyOfRange(a, Math.min(skip, a.length), a.length);
    }

    private static boolean[] tail(boolean[] a, int skip) {
        return a == null ? null : Arrays.copyOfRange(a, Math.min(skip, a.length), a.length);
    }
}
