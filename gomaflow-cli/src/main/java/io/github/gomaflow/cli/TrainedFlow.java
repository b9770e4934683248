package io.github.gomaflow.cli;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.config.GomaConfig;
import io.github.gomaflow.flow.FlowModel;
import io.github.gomaflow.prior.Prior;
import io.github.gomaflow.prior.Priors;
import io.github.gomaflow.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A trained flow read from a checkpoint, ready to sample: its configuration, model (parameters and
 * batch-norm running statistics copied in), prior and action. Every check a sampling command needs
 * (finite parameters, shapes matching the [model] section, a valid [physical] section) is done here,
 * each failure one line naming the file.
 */
record TrainedFlow(Path checkpointFile, GomaConfig config, FlowModel model, Prior prior, ScalarPhi4Action action) {

    /**
     * RUN_DIR → RUN_DIR/model_WHICH.ckpt (which = final, best_ess or best_acceptance); a file is used
     * as it is.
     */
    static Path checkpointFile(Path source, String which) {
        String w = which.toLowerCase(Locale.ROOT);
        if (!w.equals("final") && !w.equals("best_ess") && !w.equals("best_acceptance")) {
            throw new BadInputException("--model must be final, best_ess or best_acceptance, got '" + which + "'");
        }
        if (Files.isDirectory(source)) {
            Path f = source.resolve("model_" + w + ".ckpt");
            if (!Files.isRegularFile(f)) {
                throw new BadInputException("run directory " + source + " has no model_" + w
                        + ".ckpt (is it a gomaflow train result directory?)");
            }
            return f;
        }
        if (!Files.isRegularFile(source)) {
            throw new BadInputException("no such run directory or model file: " + source);
        }
        return source;
    }

    /** Reads and checks {@code checkpointFile}. */
    static TrainedFlow load(Path checkpointFile) throws IOException {
        Checkpoint ckpt = Checkpoint.read(checkpointFile);
        ckpt.requireFinite(checkpointFile);
        GomaConfig cfg = ckpt.config();
        var p = cfg.physical();
        ScalarPhi4Action action;
        try {
            action = new ScalarPhi4Action(p.lattice(), p.mSquared(), p.lambda());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(checkpointFile + ": [physical] " + e.getMessage());
        }
        FlowModel flow = FlowModel.create(p.lattice(), cfg.model());
        if (ckpt.parameters().length != flow.parameterCount()) {
            throw new BadInputException(checkpointFile + ": holds " + ckpt.parameters().length
                    + " parameters, but its [model] section needs " + flow.parameterCount());
        }
        System.arraycopy(ckpt.parameters(), 0, flow.parameters(), 0, flow.parameterCount());
        float[] running = flow.runningStatistics();
        if (ckpt.runningStatistics().length == running.length) {
            System.arraycopy(ckpt.runningStatistics(), 0, running, 0, running.length);
        } else if (ckpt.runningStatistics().length > 0) {
            throw new BadInputException(checkpointFile + ": holds " + ckpt.runningStatistics().length
                    + " batch-norm running statistics, but its [model] section needs " + running.length);
        }
        return new TrainedFlow(checkpointFile, cfg, flow, Priors.of(cfg.training().prior()), action);
    }
}
