package io.github.gomaflow.config;

import java.util.List;
import java.util.stream.Collectors;
import org.tomlj.Toml;

/**
 * Writes a {@link GomaConfig} as GomalizingFlow-format TOML with every key explicit (defaults
 * resolved) and the strings in GomalizingFlow's (Julia) syntax, e.g. {@code "Normal{Float32}(0.0, 1.0)"}.
 * {@link ConfigLoader#parse(String, String)} of the output gives back an equal config (up to its name,
 * which comes from the file name). Used for {@code config.toml} in result directories.
 */
public final class ConfigWriter {
    private ConfigWriter() {}

    public static String toToml(GomaConfig c) {
        StringBuilder b = new StringBuilder();
        b.append("# gomaflow configuration \"").append(c.name()).append("\", resolved: every default is explicit.\n");
        b.append("[config]\nversion = ").append(str(c.version())).append("\n\n");
        b.append("[device]\ndevice_id = ").append(c.device().deviceId()).append(" # -1 = CPU\n\n");
        TrainingParams t = c.training();
        b.append("[training]\n");
        b.append("seed = ").append(t.seed()).append('\n');
        b.append("batchsize = ").append(t.batchsize()).append('\n');
        b.append("epochs = ").append(t.epochs()).append('\n');
        b.append("iterations = ").append(t.iterations()).append('\n');
        b.append("base_lr = ").append(num(t.baseLr())).append('\n');
        b.append("opt = ").append(str(optimizer(t.optimizer()))).append('\n');
        b.append("prior = ").append(str(prior(t.prior()))).append('\n');
        b.append("lr_scheduler = ").append(str(schedule(t.lrScheduler()))).append('\n');
        b.append("pretrained = ").append(str(t.pretrained())).append('\n');
        b.append("ess_samples = ").append(t.essSamples()).append(" # gomaflow extension\n");
        b.append("nsamples = ").append(t.nsamples()).append(" # gomaflow extension\n");
        b.append("skip_nonfinite = ").append(t.skipNonfinite()).append(" # gomaflow extension\n");
        b.append("evaluation = ").append(str(t.evaluation().key())).append(" # gomaflow extension\n");
        b.append("write_history = ").append(t.writeHistory()).append(" # gomaflow extension\n");
        b.append("gradient = ").append(str(t.gradient().key())).append(" # gomaflow extension\n\n");
        PhysicalParams p = c.physical();
        b.append("[physical]\n");
        List<Integer> shape = p.latticeShape();
        if (shape.stream().distinct().count() == 1) {
            b.append("L = ").append(shape.get(0)).append('\n');
            b.append("Nd = ").append(shape.size()).append('\n');
        } else {
            b.append("lattice_shape = ").append(ints(shape)).append(" # gomaflow extension\n");
        }
        b.append("M2 = ").append(num(p.mSquared())).append(" # m²\n");
        b.append("lam = ").append(num(p.lambda())).append(" # λ\n\n");
        ModelParams m = c.model();
        b.append("[model]\n");
        b.append("seed = ").append(m.seed()).append('\n');
        b.append("n_layers = ").append(m.nLayers()).append('\n');
        b.append("hidden_sizes = ").append(ints(m.hiddenSizes())).append('\n');
        b.append("kernel_size = ").append(m.kernelSize()).append('\n');
        b.append("inC = ").append(m.inC()).append('\n');
        b.append("outC = ").append(m.outC()).append('\n');
        b.append("use_final_tanh = ").append(m.useFinalTanh()).append('\n');
        b.append("use_bn = ").append(m.useBn()).append('\n');
        if (m.fourierBase()) b.append("fourier_base = true # gomaflow extension\n");
        b.append("z2_equivariant = ").append(m.z2Equivariant()).append(" # gomaflow extension\n");
        if (m.combinationalConv().enabled()) {
            b.append("combinational_conv = \"").append(m.combinationalConv().configName()).append("\" # gomaflow extension\n");
        }
        return b.toString();
    }

    /** The prior in GomalizingFlow syntax, e.g. {@code Potential{Float32}(; m²=-4.0, λ=8.0, xmin=-2.0, xmax=2.0)}. */
    public static String prior(PriorSpec p) {
        return switch (p) {
            case PriorSpec.Normal n -> "Normal{Float32}(" + num(n.mean()) + ", " + num(n.sigma()) + ")";
            case PriorSpec.Potential q -> "Potential{Float32}(; m²=" + num(q.mSquared()) + ", λ=" + num(q.lambda())
                    + ", xmin=" + num(q.xmin()) + ", xmax=" + num(q.xmax()) + ")";
            case PriorSpec.Univariate u -> u.name() + "{Float32}(" + num(u.a()) + (u.name().equals("TDist") ? "" : ", " + num(u.b())) + ")";
        };
    }

    /** The optimiser as a Flux name; keywords only where a value differs from Flux's default. */
    public static String optimizer(OptimizerSpec o) {
        return switch (o) {
            case OptimizerSpec.Adam a -> "Adam" + adamKeywords(a.beta1(), a.beta2(), a.epsilon(), null);
            case OptimizerSpec.AdamW a -> "AdamW" + adamKeywords(a.beta1(), a.beta2(), a.epsilon(),
                    a.weightDecay() == Defaults.ADAMW_DECAY ? null : a.weightDecay());
            case OptimizerSpec.Descent d -> "Descent";
            case OptimizerSpec.Flux f -> f.rule().fluxName + fluxKeywords(f);
        };
    }

    private static String fluxKeywords(OptimizerSpec.Flux f) {
        if (f.equals(OptimizerSpec.Flux.defaults(f.rule()))) return "";
        StringBuilder b = new StringBuilder("(");
        if (f.rule().usesBeta) b.append("β1=").append(num(f.beta1())).append(", β2=").append(num(f.beta2())).append(", ");
        if (f.rule().usesRho) b.append("ρ=").append(num(f.rho())).append(", ");
        return b.append("ε=").append(num(f.epsilon())).append(')').toString();
    }

    private static String adamKeywords(double b1, double b2, double eps, Double decay) {
        if (b1 == Defaults.BETA1 && b2 == Defaults.BETA2 && eps == Defaults.EPSILON && decay == null) return "";
        return "(β1=" + num(b1) + ", β2=" + num(b2) + ", ε=" + num(eps) + (decay == null ? "" : ", decay=" + num(decay))
                + ")";
    }

    /** The schedule in ParameterSchedulers.jl syntax; "" for a constant rate. */
    public static String schedule(ScheduleSpec s) {
        return switch (s) {
            case ScheduleSpec.Constant c -> "";
            case ScheduleSpec.Step st -> "Step(" + num(st.start()) + ", " + num(st.decay()) + ", " + ints(st.stepSizes()) + ")";
            case ScheduleSpec.StepEvery st -> "Step(" + num(st.start()) + ", " + num(st.decay()) + ", " + st.stepSize() + ")";
            case ScheduleSpec.Exp e -> "Exp(" + num(e.start()) + ", " + num(e.decay()) + ")";
            case ScheduleSpec.Cosine c -> "CosAnneal(λ0=" + num(c.start()) + ", λ1=" + num(c.end()) + ", period=" + c.period()
                    + (c.restart() ? "" : ", restart=false") + ")";
            case ScheduleSpec.Fixed f -> num(f.rate());
            case ScheduleSpec.Sequence q -> "Sequence(" + q.schedules().stream().map(ConfigWriter::schedule)
                    .collect(Collectors.joining(", ", "[", "]")) + ", " + ints(q.stepSizes()) + ")";
            case ScheduleSpec.Loop l -> "Loop(" + schedule(l.schedule()) + ", " + l.period() + ")";
            case ScheduleSpec.Shifted h -> "Shifted(" + schedule(h.schedule()) + ", " + h.offset() + ")";
            case ScheduleSpec.OneCycle o -> "OneCycle(" + o.nsteps() + ", " + num(o.maxval()) + "; startval=" + num(o.startval())
                    + ", endval=" + num(o.endval()) + ", percent_start=" + num(o.percentStart()) + ")";
            case ScheduleSpec.Poly p -> "Poly(" + num(p.start()) + ", " + p.degree() + ", " + p.maxIter() + ")";
            case ScheduleSpec.Inv i -> "Inv(" + num(i.start()) + ", " + num(i.decay()) + ", " + i.degree() + ")";
            case ScheduleSpec.Wave w -> w.shape().juliaName + "(" + num(w.range()) + ", " + num(w.offset()) + ", " + w.period()
                    + (w.shape().hasDecay() ? ", " + num(w.decay()) : "") + ")";
        };
    }

    /** Shortest decimal that reads back as the same double; valid in TOML, Julia and our grammar. */
    private static String num(double x) { return Double.toString(x); }

    private static String ints(List<Integer> xs) {
        return xs.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String str(String s) { return "\"" + Toml.tomlEscape(s) + "\""; }
}
