package io.github.gomaflow.train;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.config.ConfigLoader;
import io.github.gomaflow.config.ConfigWriter;
import io.github.gomaflow.config.GomaConfig;
import io.github.gomaflow.flow.ParameterLayout;
import io.github.gomaflow.io.SafeTensors;
import io.github.gomaflow.io.SafeTensors.FloatTensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A saved flow in the safetensors layout ({@link SafeTensors}), so that Python's {@code safetensors}
 * reads it (docs/ARCHITECTURE.md, "File formats"). Format 2 (written): every parameter as a named
 * tensor of its own shape ({@link ParameterLayout#parameterTensors()}, e.g.
 * {@code layers.3.net.0.weight} F32 [cout, cin, k, …, k]), batch-norm running statistics likewise
 * ({@code layers.l.net.m.running_mean/running_var}), and the optimiser state (e.g. {@code "adam_m"},
 * {@code "adam_v"}) F32 [P] in the flat parameter order. Format 1 (still read): one tensor
 * {@code "parameters"} F32 [P] in the flat order and {@code "bn_running_stats"}. In memory the
 * record holds the flat arrays. String metadata: {@code format = "gomaflow-checkpoint"},
 * {@code format_version}, {@code magic}, {@code config} (the resolved TOML text),
 * {@code config_name}, {@code epoch}, {@code parameter_count}, plus whatever the trainer adds
 * (optimiser step count, best values; see {@link TrainingState}). Written atomically.
 *
 * @param config         the resolved configuration the model was trained with
 * @param parameters     flat flow parameters [P] (not copied)
 * @param epoch          the last completed epoch (1-based; 0 = untrained)
 * @param metadata       further string metadata (on reading: every metadata entry of the file)
 * @param optimizerState optimiser arrays by tensor name, each [P] (empty if none)
 * @param runningStatistics batch-norm running statistics (not copied; empty without batch norm or
 *                       when the file has none)
 */
public record Checkpoint(GomaConfig config, float[] parameters, int epoch, Map<String, String> metadata,
                         Map<String, float[]> optimizerState, float[] runningStatistics) {
    /** Name of the tensor holding the batch-norm running statistics. */
    public static final String RUNNING_STATS = "bn_running_stats";

    /** Value of the {@code format} metadata entry. */
    public static final String FORMAT = "gomaflow-checkpoint";
    /** Value of the {@code format_version} metadata entry written by this version. */
    public static final String FORMAT_VERSION = "2";
    /** The format before named tensors: one flat {@code "parameters"} tensor; still read. */
    public static final String FORMAT_VERSION_FLAT = "1";
    /** Value of the {@code magic} metadata entry ("gmfl" in ASCII, hex). */
    public static final String MAGIC = "0x676d666c";

    public Checkpoint {
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        optimizerState = Collections.unmodifiableMap(new LinkedHashMap<>(optimizerState));
        if (runningStatistics == null) runningStatistics = new float[0];
        if (optimizerState.containsKey(RUNNING_STATS)) {
            throw new IllegalArgumentException("'" + RUNNING_STATS + "' is not an optimiser tensor");
        }
        for (Map.Entry<String, float[]> e : optimizerState.entrySet()) {
            if (e.getValue().length != parameters.length || e.getKey().equals("parameters")) {
                throw new IllegalArgumentException("optimiser tensor '" + e.getKey() + "' must have length "
                        + parameters.length + ", got " + e.getValue().length);
            }
        }
        if (epoch < 0) throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
    }

    /** A checkpoint without running statistics (a model without batch norm). */
    public Checkpoint(GomaConfig config, float[] parameters, int epoch, Map<String, String> metadata,
                      Map<String, float[]> optimizerState) {
        this(config, parameters, epoch, metadata, optimizerState, new float[0]);
    }

    /** A checkpoint without optimiser state (e.g. a model for sampling). */
    public Checkpoint(GomaConfig config, float[] parameters, int epoch, Map<String, String> metadata) {
        this(config, parameters, epoch, metadata, Map.of());
    }

    /**
     * Writes the checkpoint atomically (temporary file in the same directory, forced, renamed).
     * The reserved metadata entries are set here and override those in {@link #metadata()}.
     */
    public void write(Path file) throws IOException {
        ParameterLayout layout = new ParameterLayout(config.physical().lattice(), config.model());
        if (parameters.length != layout.totalParameterCount()) {
            throw new IllegalArgumentException("the model of " + config.name() + " has " + layout.totalParameterCount()
                    + " parameters, got " + parameters.length);
        }
        if (runningStatistics.length != 0 && runningStatistics.length != layout.batchNormParameterCount()) {
            throw new IllegalArgumentException("the model of " + config.name() + " has " + layout.batchNormParameterCount()
                    + " batch-norm running statistics, got " + runningStatistics.length);
        }
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        for (ParameterLayout.Tensor t : layout.parameterTensors()) tensors.put(t.name(), slice(t, parameters));
        for (Map.Entry<String, float[]> e : optimizerState.entrySet()) tensors.put(e.getKey(), FloatTensor.vector(e.getValue()));
        if (runningStatistics.length > 0) {
            for (ParameterLayout.Tensor t : layout.runningStatisticTensors()) tensors.put(t.name(), slice(t, runningStatistics));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("format_version", FORMAT_VERSION);
        meta.put("magic", MAGIC);
        meta.put("epoch", Integer.toString(epoch));
        meta.put("parameter_count", Integer.toString(parameters.length));
        meta.put("config_name", config.name());
        meta.put("config", ConfigWriter.toToml(config));
        for (Map.Entry<String, String> e : metadata.entrySet()) meta.putIfAbsent(e.getKey(), e.getValue());
        SafeTensors.write(file, tensors, meta);
    }

    private static FloatTensor slice(ParameterLayout.Tensor t, float[] flat) {
        return new FloatTensor(t.longShape(), java.util.Arrays.copyOfRange(flat, t.offset(), t.offset() + t.length()));
    }

    /**
     * Reads a checkpoint written by {@code gomaflow train} (format 2, or format 1 of earlier versions).
     *
     * @throws BadInputException naming the file if it is missing, not a gomaflow checkpoint, of a
     *                           newer format version, corrupt, or inconsistent with its configuration
     */
    public static Checkpoint read(Path file) {
        SafeTensors.Contents c = SafeTensors.read(file);
        Map<String, String> meta = c.metadata();
        if (!FORMAT.equals(meta.get("format")) || !MAGIC.equals(meta.get("magic"))) {
            throw new BadInputException(file + ": a safetensors file, but not a gomaflow checkpoint (format="
                    + meta.get("format") + ")");
        }
        String version = meta.get("format_version");
        if (!FORMAT_VERSION.equals(version) && !FORMAT_VERSION_FLAT.equals(version)) {
            throw new BadInputException(file + ": checkpoint format_version " + version
                    + " is not supported (this gomaflow reads versions " + FORMAT_VERSION_FLAT + " and " + FORMAT_VERSION + ")");
        }
        int epoch = intEntry(file, meta, "epoch");
        String toml = meta.get("config");
        if (toml == null) throw new BadInputException(file + ": checkpoint metadata has no 'config'");
        GomaConfig config = parseConfig(file, toml, meta.getOrDefault("config_name", "checkpoint"));
        ParameterLayout layout = new ParameterLayout(config.physical().lattice(), config.model());
        int expected = layout.totalParameterCount();
        Map<String, FloatTensor> tensors = new LinkedHashMap<>(c.tensors());
        float[] params;
        float[] running;
        if (FORMAT_VERSION.equals(version)) {
            params = gather(file, tensors, layout.parameterTensors(), expected);
            List<ParameterLayout.Tensor> stats = layout.runningStatisticTensors();
            // running statistics are optional (all or none): a model without them starts from (0, 1)
            boolean any = false;
            for (ParameterLayout.Tensor t : stats) any |= tensors.containsKey(t.name());
            running = any ? gather(file, tensors, stats, layout.batchNormParameterCount()) : new float[0];
        } else {
            FloatTensor flat = tensors.remove("parameters");
            if (flat == null || flat.shape().length != 1) {
                throw new BadInputException(file + ": checkpoint has no rank-1 tensor 'parameters'");
            }
            params = flat.data();
            FloatTensor stats = tensors.remove(RUNNING_STATS);
            running = stats == null ? new float[0] : stats.data();
            if (stats != null && (!layout.useBn() || running.length != layout.batchNormParameterCount())) {
                throw new BadInputException(file + ": tensor '" + RUNNING_STATS + "' has " + running.length
                        + " elements, but its configuration needs "
                        + (layout.useBn() ? layout.batchNormParameterCount() + "" : "none (use_bn = false)"));
            }
        }
        if (params.length != expected || intEntry(file, meta, "parameter_count") != expected) {
            throw new BadInputException(file + ": holds " + params.length + " parameters but its configuration needs "
                    + expected);
        }
        Map<String, float[]> state = new LinkedHashMap<>();
        for (Map.Entry<String, FloatTensor> e : tensors.entrySet()) {
            if (e.getValue().data().length != expected || e.getKey().startsWith("layers.")) {
                throw new BadInputException(file + ": tensor '" + e.getKey() + "' has " + e.getValue().data().length
                        + " elements, expected " + expected + " (an optimiser tensor) or a parameter name of its configuration");
            }
            state.put(e.getKey(), e.getValue().data());
        }
        return new Checkpoint(config, params, epoch, meta, state, running);
    }

    /**
     * Assembles a flat array from the named tensors of a format-2 file (removing them from
     * {@code tensors}); every name must be present with exactly its shape.
     */
    private static float[] gather(Path file, Map<String, FloatTensor> tensors, List<ParameterLayout.Tensor> names,
                                  int length) {
        float[] flat = new float[length];
        for (ParameterLayout.Tensor t : names) {
            FloatTensor v = tensors.remove(t.name());
            if (v == null) {
                throw new BadInputException(file + ": checkpoint has no tensor '" + t.name() + "', which its configuration needs");
            }
            if (!java.util.Arrays.equals(v.shape(), t.longShape())) {
                throw new BadInputException(file + ": tensor '" + t.name() + "' has shape "
                        + java.util.Arrays.toString(v.shape()) + ", its configuration needs " + java.util.Arrays.toString(t.shape()));
            }
            System.arraycopy(v.data(), 0, flat, t.offset(), t.length());
        }
        return flat;
    }

    private static int intEntry(Path file, Map<String, String> meta, String key) {
        String v = meta.get(key);
        int i;
        try {
            i = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new BadInputException(file + ": checkpoint metadata '" + key + "' is not an integer: " + shorten(v));
        }
        if (i < 0) throw new BadInputException(file + ": checkpoint metadata '" + key + "' = " + i + "; allowed: 0 … " + Integer.MAX_VALUE);
        return i;
    }

    private static String shorten(String v) {
        return v == null ? "missing" : v.length() <= 40 ? v : v.substring(0, 40) + "… (" + v.length() + " characters)";
    }

    /**
     * Refuses a model whose parameters (or batch-norm statistics) are NaN or infinite: it would propose
     * nothing but non-finite densities.
     *
     * @throws BadInputException naming the file and the first bad index
     */
    public void requireFinite(Path file) {
        for (int i = 0; i < parameters.length; i++) {
            if (!Float.isFinite(parameters[i])) {
                throw new BadInputException(file + ": parameter " + i + " of " + parameters.length + " is " + parameters[i]
                        + "; the model has diverged and cannot be used (take an earlier checkpoint, e.g. model_best_ess.ckpt)");
            }
        }
        for (float r : runningStatistics) {
            if (!Float.isFinite(r)) throw new BadInputException(file + ": a batch-norm running statistic is " + r + "; the model cannot be used");
        }
    }

    private static GomaConfig parseConfig(Path file, String toml, String name) {
        try {
            GomaConfig c = ConfigLoader.parse(toml, file + " (embedded config)", w -> {});
            return new GomaConfig(name, c.version(), c.device(), c.training(), c.physical(), c.model());
        } catch (BadInputException e) {
            throw new BadInputException(file + ": the configuration stored in the checkpoint is invalid: " + e.getMessage(), e);
        }
    }
}
