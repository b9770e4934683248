package io.github.gomaflow.mcmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.io.EnsembleWriter;
import io.github.gomaflow.io.NpzTestSupport;
import io.github.gomaflow.io.ProgressListener;
import io.github.gomaflow.lattice.Lattice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowSamplerTest {
    @TempDir Path dir;

    /** i.i.d. N(0, σ²) per site with its exact log-density. */
    static final class GaussianProposals implements ProposalSource {
        final int volume;
        final double sigma;

        GaussianProposals(int volume, double sigma) { this.volume = volume; this.sigma = sigma; }

        @Override public int volume() { return volume; }

        @Override public void propose(RandomGenerator rng, float[] phi, int batch, double[] logQ) {
            double norm = -Math.log(sigma * Math.sqrt(2 * Math.PI));
            Arrays.fill(logQ, 0, batch, 0.0);
            for (int i = 0; i < volume * batch; i++) {
                phi[i] = (float) (sigma * rng.nextGaussian());
                double x = phi[i] / sigma;
                logQ[i % batch] += norm - 0.5 * x * x;
            }
        }
    }

    @Test void correctsAWrongProposalToTheFreeFieldSusceptibility() throws IOException {
        // free field in 1D, L = 4, m² = 1: χ₂ = ⟨M²⟩/V = 1/(2m²) = 0.5; the proposal alone gives σ² = 0.25
        Lattice lattice = new Lattice(4);
        ScalarPhi4Action free = new ScalarPhi4Action(lattice, 1.0, 0.0);
        FlowSampler sampler = new FlowSampler(new GaussianProposals(4, 0.5), free, 256);
        int n = 100_000;
        Path f = dir.resolve("free.npz");
        ChainSummary summary;
        try (EnsembleWriter w = new EnsembleWriter(f, lattice, 1.0, 0.0, EnsembleWriter.Source.FLOW, n)) {
            summary = sampler.run(n, 100, 42, w, ProgressListener.NONE, () -> false);
        }
        assertEquals(n, summary.samples());
        assertTrue(summary.acceptance() > 0.2 && summary.acceptance() < 0.9, "acceptance " + summary.acceptance());
        ByteBuffer cfgs = NpzTestSupport.readNpz(f).get("cfgs.npy").data();
        double[] chi = new double[n];
        for (int i = 0; i < n; i++) {
            double m = 0;
            for (int s = 0; s < 4; s++) m += cfgs.getFloat(4 * (4 * i + s));
            chi[i] = m * m / 4;
        }
        double[] est = HmcTest.binnedMean(chi, 1000);
        assertEquals(0.5, est[0], 3 * est[1], "χ₂ = " + est[0] + " ± " + est[1]);
        assertTrue(Math.abs(est[0] - 0.25) > 5 * est[1], "the test must be able to tell the proposal from the target");
    }

    @Test void exactProposalsAreAlwaysAccepted() throws IOException {
        Lattice lattice = new Lattice(3, 4);
        ScalarPhi4Action a = new ScalarPhi4Action(lattice, -1.0, 0.5);
        GaussianProposals g = new GaussianProposals(12, 1.0);
        double[] s = new double[64];
        // log q := −S + 7 makes every weight equal: the chain must accept everything
        ProposalSource exact = new ProposalSource() {
            @Override public int volume() { return 12; }

            @Override public void propose(RandomGenerator rng, float[] phi, int batch, double[] logQ) {
                g.propose(rng, phi, batch, logQ);
                a.action(phi, batch, s);
                for (int b = 0; b < batch; b++) logQ[b] = -s[b] + 7;
            }
        };
        ChainSummary r = new FlowSampler(exact, a, 64).run(1000, 0, 1, null, ProgressListener.NONE, () -> false);
        assertEquals(1.0, r.acceptance());
        assertEquals(0, r.longestRejectionRun());
        assertEquals(0.5, r.tauAcc(), 1e-15);
    }

    private Map<String, NpzTestSupport.Npy> chain(String name, long n, long therm, long seed) throws IOException {
        Lattice lattice = new Lattice(2, 3);
        ScalarPhi4Action a = new ScalarPhi4Action(lattice, 0.5, 0.5);
        Path f = dir.resolve(name);
        try (EnsembleWriter w = new EnsembleWriter(f, lattice, 0.5, 0.5, EnsembleWriter.Source.FLOW, n)) {
            ChainSummary r = new FlowSampler(new GaussianProposals(6, 0.5), a, 100)
                    .run(n, therm, seed, w, ProgressListener.NONE, () -> false);
            assertEquals(n, r.samples());
            assertTrue(r.acceptance() > 0.05 && r.acceptance() < 0.95, "acceptance " + r.acceptance());
        }
        return NpzTestSupport.readNpz(f);
    }

    private static byte[] bytes(NpzTestSupport.Npy npy, long from, long to, int recordBytes) {
        ByteBuffer d = npy.data().duplicate();
        byte[] out = new byte[(int) ((to - from) * recordBytes)];
        d.position((int) (from * recordBytes)).get(out);
        return out;
    }

    @Test void thermalisationDropsAPrefixAndShorterChainsArePrefixes() throws IOException {
        var full = chain("full.npz", 450, 0, 9);
        var therm = chain("therm.npz", 200, 250, 9);
        var shorter = chain("short.npz", 333, 0, 9);
        var other = chain("other.npz", 333, 0, 10);
        String[] names = {"cfgs.npy", "log_q.npy", "log_p.npy", "accepted.npy"};
        int[] sizes = {6 * 4, 8, 8, 1};
        for (int k = 0; k < names.length; k++) {
            assertArrayEquals(bytes(full.get(names[k]), 250, 450, sizes[k]), bytes(therm.get(names[k]), 0, 200, sizes[k]),
                    names[k]);
            assertArrayEquals(bytes(full.get(names[k]), 0, 333, sizes[k]), bytes(shorter.get(names[k]), 0, 333, sizes[k]),
                    names[k]);
        }
        assertTrue(!Arrays.equals(bytes(full.get("log_p.npy"), 0, 333, 8), bytes(other.get("log_p.npy"), 0, 333, 8)),
                "another seed must give another chain");
    }

    @Test void recordedStateIsConsistentWithTheDecisions() throws IOException {
        var e = chain("c.npz", 500, 0, 3);
        ByteBuffer acc = e.get("accepted.npy").data();
        ByteBuffer lp = e.get("log_p.npy").data();
        ByteBuffer cfg = e.get("cfgs.npy").data();
        assertEquals(1, acc.get(0), "the first proposal starts the chain");
        int rejections = 0;
        for (int i = 1; i < 500; i++) {
            if (acc.get(i) == 0) {
                rejections++;
                assertEquals(lp.getDouble(8 * (i - 1)), lp.getDouble(8 * i), "a rejection keeps the state");
                for (int s = 0; s < 6; s++) assertEquals(cfg.getFloat(4 * (6 * (i - 1) + s)), cfg.getFloat(4 * (6 * i + s)));
            }
        }
        assertTrue(rejections > 0);
    }
}
