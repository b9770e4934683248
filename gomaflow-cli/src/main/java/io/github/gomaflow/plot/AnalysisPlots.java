package io.github.gomaflow.plot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;

/**
 * The plots of {@code gomaflow analyze --plots DIR}, from plain arrays so that any analysis result
 * can feed them. Every part of {@link Input} may be {@code null}; its plots are then left out.
 */
public final class AnalysisPlots {
    public static final int WIDTH = 800;
    public static final int HEIGHT = 560;

    /** File names, in the order the report shows them. */
    public static final String CORRELATOR = "correlator.png";
    public static final String EFFECTIVE_MASS = "effective_mass.png";
    public static final String PHI_HISTOGRAM = "phi_histogram.png";
    public static final String MAGNETISATION_HISTOGRAM = "magnetisation_histogram.png";
    public static final String AUTOCORRELATION = "autocorrelation.png";
    public static final String ACTION_VS_LOGQ = "action_vs_logq.png";
    public static final String REJECTION_RUNS = "rejection_runs.png";

    private AnalysisPlots() {}

    /**
     * What the plots show. Arrays are not modified; pairs must have equal lengths.
     *
     * @param gValue               G(t), t = 0 … L₀−1
     * @param gError               its error
     * @param mEffValue            m_eff(t) (NaN where undefined)
     * @param mEffError            its error
     * @param phiSample            φ(x) values from the ensemble (any subset of sites × configurations)
     * @param magnetisationDensity M/V per configuration
     * @param rho                  ρ(t) = Γ(t)/Γ(0) of one observable, t = 0, 1, …
     * @param window               the Γ-method's summation window W for it
     * @param rhoObservable        that observable's name
     * @param tauInt               its τ_int (NaN if unknown)
     * @param action               S(φ) of each proposal
     * @param logQ                 log q(φ) of each proposal
     * @param accepted             whether each Metropolis step accepted, in chain order
     * @param plateau              the pole mass and the m_eff window it averages (drawn on the m_eff plot), or null
     * @param hmc                  G(t) and m_eff(t) of an HMC ensemble of the same action, drawn over the flow's, or null
     * @param phiCounted           what the φ histogram counts, e.g. "all 64 sites of 4097 configurations", or null
     */
    public record Input(double[] gValue, double[] gError, double[] mEffValue, double[] mEffError,
                        double[] phiSample, double[] magnetisationDensity,
                        double[] rho, int window, String rhoObservable, double tauInt,
                        double[] action, double[] logQ, boolean[] accepted, Plateau plateau, Overlay hmc, String phiCounted) {
        /** Nothing to plot yet: fill in with the {@code with…} methods. */
        public static Input empty() {
            return new Input(null, null, null, null, null, null, null, -1, null, Double.NaN, null, null, null, null, null, null);
        }

        public Input withCorrelator(double[] value, double[] error) {
            return new Input(value, error, mEffValue, mEffError, phiSample, magnetisationDensity, rho, window,
                    rhoObservable, tauInt, action, logQ, accepted, plateau, hmc, phiCounted);
        }

        public Input withEffectiveMass(double[] value, double[] error) {
            return new Input(gValue, gError, value, error, phiSample, magnetisationDensity, rho, window,
                    rhoObservable, tauInt, action, logQ, accepted, plateau, hmc, phiCounted);
        }

        public Input withHistograms(double[] phi, double[] mOverV) {
            return new Input(gValue, gError, mEffValue, mEffError, phi, mOverV, rho, window, rhoObservable, tauInt,
                    action, logQ, accepted, plateau, hmc, phiCounted);
        }

        public Input withAutocorrelation(double[] rhoOfT, int w, String observable, double tau) {
            return new Input(gValue, gError, mEffValue, mEffError, phiSample, magnetisationDensity, rhoOfT, w,
                    observable, tau, action, logQ, accepted, plateau, hmc, phiCounted);
        }

        public Input withPlateau(Plateau p) {
            return new Input(gValue, gError, mEffValue, mEffError, phiSample, magnetisationDensity, rho, window,
                    rhoObservable, tauInt, action, logQ, accepted, p, hmc, phiCounted);
        }

        public Input withHmc(Overlay o) {
            return new Input(gValue, gError, mEffValue, mEffError, phiSample, magnetisationDensity, rho, window,
                    rhoObservable, tauInt, action, logQ, accepted, plateau, o, phiCounted);
        }

        public Input withPhiCounted(String what) {
            return new Input(gValue, gError, mEffValue, mEffError, phiSample, magnetisationDensity, rho, window,
                    rhoObservable, tauInt, action, logQ, accepted, plateau, hmc, what);
        }

        public Input withChain(double[] actionOfProposals, double[] logQOfProposals, boolean[] acceptedSteps) {
            return new Input(gValue, gError, mEffValue, mEffError, phiSample, magnetisationDensity, rho, window,
                    rhoObservable, tauInt, actionOfProposals, logQOfProposals, acceptedSteps, plateau, hmc, phiCounted);
        }
    }

    /** The pole mass (value ± error) and the window t = tMin … tMax of m_eff it averages. */
    public record Plateau(double value, double error, int tMin, int tMax) {}

    /** Another ensemble's G(t) and m_eff(t) (same layout as the Input's) to draw over the first. */
    public record Overlay(String label, double[] gValue, double[] gError, double[] mEffValue, double[] mEffError) {}

    /** The charts {@code in} has data for, keyed by file name, in report order. */
    public static Map<String, JFreeChart> charts(Input in) {
        Map<String, JFreeChart> charts = new LinkedHashMap<>();
        if (in.gValue() != null) {
            JFreeChart g = CorrelatorCharts.correlator(in.gValue(), in.gError());
            if (in.hmc() != null && in.hmc().gValue() != null) CorrelatorCharts.overlay(g, in.hmc().label(), in.hmc().gValue(), in.hmc().gError(), true);
            charts.put(CORRELATOR, g);
        }
        if (in.mEffValue() != null) {
            JFreeChart m = CorrelatorCharts.effectiveMass(in.mEffValue(), in.mEffError());
            if (in.hmc() != null && in.hmc().mEffValue() != null) {
                CorrelatorCharts.overlay(m, in.hmc().label(), in.hmc().mEffValue(), in.hmc().mEffError(), false);
            }
            if (in.plateau() != null) CorrelatorCharts.plateau(m, in.plateau());
            charts.put(EFFECTIVE_MASS, m);
        }
        if (in.phiSample() != null) {
            JFreeChart h = EnsembleCharts.histogram("Distribution of φ(x)", "φ(x)", in.phiSample(), 0);
            if (in.phiCounted() != null) Charts.subtitle(h, "counted: " + in.phiCounted());
            charts.put(PHI_HISTOGRAM, h);
        }
        if (in.magnetisationDensity() != null) {
            charts.put(MAGNETISATION_HISTOGRAM,
                    EnsembleCharts.histogram("Distribution of the magnetisation density", "M/V", in.magnetisationDensity(), 0));
        }
        if (in.rho() != null) {
            String name = in.rhoObservable() == null ? "the observable" : in.rhoObservable();
            charts.put(AUTOCORRELATION, CorrelatorCharts.autocorrelation(in.rho(), in.window(), name, in.tauInt()));
        }
        if (in.action() != null && in.logQ() != null) {
            charts.put(ACTION_VS_LOGQ, EnsembleCharts.actionVsLogQ(in.action(), in.logQ(), "configurations"));
        }
        if (in.accepted() != null) charts.put(REJECTION_RUNS, EnsembleCharts.rejectionRuns(in.accepted()));
        return charts;
    }

    /**
     * Writes every plot {@code in} has data for into {@code dir} (created if needed), as PNGs of
     * {@link #WIDTH} × {@link #HEIGHT}.
     *
     * @return the files written, in report order
     */
    public static List<Path> write(Path dir, Input in) throws IOException {
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, JFreeChart> e : charts(in).entrySet()) {
            written.add(Charts.savePng(e.getValue(), dir.resolve(e.getKey()), WIDTH, HEIGHT));
        }
        return written;
    }
}
