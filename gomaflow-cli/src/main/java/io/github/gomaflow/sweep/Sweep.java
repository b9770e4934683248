package io.github.gomaflow.sweep;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.config.ConfigLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * GomalizingFlow-style batch training: one training run per point of a {@link SweepGrid}, each on
 * the configuration with the point's values substituted. Layout under the result directory:
 * <pre>
 * DIR/sweep_&lt;config&gt;/configs/&lt;run&gt;.toml   the configuration of each point
 * DIR/sweep_&lt;config&gt;/&lt;run&gt;/                the run directory written by the training
 * DIR/sweep_&lt;config&gt;/summary.csv, summary.png
 * </pre>
 * Every point's configuration is validated before the first training starts, so a bad value
 * fails in seconds, not after hours. A point whose run directory already has {@code model_final.ckpt}
 * is not trained again (a sweep can be restarted after an interruption).
 */
public final class Sweep {
    /** Trains one point: the point's configuration file and the directory to write the run into. */
    @FunctionalInterface
    public interface Trainer {
        /** @return 0 on success, another exit code on failure */
        int train(Path configFile, Path resultDir) throws Exception;
    }

    /**
     * One grid point.
     *
     * @param values     swept key → TOML value text
     * @param configText the configuration with the values substituted
     */
    public record Point(String run, Map<String, String> values, String configText) {}

    private final String configName;
    private final SweepGrid grid;
    private final Path sweepDir;
    private final List<Point> points;

    /**
     * Expands and validates the grid.
     *
     * @throws BadInputException if the configuration cannot be read, or any point's configuration is
     *                           invalid (naming the point's --set values and the loader's reason)
     */
    public Sweep(Path config, SweepGrid grid, Path resultDir) throws IOException {
        String text = io.github.gomaflow.io.TextFiles.read(config, "a TOML configuration file");
        String file = config.getFileName().toString();
        this.configName = file.endsWith(".toml") ? file.substring(0, file.length() - 5) : file;
        this.grid = grid;
        this.sweepDir = resultDir.resolve("sweep_" + configName);
        List<Point> ps = new ArrayList<>();
        for (int i = 0; i < grid.size(); i++) {
            Map<String, String> values = grid.point(i);
            String pointText = TomlValues.withOverrides(text, values, config.toString());
            String run = grid.runName(configName, values);
            try {
                ConfigLoader.parse(pointText, run + ".toml", w -> {});
            } catch (BadInputException e) {
                throw new BadInputException("--set " + describe(values) + " on " + config + ": " + stripSource(e.getMessage(), run));
            }
            ps.add(new Point(run, values, pointText));
        }
        this.points = List.copyOf(ps);
    }

    public List<Point> points() { return points; }

    public Path directory() { return sweepDir; }

    /** The run directory of a point. */
    public Path runDir(Point p) { return sweepDir.resolve(p.run()); }

    /**
     * Trains every point in order, rewriting the summary after each; a failed point is recorded
     * and the sweep goes on.
     *
     * @param log receives one line per point
     * @return the summary rows
     */
    public List<SweepSummary.Row> run(Trainer trainer, PrintWriter log) throws IOException {
        Path configs = Files.createDirectories(sweepDir.resolve("configs"));
        List<String> keys = grid.axes().stream().map(SweepGrid.Axis::key).toList();
        List<SweepSummary.Row> rows = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            Path cfg = configs.resolve(p.run() + ".toml");
            Files.writeString(cfg, p.configText(), StandardCharsets.UTF_8);
            String status;
            if (Files.exists(runDir(p).resolve("model_final.ckpt"))) {
                status = "skipped (already trained)";
            } else {
                log.printf("sweep [%d/%d] %s%n", i + 1, points.size(), p.run());
                log.flush();
                status = train(trainer, cfg);
            }
            rows.add(SweepSummary.row(p.run(), p.values(), status, runDir(p)));
            SweepSummary.writeCsv(sweepDir, keys, rows);
            log.printf("sweep [%d/%d] %s: %s%n", i + 1, points.size(), p.run(), status);
            log.flush();
        }
        SweepSummary.writePng(sweepDir, "Sweep of " + configName + " over " + String.join(", ", keys), keys, rows);
        return rows;
    }

    /** Trains many points at once (e.g. as cluster tasks). */
    @FunctionalInterface
    public interface BatchTrainer {
        /**
         * @param points     the points not trained yet
         * @param configs    their configuration files (in {@code configs/})
         * @param resultDir  the directory the run directories go into
         * @return one status per point: "ok" or "failed: …"
         */
        List<String> trainAll(List<Point> points, List<Path> configs, Path resultDir) throws Exception;
    }

    /**
     * Trains every point not trained yet through one call of {@code trainer}, then writes the same
     * summary as {@link #run}. Points that already have {@code model_final.ckpt} are skipped, so a sweep
     * can be restarted.
     */
    public List<SweepSummary.Row> runAll(BatchTrainer trainer, PrintWriter log) throws Exception {
        Path configs = Files.createDirectories(sweepDir.resolve("configs"));
        List<Point> pending = new ArrayList<>();
        List<Path> pendingConfigs = new ArrayList<>();
        for (Point p : points) {
            Path cfg = configs.resolve(p.run() + ".toml");
            Files.writeString(cfg, p.configText(), StandardCharsets.UTF_8);
            if (!Files.exists(runDir(p).resolve("model_final.ckpt"))) {
                pending.add(p);
                pendingConfigs.add(cfg);
            }
        }
        log.printf("sweep: %d of %d points to train%n", pending.size(), points.size());
        log.flush();
        List<String> statuses = pending.isEmpty() ? List.of() : trainer.trainAll(pending, pendingConfigs, sweepDir);
        List<String> keys = grid.axes().stream().map(SweepGrid.Axis::key).toList();
        List<SweepSummary.Row> rows = new ArrayList<>();
        for (Point p : points) {
            int i = pending.indexOf(p);
            String status = i < 0 ? "skipped (already trained)" : statuses.get(i);
            rows.add(SweepSummary.row(p.run(), p.values(), status, runDir(p)));
            log.printf("sweep %s: %s%n", p.run(), status);
        }
        log.flush();
        SweepSummary.writeCsv(sweepDir, keys, rows);
        SweepSummary.writePng(sweepDir, "Sweep of " + configName + " over " + String.join(", ", keys), keys, rows);
        return rows;
    }

    private String train(Trainer trainer, Path cfg) {
        try {
            int code = trainer.train(cfg, sweepDir);
            return code == 0 ? "ok" : "failed: exit code " + code;
        } catch (Exception e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            return "failed: " + msg.lines().findFirst().orElse("");
        }
    }

    private static String describe(Map<String, String> values) {
        List<String> parts = new ArrayList<>();
        values.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(" ", parts);
    }

    /** The loader names the (not yet written) point file first; the user knows the point by its values. */
    private static String stripSource(String message, String run) {
        String prefix = run + ".toml: ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }
}
