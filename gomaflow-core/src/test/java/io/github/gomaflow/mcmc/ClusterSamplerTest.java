package io.github.gomaflow.mcmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.action.FreeField;
import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.io.EnsembleReader;
import io.github.gomaflow.io.EnsembleWriter;
import io.github.gomaflow.io.ProgressListener;
import io.github.gomaflow.lattice.Lattice;
import io.github.gomaflow.rng.Streams;
import java.io.IOException;
import java.nio.file.Path;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactness of the embedded-Ising cluster sampler: agreement in σ with numerical integration on
 * tiny lattices (where the sign correlations depend directly on the bond probability), with the
 * free field and with the published tutorial point.
 */
class ClusterSamplerTest {
    private static final int BLOCKS = 100;

    /** Observables per step: accumulated into block means, error = std of the block means / √blocks. */
    private static final class BlockMeans {
        final double[][] blocks;
        final int perBlock;
        int count;

        BlockMeans(int observables, int steps) {
            blocks = new double[observables][BLOCKS];
            perBlock = steps / BLOCKS;
        }

        void add(double... values) {
            int b = count++ / perBlock;
            for (int k = 0; k < values.length; k++) blocks[k][b] += values[k] / perBlock;
        }

        double mean(int k) {
            double s = 0;
            for (double v : blocks[k]) s += v;
            return s / BLOCKS;
        }

        double error(int k) {
            double m = mean(k);
            double s = 0;
            for (double v : blocks[k]) s += (v - m) * (v - m);
            return Math.sqrt(s / (BLOCKS - 1) / BLOCKS);
        }
    }

    /** Runs steps of (one Metropolis sweep + clusters Wolff flips) and measures ⟨φ₀²⟩, ⟨φ₀φ₁⟩, ⟨|M|⟩. */
    private static BlockMeans run(ScalarPhi4Action action, double delta, int clusters, int steps, long seed) {
        ClusterSampler s = new ClusterSampler(action);
        s.setStepSize(delta);
        RandomGenerator rng = Streams.stream(seed, "test");
        for (int i = 0; i < 2000; i++) {
            s.metropolisSweep(rng);
            for (int c = 0; c < clusters; c++) s.wolffFlip(rng);
        }
        BlockMeans m = new BlockMeans(3, steps);
        double[] phi = s.field();
        for (int i = 0; i < steps; i++) {
            s.metropolisSweep(rng);
            for (int c = 0; c < clusters; c++) s.wolffFlip(rng);
            double sum = 0;
            for (double v : phi) sum += v;
            m.add(phi[0] * phi[0], phi[0] * phi[1], Math.abs(sum));
        }
        return m;
    }

    /** ⟨φ₀²⟩, ⟨φ₀φ₁⟩, ⟨|M|⟩ under e^{−S} by the midpoint rule on [−R, R]^V (V = 2 or 3). */
    private static double[] quadrature(ScalarPhi4Action action, double r, int points) {
        int v = action.lattice().volume();
        double h = 2 * r / points;
        double[] phi = new double[v];
        double[] s = new double[1];
        double z = 0, phi2 = 0, phi01 = 0, absM = 0;
        int total = 1;
        for (int k = 0; k < v; k++) total *= points;
        for (int idx = 0; idx < total; idx++) {
            int rest = idx;
            double sum = 0;
            for (int k = 0; k < v; k++) {
                phi[k] = -r + h * (rest % points + 0.5);
                rest /= points;
                sum += phi[k];
            }
            action.action(phi, 1, s);
            double w = Math.exp(-s[0]);
            z += w;
            phi2 += w * phi[0] * phi[0];
            phi01 += w * phi[0] * phi[1];
            absM += w * Math.abs(sum);
        }
        return new double[] {phi2 / z, phi01 / z, absM / z};
    }

    private static void assertAgrees(double[] exact, BlockMeans m, String what) {
        for (int k = 0; k < exact.length; k++) {
            double pull = (m.mean(k) - exact[k]) / m.error(k);
            assertTrue(Math.abs(pull) < 4, what + " observable " + k + ": " + m.mean(k) + " ± " + m.error(k)
                    + " vs exact " + exact[k] + " (" + pull + " sigma)");
        }
    }

    @Test void twoSitesDoubleWellMatchesNumericalIntegration() {
        // d = 1, L = 2: both links join the same pair of sites, S = −24(φ₀² + φ₁²) + 48(φ₀⁴ + φ₁⁴) − 4φ₀φ₁.
        // Each site sits in a well at φ² ≈ 1/4 with a barrier of 3 at φ = 0, which a Metropolis step of 0.05
        // does not cross in practice: the weights of the aligned and anti-aligned sign sectors (ratio ≈ e²)
        // come from the cluster flips alone, so a wrong bond probability biases ⟨φ₀φ₁⟩ and ⟨|M|⟩.
        ScalarPhi4Action action = new ScalarPhi4Action(new Lattice(2), -26.0, 48.0);
        double[] exact = quadrature(action, 1.5, 1200);
        assertAgrees(exact, run(action, 0.05, 1, 200_000, 1), "V=2");
    }

    @Test void threeSiteRingMatchesNumericalIntegration() {
        // d = 1, L = 3: a ring of three sites, each pair joined by one link
        ScalarPhi4Action action = new ScalarPhi4Action(new Lattice(3), -1.5, 1.0);
        double[] exact = quadrature(action, 5, 200);
        assertAgrees(exact, run(action, 0.3, 2, 200_000, 2), "V=3");
    }

    @Test void freeFieldMatchesTheExactPropagator() {
        ScalarPhi4Action action = new ScalarPhi4Action(Lattice.hypercubic(2, 4), 0.5, 0.0);
        FreeField exact = new FreeField(action.lattice(), 0.5);
        BlockMeans m = run(action, 1.0, 2, 100_000, 3);
        double pull = (m.mean(0) - exact.phi2()) / m.error(0);
        assertTrue(Math.abs(pull) < 4, m.mean(0) + " ± " + m.error(0) + " vs " + exact.phi2());
    }

    @Test void tutorialPointReproducesThePublishedSusceptibility(@TempDir Path dir) throws IOException {
        // examples/example2d.toml: L = 8, m² = −4, λ = 8; χ₂ = Σ_x ⟨φ(0)φ(x)⟩ = ⟨M²⟩/V = 0.75 ± 0.01 (arXiv:2101.08176)
        ScalarPhi4Action action = new ScalarPhi4Action(Lattice.hypercubic(2, 8), -4.0, 8.0);
        Path file = dir.resolve("c.npz");
        int n = 20_000;
        ClusterChain.Result r;
        try (EnsembleWriter w = new EnsembleWriter(file, action.lattice(), -4.0, 8.0, EnsembleWriter.Source.CLUSTER, n)) {
            r = ClusterChain.run(action, ClusterChain.Options.defaults(), n, 7, w, ProgressListener.NONE, () -> false);
        }
        assertEquals(n, r.chain().samples());
        assertTrue(r.siteAcceptance() > 0.3 && r.siteAcceptance() < 0.7, "tuned site acceptance " + r.siteAcceptance());
        BlockMeans m = new BlockMeans(1, n);
        try (EnsembleReader e = EnsembleReader.open(file)) {
            assertEquals(EnsembleReader.SOURCE_CLUSTER, e.source());
            float[] cfg = new float[64];
            for (int i = 0; i < n; i++) {
                assertEquals(1, e.read(cfg, 1));
                double sum = 0;
                for (float v : cfg) sum += v;
                m.add(sum * sum / 64);
            }
        }
        double pull = (m.mean(0) - 0.75) / Math.hypot(m.error(0), 0.01);
        assertTrue(Math.abs(pull) < 3, "chi2 " + m.mean(0) + " ± " + m.error(0) + " vs 0.75 ± 0.01");
    }

    @Test void sameSeedSameChainOtherSeedOtherChain() throws IOException {
        ScalarPhi4Action action = new ScalarPhi4Action(new Lattice(4, 3, 2), -1.0, 0.7);
        var o = new ClusterChain.Options(50, 2, 0);
        // the recorded −S of every step: equal for equal seeds, different otherwise
        assertArrayEquals(actions(action, o, 11), actions(action, o, 11));
        assertFalse(java.util.Arrays.equals(actions(action, o, 11), actions(action, o, 12)));
    }

    private static double[] actions(ScalarPhi4Action action, ClusterChain.Options o, long seed) throws IOException {
        Path tmp = java.nio.file.Files.createTempDirectory("cluster");
        Path file = tmp.resolve("e.npz");
        try (EnsembleWriter w = new EnsembleWriter(file, action.lattice(), -1.0, 0.7, EnsembleWriter.Source.CLUSTER, 30)) {
            ClusterChain.run(action, o, 30, seed, w, ProgressListener.NONE, () -> false);
        }
        try (EnsembleReader e = EnsembleReader.open(file)) {
            double[] out = e.logP().clone();
            java.nio.file.Files.delete(file);
            java.nio.file.Files.delete(tmp);
            return out;
        }
    }

    @Test void clustersPerSweepCoverTheLattice() {
        assertEquals(4, ClusterChain.clustersFor(64, 16.0));
        assertEquals(5, ClusterChain.clustersFor(64, 15.0));
        assertEquals(1, ClusterChain.clustersFor(64, 64.0));
        assertEquals(1, ClusterChain.clustersFor(64, Double.NaN));
    }
}
