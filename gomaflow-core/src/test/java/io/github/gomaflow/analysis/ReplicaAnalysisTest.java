package io.github.gomaflow.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.io.NpyFixtures;
import io.github.gomaflow.io.ProgressListener;
import io.github.gomaflow.lattice.Lattice;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplicaAnalysisTest {
    static final double M2 = 0.5;
    static final int[] EXTENTS = {6, 4};
    @TempDir Path dir;

    private Path replica(String name, int n, long seed, double m2) throws IOException {
        Lattice l = new Lattice(EXTENTS);
        return NpyFixtures.writeEnsemble(dir.resolve(name), EXTENTS, FreeFieldSamples.samples(l, m2, n, seed), m2, 0.0);
    }

    @Test void fourReplicasOfExactSamplesAgreeWithTheFreeFieldAndWithEachOther() throws IOException {
        List<Path> files = List.of(replica("a.npz", 3000, 1, M2), replica("b.npz", 2000, 2, M2),
                replica("c.npz", 3000, 3, M2), replica("d.npz", 4000, 4, M2));
        AnalysisResult r = EnsembleAnalysis.analyze(files, AnalysisOptions.defaults(), ProgressListener.NONE);
        assertEquals(12_000, r.samples());
        GammaEstimate chi2 = r.observables().get("chi2");
        assertEquals(1 / (2 * M2), chi2.value(), 3 * chi2.error(), "χ₂ = 1/(2m²)");
        // independent samples: τ_int = ½ from the replica autocorrelation
        assertEquals(0.5, chi2.tauInt(), 3 * chi2.tauIntError());
        ReplicaAgreement a = r.replicas();
        assertNotNull(a);
        assertEquals(4, a.files().size());
        assertTrue(a.checks().containsKey("chi2") && a.checks().containsKey("action_density"));
        assertTrue(a.smallestQ() > 1e-3, "replicas of one ensemble agree, smallest Q " + a.smallestQ());
        // the combined mean is the length-weighted mean of the replica means
        double[] means = a.checks().get("phi2").replicaMeans();
        double weighted = (3000 * means[0] + 2000 * means[1] + 3000 * means[2] + 4000 * means[3]) / 12_000;
        assertEquals(weighted, r.observables().get("phi2").value(), 1e-12);
        assertTrue(AnalysisJson.write(r).contains("\"replicas\":{\"files\":["));
        assertTrue(AnalysisText.format(r).contains("4 replicas analysed together"));
    }

    @Test void aReplicaAtAnotherMassIsRefused() throws IOException {
        List<Path> files = List.of(replica("a.npz", 500, 1, M2), replica("b.npz", 500, 2, 0.7));
        BadInputException e = assertThrows(BadInputException.class,
                () -> EnsembleAnalysis.analyze(files, AnalysisOptions.defaults(), ProgressListener.NONE));
        assertTrue(e.getMessage().contains("b.npz") && e.getMessage().contains("m2=0.7"), e.getMessage());
    }

    @Test void aReplicaFromAnotherDistributionFailsTheAgreementTest() throws IOException {
        // lam is read from the file and is 0 in both; the second replica's fields are drawn at m² = 0.25 but
        // labelled 0.5, as a stuck or mislabelled chain would be: its χ₂ is twice as large.
        Lattice l = new Lattice(EXTENTS);
        Path a = replica("a.npz", 4000, 1, M2);
        Path b = NpyFixtures.writeEnsemble(dir.resolve("b.npz"), EXTENTS, FreeFieldSamples.samples(l, 0.25, 4000, 2), M2, 0.0);
        AnalysisResult r = EnsembleAnalysis.analyze(List.of(a, b), AnalysisOptions.defaults(), ProgressListener.NONE);
        assertTrue(r.replicas().checks().get("chi2").qValue() < 1e-6, "Q " + r.replicas().checks().get("chi2").qValue());
        assertTrue(AnalysisText.format(r).contains("replicas disagree"));
    }

    @Test void oneFileHasNoReplicaSection() throws IOException {
        AnalysisResult r = EnsembleAnalysis.analyze(List.of(replica("a.npz", 500, 1, M2)), AnalysisOptions.defaults(), ProgressListener.NONE);
        assertNull(r.replicas());
        assertTrue(!AnalysisJson.write(r).contains("\"replicas\""));
    }
}
