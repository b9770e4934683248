package io.github.gomaflow.train;

import io.github.gomaflow.config.GomaConfig;
import java.nio.file.Path;
import java.util.Map;

/**
 * A saved flow (DESIGN §7, issue 3 item 7): safetensors layout (8-byte little-endian header
 * length, JSON header with dtype/shape/offsets and {@code __metadata__}, little-endian data),
 * written atomically. Metadata carries the resolved configuration (TOML text), the epoch, the
 * optimiser state and the RNG position needed for an exact resume.
 *
 * <p>API placeholder: implemented by the training work.
 *
 * @param config     the resolved configuration the model was trained with
 * @param parameters flat flow parameters (layout of {@link io.github.gomaflow.flow.FlowModel})
 * @param epoch      the last completed epoch (1-based; 0 = untrained)
 * @param metadata   further string metadata (free-form)
 */
public record Checkpoint(GomaConfig config, float[] parameters, int epoch, Map<String, String> metadata) {
    /**
     * Reads a checkpoint written by {@code gomaflow train}.
     *
     * @throws io.github.gomaflow.BadInputException if the file is missing, not a gomaflow checkpoint, or corrupt
     */
    public static Checkpoint read(Path file) { throw new UnsupportedOperationException("not implemented yet"); }
}
