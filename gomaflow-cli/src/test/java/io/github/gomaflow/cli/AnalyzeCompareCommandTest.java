package io.github.gomaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.analysis.FreeFieldSamples;
import io.github.gomaflow.io.NpyFixtures;
import io.github.gomaflow.lattice.Lattice;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AnalyzeCompareCommandTest {
    @TempDir static Path dir;
    static Path free05;
    static Path free05b;
    static Path free10;

    @BeforeAll static void ensembles() throws IOException {
        Lattice l = new Lattice(6, 4);
        free05 = NpyFixtures.writeEnsemble(dir.resolve("a.npz"), new int[] {6, 4}, FreeFieldSamples.samples(l, 0.5, 4000, 1), 0.5, 0);
        free05b = NpyFixtures.writeEnsemble(dir.resolve("b.npz"), new int[] {6, 4}, FreeFieldSamples.samples(l, 0.5, 4000, 2), 0.5, 0);
        free10 = NpyFixtures.writeEnsemble(dir.resolve("c.npz"), new int[] {6, 4}, FreeFieldSamples.samples(l, 1.0, 4000, 3), 1.0, 0);
    }

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test void analyzeJsonIsOneObjectWithTheDesignKeys() {
        Run r = run("analyze", free05.toString(), "--json", "--therm", "100");
        assertEquals(0, r.code(), r.err());
        String json = r.out().strip();
        assertTrue(json.startsWith("{\"n\":3900,\"acceptance\":1,\"observables\":{\"chi2\":{"), json);
        assertTrue(json.endsWith("}") && !json.contains("\n"), json);
        assertTrue(json.contains("\"G_t\":[{") && json.contains("\"action_density\":{"), json);
    }

    @Test void analyzeTableListsObservablesAndCorrelator() {
        Run r = run("analyze", free05.toString());
        assertEquals(0, r.code(), r.err());
        for (String s : new String[] {"chi2", "abs_m", "phi2", "binder", "action_density", "ising_energy", "pole_mass", "G(t)", "m_eff(t)"}) {
            assertTrue(r.out().contains(s), s + " missing in\n" + r.out());
        }
    }

    @Test void analyzeHelpSaysWhichObservableIsGomalizingFlows() {
        Run r = run("analyze", "--help");
        assertEquals(0, r.code(), r.err());
        String help = r.out().replaceAll("\\s+", " ");
        for (String s : new String[] {"gf_chi2 = sum_x G_c(x) (= chi_connected)", "gf_ising_energy = (1/d) sum_mu G_c(mu)",
                "mfGc(t) = G(t)/L^(d-1)", "chi2 = <M^2>/V (not connected)"}) {
            assertTrue(help.contains(s), s + " missing in\n" + r.out());
        }
    }

    @Test void severalFilesAreAnalysedAsReplicas() {
        Run r = run("analyze", free05.toString(), free05b.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"n\":8000,") && r.out().contains("\"replicas\":{\"files\":["), r.out());
        Run text = run("analyze", free05.toString(), free05b.toString());
        assertTrue(text.out().contains("2 replicas analysed together"), text.out());
    }

    @Test void compareTakesCommaSeparatedReplicas() {
        Run same = run("compare", free05 + "," + free05b, free05.toString());
        assertEquals(0, same.code(), same.out() + same.err());
        Run different = run("compare", free05 + "," + free05b, free10.toString());
        assertEquals(1, different.code(), different.out() + different.err());
        Run empty = run("compare", free05 + ",", free10.toString());
        assertEquals(2, empty.code());
        assertTrue(empty.err().contains("empty file name"), empty.err());
    }

    @Test void badInputExitsTwoWithOneLine() throws IOException {
        Run missing = run("analyze", dir.resolve("missing.npz").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().startsWith("gomaflow: ") && missing.err().contains("missing.npz"), missing.err());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());
        Run therm = run("analyze", free05.toString(), "--therm", "-1");
        assertEquals(2, therm.code());
        assertTrue(therm.err().contains("--therm"), therm.err());
        Path corrupt = Files.write(dir.resolve("corrupt.npz"), Files.readAllBytes(free05), java.nio.file.StandardOpenOption.CREATE);
        Files.write(corrupt, java.util.Arrays.copyOf(Files.readAllBytes(free05), 1000));
        Run cmp = run("compare", free05.toString(), corrupt.toString());
        assertEquals(2, cmp.code(), cmp.out());
        assertTrue(cmp.err().contains("corrupt.npz"), cmp.err());
    }

    @Test void compareAgreesForTheSameTheoryAndDiffersForAnother() {
        Run same = run("compare", free05.toString(), free05b.toString());
        assertEquals(0, same.code(), same.out() + same.err());
        assertTrue(same.out().contains("agree") && same.out().contains("chi2") && same.out().contains("G_t[3]"), same.out());
        Run other = run("compare", free05.toString(), free10.toString(), "--json");
        assertEquals(1, other.code(), other.out() + other.err());
        assertTrue(other.out().contains("\"agree\":false"), other.out());
        Run loose = run("compare", free05.toString(), free10.toString(), "--max-sigma", "1e9");
        assertEquals(0, loose.code(), loose.out());
    }

    @Test void compareRejectsDifferentLattices() throws IOException {
        Lattice l = new Lattice(4, 4);
        Path other = NpyFixtures.writeEnsemble(dir.resolve("d.npz"), new int[] {4, 4}, FreeFieldSamples.samples(l, 0.5, 100, 4), 0.5, 0);
        Run r = run("compare", free05.toString(), other.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("lattice"), r.err());
    }
}
