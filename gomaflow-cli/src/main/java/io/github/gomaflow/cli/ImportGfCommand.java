package io.github.gomaflow.cli;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.config.ConfigWriter;
import io.github.gomaflow.config.GomaConfig;
import io.github.gomaflow.io.AtomicFiles;
import io.github.gomaflow.io.EnsembleWriter;
import io.github.gomaflow.io.bson.Bson;
import io.github.gomaflow.io.bson.GomalizingFlowFiles;
import io.github.gomaflow.lattice.Lattice;
import io.github.gomaflow.train.Checkpoint;
import io.github.gomaflow.train.TrainingRun;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gomaflow import-gf FILE.bson}: GomalizingFlow.jl's trained models and histories (docs/FORMATS.md). */
@Command(name = "import-gf", mixinStandardHelpOptions = true,
        description = {"Import a file written by GomalizingFlow.jl.",
                "trained_model*.bson (needs --config, GomalizingFlow's config.toml of that run) -> a run directory with",
                "config.toml and model_final.ckpt, ready for 'gomaflow sample' (or use the .bson directly with",
                "'gomaflow train --pretrained FILE.bson');",
                "history*.bson -> an ensemble .npz (x, logq, logp, accepted) for analyze, compare and report."})
public final class ImportGfCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE.bson", description = "trained_model*.bson or history*.bson.")
    Path file;

    @Option(names = "--config", paramLabel = "CONFIG.toml",
            description = "GomalizingFlow's configuration of the run (required for a model; gives m2 and lam to a history).")
    Path config;

    @Option(names = "--out", paramLabel = "PATH",
            description = "Run directory for a model (default: results/<config name>), ensemble file for a history"
                    + " (default: FILE with .npz).")
    Path out;

    @Option(names = "--force", description = "Replace an existing output.")
    boolean force;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override public Integer call() throws Exception {
        GomalizingFlowFiles.Kind kind = GomalizingFlowFiles.kind(Bson.read(file), file);
        GomaConfig cfg = config == null ? null : ConfigCommand.load(config, spec.commandLine().getErr());
        PrintWriter o = spec.commandLine().getOut();
        if (kind == GomalizingFlowFiles.Kind.MODEL) {
            if (cfg == null) throw new BadInputException(file + ": a trained model; give GomalizingFlow's config.toml of that run with --config");
            float[] params = GomalizingFlowFiles.readModel(file, cfg);
            Path dir = out != null ? out : Path.of("results").resolve(cfg.name());
            if (Files.isDirectory(dir) && !isEmpty(dir) && !force) {
                throw new BadInputException(dir + " exists and is not empty; use --force to replace its model, or choose another --out");
            }
            Files.createDirectories(dir);
            AtomicFiles.write(dir.resolve(TrainingRun.CONFIG), ConfigWriter.toToml(cfg).getBytes(StandardCharsets.UTF_8));
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("imported_from", file.toAbsolutePath().toString());
            var adam = GomalizingFlowFiles.readAdamState(file, cfg);
            Map<String, float[]> optimizerState = new LinkedHashMap<>();
            adam.ifPresent(a -> {
                meta.put("optimizer", "Adam");
                meta.put("optimizer_step", Long.toString(a.steps()));
                optimizerState.put("adam_m", a.m());
                optimizerState.put("adam_v", a.v());
            });
            new Checkpoint(cfg, params, 0, meta, optimizerState).write(dir.resolve(TrainingRun.FINAL));
            o.printf(Locale.ROOT, "import-gf: %d parameters of GomalizingFlow's model%s -> %s%n", params.length,
                    adam.map(a -> " and its ADAM state (step " + a.steps() + ")").orElse(""), dir.resolve(TrainingRun.FINAL));
        } else {
            GomalizingFlowFiles.History h = GomalizingFlowFiles.readHistory(file);
            String name = file.getFileName().toString();
            Path target = out != null ? out : file.resolveSibling(name.substring(0, name.length() - ".bson".length()) + ".npz");
            ChainRunSupport.requireWritable(target, force);
            Lattice lattice = new Lattice(h.extents());
            if (cfg != null && !java.util.Arrays.equals(cfg.physical().lattice().extents(), h.extents())) {
                throw new BadInputException(config + ": its lattice " + cfg.physical().lattice() + " is not the history's " + lattice);
            }
            double m2 = cfg == null ? Double.NaN : cfg.physical().mSquared();
            double lam = cfg == null ? Double.NaN : cfg.physical().lambda();
            int v = lattice.volume();
            try (EnsembleWriter w = new EnsembleWriter(target, lattice, m2, lam, EnsembleWriter.Source.FLOW, h.size())) {
                for (int i = 0; i < h.size(); i++) w.append(h.cfgs(), i * v, h.logQ()[i], h.logP()[i], h.accepted()[i]);
            }
            o.printf(Locale.ROOT, "import-gf: %d configurations of GomalizingFlow's chain on %s -> %s%n", h.size(), lattice, target);
        }
        o.flush();
        return 0;
    }

    private static boolean isEmpty(Path dir) throws java.io.IOException {
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
