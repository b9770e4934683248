package io.github.gomaflow.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.config.ConfigLoader;
import io.github.gomaflow.config.GomaConfig;
import io.github.gomaflow.plot.Fixtures;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepTest {
    static final String CONFIG = """
            [config]
            version = "0.1.0"
            [training]
            epochs = 3
            opt = "Adam"  # a comment the point files need not keep
            [physical]
            L = 8
            Nd = 2
            M2 = -4.0
            lam = 8.0
            [model]
            n_layers = 16
            hidden_sizes = [8, 8]
            """;

    static Path config(Path dir) throws Exception {
        return Files.writeString(dir.resolve("tiny2d.toml"), CONFIG);
    }

    /** Writes an evaluations.csv whose ESS encodes the point (n_layers/10 + L/100); fails for n_layers = 3, L = 6. */
    static int fakeTrain(Path cfg, Path resultDir) throws Exception {
        GomaConfig c = ConfigLoader.load(cfg, w -> {});
        int n = c.model().nLayers();
        int l = c.physical().latticeShape().getFirst();
        if (n == 3 && l == 6) return 1;
        Path run = Files.createDirectories(resultDir.resolve(c.name()));
        double ess = n / 10.0 + l / 100.0;
        Files.writeString(run.resolve("evaluations.csv"), "epoch,loss,ess,acceptance_rate,elapsed_time\n"
                + "1,-1.0," + (ess / 2) + ",0.2,1.5\n2,-2.0," + ess + ",0.1,3.0\n");
        return 0;
    }

    @Test
    void everyPointGetsItsValuesAndTheSummaryCollectsTheResults(@TempDir Path dir) throws Exception {
        Sweep sweep = new Sweep(config(dir), SweepGrid.parse(List.of("model.n_layers=2..3", "physical.L=4,6")), dir.resolve("out"));
        assertEquals(4, sweep.points().size());
        Sweep.Point p = sweep.points().get(1);
        assertEquals("tiny2d_n_layers=2_L=6", p.run());
        GomaConfig c = ConfigLoader.parse(p.configText(), p.run() + ".toml", w -> {});
        assertEquals(2, c.model().nLayers());
        assertEquals(List.of(6, 6), c.physical().latticeShape());
        assertEquals(List.of(8, 8), c.model().hiddenSizes(), "untouched keys keep their values");
        assertEquals(3, c.training().epochs());

        StringWriter log = new StringWriter();
        List<SweepSummary.Row> rows = sweep.run(SweepTest::fakeTrain, new PrintWriter(log));
        assertEquals(List.of("ok", "ok", "ok", "failed: exit code 1"), rows.stream().map(SweepSummary.Row::status).toList());
        Path sweepDir = dir.resolve("out/sweep_tiny2d");
        assertTrue(Files.exists(sweepDir.resolve("configs/tiny2d_n_layers=3_L=4.toml")));
        List<String> csv = Files.readAllLines(sweepDir.resolve("summary.csv"));
        assertEquals("run,model.n_layers,physical.L,status,epochs,final_loss,final_ess,final_acceptance_rate,best_ess,"
                + "best_ess_epoch,best_acceptance_rate,best_acceptance_epoch,elapsed_time", csv.get(0));
        assertEquals("tiny2d_n_layers=2_L=6,2,6,ok,2,-2,0.260000,0.100000,0.260000,2,0.200000,1,3", csv.get(2));
        assertEquals("tiny2d_n_layers=3_L=6,3,6,failed: exit code 1,,,,,,,,,", csv.get(4));
        BufferedImage png = ImageIO.read(sweepDir.resolve("summary.png").toFile());
        assertNotNull(png);
        assertEquals(1000, png.getWidth());
        assertEquals(700, png.getHeight());
        assertTrue(log.toString().contains("sweep [4/4] tiny2d_n_layers=3_L=6: failed: exit code 1"), log.toString());
        var legend = SweepSummary.chart("t", List.of("model.n_layers", "physical.L"), rows).getXYPlot().getFixedLegendItems();
        assertEquals(2, legend.getItemCount(), "one legend entry per L");
        assertEquals("L=4", legend.get(0).getLabel());

        Files.writeString(sweepDir.resolve("tiny2d_n_layers=2_L=4/model_final.ckpt"), "x");
        List<SweepSummary.Row> again = sweep.run((cfg, out) -> { throw new IllegalStateException("boom\nsecond line"); },
                new PrintWriter(new StringWriter()));
        assertEquals("skipped (already trained)", again.get(0).status());
        assertEquals(0.24, again.get(0).result()[4], 1e-12, "a skipped point still reports its results");
        assertEquals("failed: boom", again.get(1).status());
    }

    @Test
    void anInvalidPointFailsBeforeAnyTrainingWithOneLine(@TempDir Path dir) throws Exception {
        Path cfg = config(dir);
        BadInputException typo = assertThrows(BadInputException.class,
                () -> new Sweep(cfg, SweepGrid.parse(List.of("model.n_layerz=1..2")), dir));
        assertTrue(typo.getMessage().startsWith("--set model.n_layerz=1 on " + cfg + ": "), typo.getMessage());
        assertTrue(typo.getMessage().contains("n_layers"), "did-you-mean: " + typo.getMessage());
        BadInputException kernel = assertThrows(BadInputException.class,
                () -> new Sweep(cfg, SweepGrid.parse(List.of("model.kernel_size=3,4")), dir));
        assertTrue(kernel.getMessage().startsWith("--set model.kernel_size=4 on "), kernel.getMessage());
        assertEquals(1, kernel.getMessage().lines().count());
        assertTrue(Files.notExists(dir.resolve("sweep_tiny2d")), "nothing written");
        assertThrows(BadInputException.class, () -> new Sweep(dir.resolve("none.toml"), SweepGrid.parse(List.of("model.n_layers=1")), dir));
    }

    @Test
    void commandLineDryRunListsTheRunsAndBadKeysExitWith2(@TempDir Path dir) throws Exception {
        Path cfg = config(dir);
        String out = Fixtures.runCli(0, "sweep", cfg.toString(), "--set", "model.n_layers=1..2",
                "--result", dir.resolve("r").toString(), "--dry-run")[0];
        assertEquals(List.of(dir.resolve("r/sweep_tiny2d/tiny2d_n_layers=1").toString(),
                dir.resolve("r/sweep_tiny2d/tiny2d_n_layers=2").toString()), out.lines().toList());
        String err = Fixtures.runCli(2, "sweep", cfg.toString(), "--set", "modle.n_layers=1..2", "--dry-run")[1];
        assertTrue(err.startsWith("gomaflow: --set modle.n_layers=1..2: unknown section"), err);
        assertEquals(2, io.github.gomaflow.cli.Main.newCommandLine().setErr(new PrintWriter(new StringWriter()))
                .execute("sweep", cfg.toString(), "--dry-run"), "--set is required");
    }
}
