package io.github.gomaflow.cli;

import io.github.gomaflow.config.ConfigWriter;
import io.github.gomaflow.config.GomaConfig;
import io.github.gomaflow.config.ModelParams;
import io.github.gomaflow.config.OptimizerSpec;
import io.github.gomaflow.config.PhysicalParams;
import io.github.gomaflow.config.ScheduleSpec;
import io.github.gomaflow.config.TrainingParams;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The human-readable resolved configuration printed by {@code gomaflow config check}. */
final class ConfigSummary {
    private ConfigSummary() {}

    static String describe(GomaConfig c, String source) {
        StringBuilder b = new StringBuilder();
        b.append("configuration ").append(c.name()).append(" (").append(source).append(", version ")
                .append(c.version()).append(", device CPU)\n");
        PhysicalParams p = c.physical();
        int d = p.dimension();
        long volume = p.latticeShape().stream().mapToLong(Integer::longValue).reduce(1, (x, y) -> x * y);
        b.append("physics\n");
        row(b, "lattice", p.latticeShape().stream().map(String::valueOf).collect(Collectors.joining(" × "))
                + "  (d = " + d + ", V = " + volume + ", periodic)");
        row(b, "m²", num(p.mSquared()));
        row(b, "λ", num(p.lambda()));
        row(b, "action", "S = Σ_x [(m² + 2d) φ² + λ φ⁴ − 2 Σ_μ φ(x) φ(x+μ̂)],  m² + 2d = " + num(p.mSquared() + 2 * d));
        ModelParams m = c.model();
        b.append("model\n");
        row(b, "layers", m.nLayers() + " affine coupling layers, checkerboard masks");
        row(b, "channels", Arrays.toString(m.channels()) + "  (leaky ReLU between convolutions)");
        if (!m.combinationalConv().enabled()) {
            row(b, "kernel", m.kernelSize() + "^" + d + ", circular padding " + m.kernelSize() / 2);
        } else {
            var cc = m.combinationalConv();
            row(b, "kernel", cc.configName() + ": each convolution is the mean of " + cc.subsets() + " convolutions "
                    + m.kernelSize() + "^" + cc.k() + " over " + cc.k() + " of the " + d + " directions, "
                    + (cc.activationLast() ? "then the activation" : "each after its activation"));
        }
        row(b, "final tanh", String.valueOf(m.useFinalTanh()));
        row(b, "batch norm", String.valueOf(m.useBn()));
        if (m.fourierBase()) row(b, "fourier base", "φ = U·diag(σ)·Uᵀ·z first, one log σ per momentum orbit (free-field start)");
        if (m.z2Equivariant()) row(b, "Z2", "equivariant couplings: s_net on |m⊙φ|, t_net odd (tanh, no biases), f(−z) = −f(z)");
        row(b, "model seed", String.valueOf(m.seed()));
        long orbits = m.fourierBase() ? io.github.gomaflow.flow.FourierBasis.orbitCount(p.latticeShape()) : 0;
        row(b, "parameters", String.format(Locale.ROOT, "%,d", io.github.gomaflow.train.MemoryEstimate.parameterCount(d, m) + orbits)
                + (m.fourierBase() ? String.format(Locale.ROOT, "  (%,d of them Fourier widths, one per momentum orbit)", orbits) : ""));
        TrainingParams t = c.training();
        b.append("training\n");
        row(b, "seed", String.valueOf(t.seed()));
        row(b, "batch", String.valueOf(t.batchsize()));
        row(b, "steps", String.format(Locale.ROOT, "%d epochs × %d iterations = %,d", t.epochs(), t.iterations(),
                (long) t.epochs() * t.iterations()));
        row(b, "base lr", num(t.baseLr()));
        row(b, "optimizer", optimizer(t.optimizer()));
        row(b, "schedule", schedule(t.lrScheduler(), t.baseLr(), t.epochs()));
        row(b, "prior", ConfigWriter.prior(t.prior()));
        row(b, "gradient", t.gradient() == io.github.gomaflow.config.TrainingParams.Gradient.PATH
                ? "path (∇_φ[log q + S]·∂f/∂θ, docs/ARCHITECTURE.md)" : "standard (reverse KL)");
        if (t.evaluation() == io.github.gomaflow.config.TrainingParams.Evaluation.GOMALIZINGFLOW) {
            row(b, "evaluation", "gomalizingflow: ESS on one batch of " + t.batchsize() + ", acceptance in percent over "
                    + io.github.gomaflow.train.Evaluator.gfProposals(t.batchsize()) + " re-seeded proposals"
                    + " (ess_samples, nsamples unused)");
        } else {
            row(b, "ess_samples", String.valueOf(t.essSamples()));
            row(b, "nsamples", t.nsamples() + "  (Metropolis proposals per evaluation)");
        }
        row(b, "history", t.writeHistory() ? "history_final.npz, history_best_ess.npz (the evaluation chains)" : "not written");
        row(b, "non-finite", t.skipNonfinite() ? "skip the step (skip_nonfinite = true)" : "stop (skip_nonfinite = false)");
        row(b, "pretrained", t.pretrained().isEmpty() ? "none" : t.pretrained());
        return b.toString();
    }

    private static String optimizer(OptimizerSpec o) {
        return switch (o) {
            case OptimizerSpec.Adam a -> "Adam (β1 = " + num(a.beta1()) + ", β2 = " + num(a.beta2()) + ", ε = "
                    + num(a.epsilon()) + ")";
            case OptimizerSpec.AdamW a -> "AdamW (β1 = " + num(a.beta1()) + ", β2 = " + num(a.beta2()) + ", ε = "
                    + num(a.epsilon()) + ", decay = " + num(a.weightDecay()) + ")";
            case OptimizerSpec.Descent x -> "Descent (plain gradient descent)";
            case OptimizerSpec.Flux f -> f.rule().fluxName + " ("
                    + (f.rule().usesBeta ? "β1 = " + num(f.beta1()) + ", β2 = " + num(f.beta2()) + ", " : "")
                    + (f.rule().usesRho ? "ρ = " + num(f.rho()) + ", " : "") + "ε = " + num(f.epsilon())
                    + (f.rule() == OptimizerSpec.Rule.ADADELTA ? "; AdaDelta ignores the learning rate" : "") + ")";
        };
    }

    private static String schedule(ScheduleSpec s, double baseLr, int epochs) {
        if (s instanceof ScheduleSpec.Constant) return "constant";
        return ConfigWriter.schedule(s) + ": lr " + num(s.learningRate(1, baseLr)) + " at epoch 1, "
                + num(s.learningRate(epochs, baseLr)) + " at epoch " + epochs;
    }

    private static String num(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? String.valueOf(x) : String.format(Locale.ROOT, "%.6g", x)
                .replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replace(".e", "e").replaceAll("\\.$", "");
    }

    private static void row(StringBuilder b, String label, String value) {
        b.append("  ").append(String.format(Locale.ROOT, "%-13s", label)).append(value).append('\n');
    }
}
