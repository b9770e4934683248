package io.github.gomaflow.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.cli.Main;
import io.github.gomaflow.plot.AnalysisPlots;
import io.github.gomaflow.plot.EnsemblePlotDataTest;
import io.github.gomaflow.plot.Fixtures;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportTest {
    static final String ANALYSIS = """
            {"n": 100000, "acceptance": 0.4312,
             "observables": {"chi2": {"value": 0.7512, "error": 0.0123, "tau_int": 1.8, "tau_int_error": 0.11},
                             "abs_m": {"value": 0.61, "error": 0.004, "tau_int": 2.1}},
             "G_t": [{"value": 0.75, "error": 0.01}, {"value": 0.2, "error": 0.005}, {"value": 0.1, "error": 0.004},
                     {"value": 0.2, "error": 0.005}],
             "m_eff": [{"value": null, "error": null}, {"value": 0.62, "error": 0.03}, {"value": 0.6, "error": 0.05}, null]}
            """;
    static final String HMC = """
            {"n": 50000, "acceptance": 0.81,
             "observables": {"chi2": {"value": 0.7400, "error": 0.0100, "tau_int": 9.5},
                             "binder": {"value": 0.55, "error": 0.02, "tau_int": 4}},
             "G_t": [{"value": 0.74, "error": 0.01}]}
            """;

    /** A run directory with everything the report can show; config.toml carries markup to escape. */
    static Path fullRun(Path dir) throws Exception {
        Path run = Fixtures.runDir(dir, "example2d");
        Files.writeString(run.resolve("config.toml"), "# <script>alert('x')</script>\n[physical]\nL = 8\nM2 = -4.0\n");
        Files.writeString(run.resolve("provenance.json"),
                "{\"version\": \"0.1.0\", \"jdk\": \"25\", \"seeds\": {\"training\": 12345, \"model\": 2021}}");
        Files.writeString(run.resolve("analysis.json"), ANALYSIS);
        Files.writeString(run.resolve("hmc_analysis.json"), HMC);
        Files.writeString(run.resolve("model_final.ckpt"), "x");
        double[] rho = {1, 0.4, 0.1, 0.0};
        AnalysisPlots.write(run.resolve("plots"), AnalysisPlots.Input.empty().withAutocorrelation(rho, 2, "chi2", 0.9));
        return run;
    }

    @Test
    void fullReportHasEverySectionEmbeddedImagesAndNoNetworkReference(@TempDir Path dir) throws Exception {
        Path out = RunReport.write(fullRun(dir));
        String html = Files.readString(out);
        for (String id : new String[] {"training", "observables", "plots", "configuration", "provenance", "files"}) {
            assertTrue(html.contains("<section id=\"" + id + "\">"), "section " + id);
        }
        assertFalse(Pattern.compile("https?:", Pattern.CASE_INSENSITIVE).matcher(html).find(), "no http(s) reference");
        Matcher src = Pattern.compile("src=\"([^\"]*)\"").matcher(html);
        int images = 0;
        while (src.find()) {
            assertTrue(src.group(1).startsWith("data:image/png;base64,"), "only embedded images");
            images++;
        }
        assertEquals(2, images, "training curves + the one PNG of plots/");
        Matcher first = Pattern.compile("data:image/png;base64,([A-Za-z0-9+/=]+)").matcher(html);
        assertTrue(first.find());
        BufferedImage training = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(first.group(1))));
        assertNotNull(training);
        assertEquals(1000, training.getWidth());
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), "config text escaped");
        assertFalse(html.contains("<script"), "no markup from the run directory gets through");
    }

    @Test
    void observableTableComparesFlowAndHmcInUnitsOfTheCombinedError(@TempDir Path dir) throws Exception {
        String html = RunReport.render(RunData.load(fullRun(dir)));
        // chi2: |0.7512 − 0.7400| / √(0.0123² + 0.0100²) = 0.0112 / 0.01585 = 0.71
        assertTrue(html.contains("<td>chi2</td><td>χ₂ = ⟨M²⟩/V</td><td>0.751 ± 0.012</td><td>1.80 ± 0.11</td>"
                + "<td>0.740 ± 0.010</td><td>9.5</td><td>0.7</td>"), html);
        assertTrue(html.contains("<td>binder</td>"), "names only HMC has are listed too");
        assertTrue(html.contains("<td>0</td><td>0.750 ± 0.010</td><td>0.740 ± 0.010</td><td>0.7</td>"), "G(0) row");
        assertTrue(html.contains("flow-MCMC: 100000 configurations, acceptance 43.12 %"), "acceptance in percent");
        assertTrue(html.contains("<td>seeds.training</td><td>12345</td>"), "nested provenance flattened");
        // best ESS is epoch 12 (0.53); best acceptance epoch 12; final epoch 12 with its checkpoint
        assertTrue(html.contains("<td>final</td><td>12</td><td>-2.90043</td><td>0.53</td><td>46.00 %</td><td>0.0001</td><td>18</td><td>model_final.ckpt</td>"), html);
    }

    @Test
    void withoutPlotsTheCorrelatorIsDrawnFromTheAnalysisJson(@TempDir Path dir) throws Exception {
        Path run = Files.createDirectories(dir.resolve("r"));
        Files.writeString(run.resolve("analysis.json"), ANALYSIS);
        String html = RunReport.render(RunData.load(run));
        assertTrue(html.contains("alt=\"correlator.png\""));
        assertTrue(html.contains("alt=\"effective_mass.png\""));
        assertTrue(html.contains("no training epochs recorded"));
        assertTrue(html.contains("no config.toml"));
        assertTrue(html.contains("<th>flow-MCMC</th><th>τ_int</th></tr>"), "no HMC columns without an HMC analysis");
    }

    @Test
    void anEnsembleWithoutAnalysisIsAnalysedAndPlotted(@TempDir Path dir) throws Exception {
        Path run = Fixtures.runDir(dir, "r");
        EnsemblePlotDataTest.ensemble(run, new double[EnsemblePlotDataTest.N]);
        String html = RunReport.render(RunData.load(run));
        assertTrue(html.contains("flow-MCMC: 400 configurations"), "header of the fresh analysis");
        assertTrue(html.contains("<td>chi2</td>"), "observable table");
        for (String png : new String[] {"correlator.png", "phi_histogram.png", "autocorrelation.png", "action_vs_logq.png",
                "rejection_runs.png"}) {
            assertTrue(html.contains("alt=\"" + png + "\""), png);
        }
    }

    @Test
    void badRunDirectoriesAreOneLineErrorsWithExitCode2(@TempDir Path dir) throws Exception {
        assertThrows(BadInputException.class, () -> RunData.load(dir.resolve("missing")));
        BadInputException empty = assertThrows(BadInputException.class, () -> RunData.load(dir));
        assertTrue(empty.getMessage().contains("not a run directory"), empty.getMessage());
        Path run = Fixtures.runDir(dir, "r");
        Files.writeString(run.resolve("analysis.json"), "{\"n\": ");
        StringWriter err = new StringWriter();
        var cl = Main.newCommandLine();
        cl.setErr(new PrintWriter(err));
        assertEquals(2, cl.execute("report", run.toString()));
        assertTrue(err.toString().startsWith("gomaflow: "), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
    }

    @Test
    void commandWritesTheReportAndPrintsItsPath(@TempDir Path dir) throws Exception {
        Path run = Fixtures.runDir(dir, "r");
        StringWriter out = new StringWriter();
        var cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("report", run.toString()));
        assertEquals(run.resolve("report.html").toString(), out.toString().strip());
        assertTrue(Files.size(run.resolve("report.html")) > 10_000);
    }
}
