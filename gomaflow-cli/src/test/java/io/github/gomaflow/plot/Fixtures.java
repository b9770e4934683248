package io.github.gomaflow.plot;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fixed test data: a 12-epoch evaluations.csv written by hand (NaN acceptance in epoch 5, ESS dip at 7). */
public final class Fixtures {
    private Fixtures() {}

    public static Path evaluationsCsv() {
        try {
            return Path.of(Fixtures.class.getResource("evaluations.csv").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A run directory in {@code dir} holding a copy of the fixture's evaluations.csv. */
    public static Path runDir(Path dir, String name) throws java.io.IOException {
        Path run = Files.createDirectories(dir.resolve(name));
        Files.copy(evaluationsCsv(), run.resolve("evaluations.csv"));
        return run;
    }
}
