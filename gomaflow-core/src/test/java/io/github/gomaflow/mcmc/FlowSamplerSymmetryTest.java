package io.github.gomaflow.mcmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.io.EnsembleReader;
import io.github.gomaflow.io.EnsembleWriter;
import io.github.gomaflow.io.ProgressListener;
import io.github.gomaflow.lattice.Lattice;
import java.io.IOException;
import java.nio.file.Path;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Symmetrised proposals and sign flips with a proposal that prefers one sign (a Gaussian shifted to
 * +μ at every site), in the broken phase on a 2×2 lattice: the plain chain stays on one sign, the
 * symmetric ones visit both, and the recorded log q is the density the Metropolis ratio used.
 */
class FlowSamplerSymmetryTest {
    static final double MU = 1.0, SIGMA = 0.45;
    @TempDir Path dir;

    /** φ_site = μ + σ ξ, independent sites; exact log-density. */
    static final class ShiftedGaussian implements ProposalSource {
        final int volume;

        ShiftedGaussian(int volume) { this.volume = volume; }

        @Override public int volume() { return volume; }

        @Override public void propose(RandomGenerator rng, float[] phi, int batch, double[] logQ) {
            for (int b = 0; b < batch; b++) {
                for (int site = 0; site < volume; site++) phi[site * batch + b] = (float) (MU + SIGMA * rng.nextGaussian());
            }
            density(phi, batch, logQ, 1);
        }

        @Override public void mirrorLogDensity(float[] phi, int batch, double[] logQMirror) {
            density(phi, batch, logQMirror, -1);
        }

        @Override public void logDensityAt(float[] phi, int batch, double[] logQ) {
            density(phi, batch, logQ, 1);
        }

        void density(float[] phi, int batch, double[] out, int sign) {
            for (int b = 0; b < batch; b++) out[b] = logQ(phi, batch, b, sign);
        }

        double logQ(float[] phi, int batch, int b, int sign) {
            double s = 0;
            for (int site = 0; site < volume; site++) {
                double x = sign * phi[site * batch + b] - MU;
                s += -0.5 * Math.log(2 * Math.PI * SIGMA * SIGMA) - x * x / (2 * SIGMA * SIGMA);
            }
            return s;
        }
    }

    private double[] run(boolean symmetrize, boolean flip, Path file) throws IOException {
        Lattice l = new Lattice(2, 2);
        ScalarPhi4Action action = new ScalarPhi4Action(l, -4.0, 5.0);
        FlowSampler sampler = new FlowSampler(new ShiftedGaussian(l.volume()), action, 64).withSymmetry(symmetrize, flip);
        int n = 20_000;
        try (EnsembleWriter w = new EnsembleWriter(file, l, -4.0, 5.0, EnsembleWriter.Source.FLOW, n)) {
            sampler.run(n, 100, 7, w, ProgressListener.NONE, () -> false);
        }
        try (EnsembleReader r = EnsembleReader.open(file)) {
            float[] cfg = new float[n * 4];
            r.read(cfg, n);
            double sumM = 0, sumAbs = 0, maxDev = 0;
            ShiftedGaussian q = new ShiftedGaussian(4);
            for (int i = 0; i < n; i++) {
                double m = 0;
                float[] one = new float[4];
                for (int s = 0; s < 4; s++) { one[s] = cfg[i * 4 + s]; m += one[s]; }
                sumM += m;
                sumAbs += Math.abs(m);
                double plus = q.logQ(one, 1, 0, 1), minus = q.logQ(one, 1, 0, -1);
                double hi = Math.max(plus, minus);
                double expected = symmetrize ? hi + Math.log1p(Math.exp(Math.min(plus, minus) - hi)) - Math.log(2) : plus;
                maxDev = Math.max(maxDev, Math.abs(r.logQ()[i] - expected) / Math.max(1, Math.abs(expected)));
            }
            assertTrue(r.proposalLogQ() != null && r.proposalLogQ().length == n, "proposals recorded for the free energy");
            return new double[] {sumM / sumAbs, maxDev};
        }
    }

    /**
     * A composite chain (flow step + 2 HMC trajectories) with a poor proposal density (shifted to +μ) at a
     * double-well point on 2×2 (m² = −1, λ = 0.5): ⟨φ²⟩ and ⟨M⟩ agree with a long HMC chain within 4σ of the
     * combined Γ-method error, and the recorded log q is q of the recorded (moved) state.
     */
    static final double MIX_M2 = -1.0, MIX_LAMBDA = 0.5;

    @Test void aCompositeChainIsExact() throws IOException {
        Lattice l = new Lattice(2, 2);
        ScalarPhi4Action action = new ScalarPhi4Action(l, MIX_M2, MIX_LAMBDA);
        Path file = dir.resolve("mix.npz");
        int n = 40_000;
        FlowSampler sampler = new FlowSampler(new ShiftedGaussian(4), action, 64).withHmcMoves(1, 4);
        try (EnsembleWriter w = new EnsembleWriter(file, l, MIX_M2, MIX_LAMBDA, EnsembleWriter.Source.FLOW, n)) {
            sampler.run(n, 100, 11, w, ProgressListener.NONE, () -> false);
        }
        double[] phi2 = new double[n], m = new double[n];
        double maxDev = 0;
        try (EnsembleReader r = EnsembleReader.open(file)) {
            float[] cfg = new float[n * 4];
            r.read(cfg, n);
            ShiftedGaussian q = new ShiftedGaussian(4);
            for (int i = 0; i < n; i++) {
                float[] one = new float[4];
                for (int s = 0; s < 4; s++) {
                    one[s] = cfg[i * 4 + s];
                    phi2[i] += one[s] * one[s] / 4;
                    m[i] += one[s] / 4;
                }
                maxDev = Math.max(maxDev, Math.abs(r.logQ()[i] - q.logQ(one, 1, 0, 1)) / Math.max(1, Math.abs(r.logQ()[i])));
            }
        }
        // reference: a long HMC chain of the same action
        Hmc hmc = new Hmc(action, Integrator.LEAPFROG, 1.0, 10);
        hmc.setMoves(true, false);
        java.util.random.RandomGenerator rng = io.github.gomaflow.rng.Streams.stream(5, "test-mix-reference");
        int nr = 200_000;
        double[] rphi2 = new double[nr], rm = new double[nr];
        for (int i = 0; i < 1000; i++) hmc.trajectory(rng);
        for (int i = 0; i < nr; i++) {
            hmc.trajectory(rng);
            for (double f : hmc.field()) { rphi2[i] += f * f / 4; rm[i] += f / 4; }
        }
        for (double[][] pair : new double[][][] {{phi2, rphi2}, {m, rm}}) {
            var a = io.github.gomaflow.analysis.GammaMethod.estimate(pair[0], pair[0].length, 1.5);
            var b = io.github.gomaflow.analysis.GammaMethod.estimate(pair[1], pair[1].length, 1.5);
            assertEquals(b.value(), a.value(), 4 * Math.hypot(a.error(), b.error()), "composite vs HMC");
        }
        assertTrue(maxDev < 1e-5, "log q of the moved state " + maxDev);
    }

    @Test void thePlainChainKeepsOneSignTheSymmetricChainsVisitBoth() throws IOException {
        double[] plain = run(false, false, dir.resolve("plain.npz"));
        double[] sym = run(true, false, dir.resolve("sym.npz"));
        double[] flip = run(false, true, dir.resolve("flip.npz"));
        double[] both = run(true, true, dir.resolve("both.npz"));
        assertTrue(plain[0] > 0.9, "plain chain: <M>/<|M|> = " + plain[0]);
        // 20000 steps with flips: <M>/<|M|> is 0 up to its statistical error (well below 0.05)
        assertEquals(0, sym[0], 0.05, "symmetrised");
        assertEquals(0, flip[0], 0.05, "flipped");
        assertEquals(0, both[0], 0.05, "both");
        // the recorded log q is the proposal density of the state: q for flips, q_sym for symmetrised proposals
        for (double[] r : new double[][] {plain, sym, flip, both}) assertTrue(r[1] < 1e-5, "log q mismatch " + r[1]);
    }
}
