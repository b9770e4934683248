package io.github.gomaflow.validation;

import io.github.gomaflow.config.ConfigLoader;
import io.github.gomaflow.config.GomaConfig;
import io.github.gomaflow.config.TrainingParams;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shipped example configurations (examples/ at the repository root), with shorter training. */
final class Configs {
    private Configs() {}

    /**
     * Loads {@code examples/<file>} and overrides the name, the number of epochs and the per-epoch
     * Metropolis evaluation ({@code nsamples}); everything else (physics, model, seeds, optimiser,
     * schedule) is as shipped.
     */
    static GomaConfig load(String file, String name, int epochs, int nsamples) {
        Path path = examples().resolve(file);
        GomaConfig c = ConfigLoader.load(path, w -> { });
        TrainingParams t = c.training();
        TrainingParams shorter = new TrainingParams(t.seed(), t.batchsize(), epochs, t.iterations(), t.baseLr(),
                t.optimizer(), t.prior(), t.lrScheduler(), t.pretrained(), t.essSamples(), nsamples, t.skipNonfinite());
        return new GomaConfig(name, c.version(), c.device(), shorter, c.physical(), c.model());
    }

    /** examples/, found from the module directory (surefire's working directory) or the repository root. */
    static Path examples() {
        for (Path p : new Path[] {Path.of("..", "examples"), Path.of("examples")}) {
            if (Files.isDirectory(p)) return p;
        }
        throw new IllegalStateException("examples/ not found from " + Path.of("").toAbsolutePath());
    }
}
