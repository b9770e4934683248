package io.github.gomaflow.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingPlotTest {
    @Test
    void writesAPngOfTheAdvertisedSizeIntoTheRunDirectory(@TempDir Path dir) throws Exception {
        Path run = Fixtures.runDir(dir, "example2d");
        Path png = TrainingPlot.write(run);
        assertEquals(run.resolve("training.png"), png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, "a decodable PNG");
        assertEquals(TrainingPlot.WIDTH, img.getWidth());
        assertEquals(TrainingPlot.HEIGHT, img.getHeight());
        assertTrue(distinctColours(img) > 10, "the image shows something besides background");
        try (var files = Files.list(run)) {
            assertEquals(2, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void seriesCarryTheCsvValuesWithNaNSkipped() throws Exception {
        EvaluationHistory h = EvaluationHistory.read(Fixtures.evaluationsCsv());
        JFreeChart chart = TrainingPlot.chart(h, "example2d");
        List<XYPlot> panels = panels(chart);
        assertEquals(3, panels.size(), "loss, quality, learning rate");
        XYDataset loss = panels.get(0).getDataset();
        assertEquals(12, loss.getItemCount(0));
        assertEquals(3.0, loss.getXValue(0, 2), 0.0);
        assertEquals(-2.055267, loss.getYValue(0, 2), 0.0);
        XYDataset quality = panels.get(1).getDataset();
        assertEquals("ESS / N", quality.getSeriesKey(0));
        assertEquals(0.02, quality.getYValue(0, 6), 0.0);
        assertEquals("acceptance rate", quality.getSeriesKey(1));
        assertEquals(11, quality.getItemCount(1), "the NaN acceptance of epoch 5 is skipped");
        assertEquals(6.0, quality.getXValue(1, 4), 0.0);
        assertInstanceOf(LogAxis.class, panels.get(2).getRangeAxis(), "positive learning rates on a log axis");
        assertEquals(1e-4, panels.get(2).getDataset().getYValue(0, 11), 0.0);
    }

    @Test
    void missingColumnsLeaveTheirPanelOut(@TempDir Path dir) throws Exception {
        Path run = Files.createDirectories(dir.resolve("old"));
        Files.writeString(run.resolve("evaluations.csv"), "epoch,loss,ess\n1,-1,0.1\n2,-2,0.3\n");
        assertEquals(2, panels(TrainingPlot.chart(EvaluationHistory.read(run.resolve("evaluations.csv")), "old")).size());
        assertNotNull(ImageIO.read(TrainingPlot.write(run).toFile()));
    }

    static List<XYPlot> panels(JFreeChart chart) {
        CombinedDomainXYPlot c = (CombinedDomainXYPlot) chart.getXYPlot();
        return c.getSubplots();
    }

    static int distinctColours(BufferedImage img) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) seen.add(img.getRGB(x, y));
        }
        return seen.size();
    }
}
