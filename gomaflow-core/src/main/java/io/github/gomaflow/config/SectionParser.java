package io.github.gomaflow.config;

import io.github.gomaflow.BadInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.tomlj.TomlTable;

/** Reads the five sections of a syntactically valid TOML document into records, validating every value. */
final class SectionParser {
    /** Largest lattice volume {@link io.github.gomaflow.lattice.Lattice} supports. */
    static final long MAX_VOLUME = 1L << 26;
    private static final Pattern VERSION = Pattern.compile("\\d+(\\.\\d+){0,2}([-+][0-9A-Za-z.+-]+)?");

    private final String source;
    private final TomlTable root;
    private final Consumer<String> warnings;

    SectionParser(String source, TomlTable root, Consumer<String> warnings) {
        this.source = source;
        this.root = root;
        this.warnings = warnings;
    }

    GomaConfig config(String name) {
        SectionReader config = section("config");
        SectionReader device = section("device");
        SectionReader training = section("training");
        SectionReader physical = section("physical");
        SectionReader model = section("model");
        String version = config.string("version", Defaults.VERSION, "a version string such as \"0.1.0\"");
        if (!VERSION.matcher(version).matches()) {
            throw config.bad("version", version, "not a version number", "a version string such as \"0.1.0\"");
        }
        DeviceParams d = device(device);
        PhysicalParams p = physical(physical);
        ModelParams m = model(model, p);
        TrainingParams t = training(training, p);
        if (t.gradient() == TrainingParams.Gradient.PATH && m.useBn()) {
            throw training.bad("gradient", "path", "is not available with model.use_bn = true (batch-norm models"
                    + " run outside the layer list)", "\"standard\" when model.use_bn = true");
        }
        return new GomaConfig(name, version, d, t, p, m);
    }

    private SectionReader section(String name) {
        SectionReader r = new SectionReader(source, name, (TomlTable) root.get(List.of(name)));
        r.rejectUnknownKeys(ConfigLoader.SECTIONS.get(name), ConfigLoader.SECTIONS);
        return r;
    }

    private DeviceParams device(SectionReader s) {
        int id = s.intValue("device_id", Defaults.DEVICE_ID, -1, Integer.MAX_VALUE,
                "-1 (CPU) or a GPU id >= 0 (runs on the CPU)");
        if (id >= 0) warnings.accept("device_id = " + id + " requests a GPU; this build runs on the CPU");
        return new DeviceParams(Defaults.DEVICE_ID);
    }

    private PhysicalParams physical(SectionReader s) {
        if (!s.has("lattice_shape") && !s.has("L")) {
            throw s.missing("L", "an even integer >= 2 (with Nd), or lattice_shape = [L0, L1, …]");
        }
        String ndAllowed = "an integer 1 <= Nd <= 4";
        String lAllowed = "an even integer >= 2 (checkerboard masks need even extents)";
        List<Integer> shape;
        if (s.has("lattice_shape")) {
            String allowed = "an array of 1 to 4 even integers >= 2, e.g. [8, 16]";
            shape = s.intList("lattice_shape", List.of(), 2, Integer.MAX_VALUE, allowed);
            if (shape.isEmpty() || shape.size() > 4) {
                throw s.bad("lattice_shape", s.raw("lattice_shape"), "has " + shape.size() + " extents", allowed);
            }
            for (int i = 0; i < shape.size(); i++) {
                if (shape.get(i) % 2 != 0) {
                    throw s.bad("lattice_shape", s.raw("lattice_shape"), "extent " + (i + 1) + " = " + shape.get(i)
                            + " is odd (checkerboard masks need even extents)", allowed);
                }
            }
            if (s.has("Nd")) {
                int nd = s.intValue("Nd", 0, 1, 4, ndAllowed);
                if (nd != shape.size()) {
                    throw s.bad("Nd", s.raw("Nd"), "inconsistent with lattice_shape = " + SectionReader.render(
                            s.raw("lattice_shape")), "omit Nd, or Nd = " + shape.size());
                }
            }
            if (s.has("L")) {
                int l = s.intValue("L", 0, 2, Integer.MAX_VALUE, lAllowed);
                if (!shape.stream().allMatch(x -> x == l)) {
                    throw s.bad("L", s.raw("L"), "inconsistent with lattice_shape = " + SectionReader.render(
                            s.raw("lattice_shape")), "omit L when the extents differ");
                }
            }
        } else {
            if (!s.has("Nd")) throw s.missing("Nd", ndAllowed);
            int nd = s.intValue("Nd", 0, 1, 4, ndAllowed);
            int l = s.intValue("L", 0, 2, Integer.MAX_VALUE, lAllowed);
            if (l % 2 != 0) throw s.bad("L", s.raw("L"), "odd", lAllowed);
            shape = Collections.nCopies(nd, l);
        }
        double volume = 1;
        for (int x : shape) volume *= x;
        if (volume > MAX_VOLUME) {
            String key = s.has("lattice_shape") ? "lattice_shape" : "L";
            throw s.bad(key, s.raw(key), String.format("lattice volume %.3g is too large", volume),
                    "a volume of at most 2^26 = " + MAX_VOLUME + " sites");
        }
        double m2 = s.requiredReal("M2", "a finite number (m²), e.g. M2 = -4.0");
        double lambda = s.requiredReal("lam", "a finite number >= 0 (λ), e.g. lam = 8.0");
        if (lambda < 0) throw s.bad("lam", s.raw("lam"), "negative λ makes the action unbounded below", "lam >= 0");
        if (lambda == 0 && m2 <= 0) {
            throw s.bad("lam", s.raw("lam"), "with M2 = " + m2 + " <= 0 the action is unbounded below",
                    "lam > 0, or lam = 0 with M2 > 0 (free field)");
        }
        return new PhysicalParams(shape, m2, lambda);
    }

    private ModelParams model(SectionReader s, PhysicalParams p) {
        long seed = s.integer("seed", Defaults.MODEL_SEED, 0, Long.MAX_VALUE, "an integer >= 0");
        boolean fourier = s.bool("fourier_base", Defaults.FOURIER_BASE);
        int nLayers = fourier
                ? s.intValue("n_layers", Defaults.N_LAYERS, 0, Integer.MAX_VALUE, "an integer >= 0 (with fourier_base = true)")
                : s.intValue("n_layers", Defaults.N_LAYERS, 1, Integer.MAX_VALUE, "an integer >= 1");
        List<Integer> hidden = s.intList("hidden_sizes", Defaults.HIDDEN_SIZES, 1, Integer.MAX_VALUE,
                "an array of integers >= 1, e.g. [8, 8]");
        String kAllowed = "an odd integer >= 1, e.g. 3";
        int k = s.intValue("kernel_size", Defaults.KERNEL_SIZE, 1, Integer.MAX_VALUE, kAllowed);
        if (k % 2 == 0) throw s.bad("kernel_size", s.raw("kernel_size"), "even", kAllowed);
        int inC = s.intValue("inC", Defaults.IN_C, 1, 1, "1 (one real field per site)");
        int outC = s.intValue("outC", Defaults.OUT_C, 2, 2, "2 (the coupling's s and t)");
        boolean tanh = s.bool("use_final_tanh", Defaults.USE_FINAL_TANH);
        boolean bn = s.bool("use_bn", Defaults.USE_BN);
        if (fourier && bn) {
            throw s.bad("fourier_base", true, "cannot be combined with use_bn = true",
                    "fourier_base = false, or use_bn = false");
        }
        boolean z2 = s.bool("z2_equivariant", Defaults.Z2_EQUIVARIANT);
        if (z2 && bn) {
            throw s.bad("z2_equivariant", s.raw("z2_equivariant"), "together with use_bn = true: batch norm is not supported with Z2-equivariant couplings",
                    "z2_equivariant = false, or use_bn = false");
        }
        CombinationalConv combinational = combinationalConv(s, p, bn);
        if (combinational.enabled() && (z2 || fourier)) {
            throw s.bad("combinational_conv", s.raw("combinational_conv"), "cannot be combined with "
                    + (z2 ? "z2_equivariant = true" : "fourier_base = true"), "combinational_conv = \"\" with "
                    + (z2 ? "z2_equivariant" : "fourier_base"));
        }
        List<Integer> channels = new ArrayList<>();
        channels.add(inC);
        channels.addAll(hidden);
        channels.add(outC);
        double perLayer = 0;
        for (int j = 0; j + 1 < channels.size(); j++) {
            perLayer += (double) channels.get(j + 1) * combinational.subsets()
                    * (channels.get(j) * Math.pow(k, combinational.enabled() ? combinational.k() : p.dimension()) + 1);
        }
        if (z2) perLayer *= 2; // two stacks (s and t) of one output channel each: at most twice as many
        if (perLayer * nLayers > Integer.MAX_VALUE - 8) {
            String key = s.has("hidden_sizes") ? "hidden_sizes" : s.has("kernel_size") ? "kernel_size" : "n_layers";
            throw s.bad(key, s.raw(key), String.format("the flow would have %.3g parameters", perLayer * nLayers),
                    "at most 2^31 - 9 parameters in total");
        }
        return new ModelParams(seed, nLayers, hidden, k, inC, outC, tanh, bn, fourier, z2, combinational);
    }

    /** {@code combinational_conv}: "" or GomalizingFlow's "dCk[_activation_last]" for this lattice's d. */
    private static CombinationalConv combinationalConv(SectionReader s, PhysicalParams p, boolean bn) {
        int d = p.dimension();
        StringBuilder names = new StringBuilder("\"\" (full convolutions)");
        for (int k = 1; k < d; k++) names.append(", \"").append(d).append('C').append(k).append('"');
        String allowed = names + (d > 1 ? ", each optionally with \"_activation_last\"" : "")
                + " (for Nd = " + d + ")";
        String text = s.string("combinational_conv", Defaults.COMBINATIONAL_CONV, allowed);
        CombinationalConv c = CombinationalConv.parse(text);
        if (c == null || (c.enabled() && c.dimension() != d)) {
            throw s.bad("combinational_conv", text, c == null ? "not a combinational convolution"
                    : "written for Nd = " + c.dimension() + ", the lattice has Nd = " + d, allowed);
        }
        if (c.enabled() && bn) {
            throw s.bad("combinational_conv", text, "cannot be combined with use_bn = true",
                    "use_bn = false with combinational convolutions (GomalizingFlow's notebooks have no batch norm)");
        }
        return c;
    }

    private TrainingParams training(SectionReader s, PhysicalParams p) {
        long seed = s.integer("seed", Defaults.TRAINING_SEED, 0, Long.MAX_VALUE, "an integer >= 0");
        long volume = 1;
        for (int x : p.latticeShape()) volume *= x;
        int maxBatch = (int) Math.min(Integer.MAX_VALUE, (Integer.MAX_VALUE - 8) / volume);
        int batch = s.intValue("batchsize", Defaults.BATCHSIZE, 1, maxBatch,
                "an integer 1 <= batchsize <= " + maxBatch + " (volume × batchsize < 2^31)");
        int epochs = s.intValue("epochs", Defaults.EPOCHS, 1, Integer.MAX_VALUE, "an integer >= 1");
        int iterations = s.intValue("iterations", Defaults.ITERATIONS, 1, Integer.MAX_VALUE, "an integer >= 1");
        double lr = s.real("base_lr", Defaults.BASE_LR, "a number > 0, e.g. 0.001");
        if (!(lr > 0)) throw s.bad("base_lr", s.raw("base_lr"), "must be > 0", "a number > 0, e.g. 0.001");
        OptimizerSpec opt = spec(s, "opt", "optimiser", SpecParser.OPT_ALLOWED, SpecParser::optimizer,
                Defaults.optimizer());
        PriorSpec prior = spec(s, "prior", "prior", SpecParser.PRIOR_ALLOWED, SpecParser::prior, Defaults.prior());
        ScheduleSpec schedule = spec(s, "lr_scheduler", "learning-rate schedule", SpecParser.SCHEDULE_ALLOWED,
                SpecParser::schedule, Defaults.schedule());
        String pretrained = s.string("pretrained", Defaults.PRETRAINED, "a file path, or \"\" for none");
        int ess = s.intValue("ess_samples", Defaults.ESS_SAMPLES, 2, Integer.MAX_VALUE, "an integer >= 2");
        int nsamples = s.intValue("nsamples", Defaults.NSAMPLES, 2, Integer.MAX_VALUE, "an integer >= 2");
        boolean skip = s.bool("skip_nonfinite", Defaults.SKIP_NONFINITE);
        String evalAllowed = "\"gomaflow\" (ours, the default) or \"gomalizingflow\" (GomalizingFlow's numbers)";
        String evalKey = s.string("evaluation", TrainingParams.Evaluation.GOMAFLOW.key(), evalAllowed);
        TrainingParams.Evaluation evaluation = TrainingParams.Evaluation.of(evalKey);
        if (evaluation == null) throw s.bad("evaluation", evalKey, "unknown evaluation", evalAllowed);
        boolean writeHistory = s.bool("write_history", true);
        String gradientAllowed = "\"standard\" (the reverse-KL estimator, the default) or \"path\" (path gradient)";
        String gradientKey = s.string("gradient", TrainingParams.Gradient.STANDARD.key(), gradientAllowed);
        TrainingParams.Gradient gradient = TrainingParams.Gradient.of(gradientKey);
        if (gradient == null) throw s.bad("gradient", gradientKey, "unknown gradient estimator", gradientAllowed);
        double start = schedule.learningRate(1, lr);
        if (Math.abs(start - lr) > 1e-6 * lr) {
            warnings.accept("training.lr_scheduler starts at " + start + " but base_lr = " + lr
                    + "; the schedule's rate is used");
        }
        return new TrainingParams(seed, batch, epochs, iterations, lr, opt, prior, schedule, pretrained, ess, nsamples,
                skip, evaluation, writeHistory, gradient);
    }

    private interface Grammar<T> {
        T parse(String text) throws SpecSyntaxException;
    }

    private static <T> T spec(SectionReader s, String key, String what, String allowed, Grammar<T> grammar, T fallback) {
        if (!s.has(key)) return fallback;
        String text = s.string(key, "", allowed);
        try {
            return grammar.parse(text);
        } catch (SpecSyntaxException e) {
            String at = e.column() > 0 ? "at column " + e.column() + ": " : "";
            throw new BadInputException(s.bad(key, text, "is not a valid " + what, null).getMessage() + ": "
                    + at + e.getMessage() + "; allowed: " + allowed);
        }
    }
}
