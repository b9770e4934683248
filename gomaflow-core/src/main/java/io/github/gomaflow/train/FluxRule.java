package io.github.gomaflow.train;

import io.github.gomaflow.config.OptimizerSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The optimisers of Flux's {@code Flux.Optimise} besides Adam, AdamW and Descent, with Flux's update rules
 * (Flux 0.13). g is the gradient, t the step (from 1), βᵢᵗ the bias powers; θ ← θ − Δ with
 * <pre>
 * Momentum   v ← ρv − ηg;                         Δ = −v
 * Nesterov   Δ = −(ρ²v − (1+ρ)ηg);  v ← ρv − ηg
 * RMSProp    a ← ρa + (1−ρ)g²;                    Δ = ηg / (√a + ε)
 * RAdam      m, v as Adam; ρ∞ = 2/(1−β₂) − 1, ρₜ = ρ∞ − 2tβ₂ᵗ/(1−β₂ᵗ);
 *            ρₜ &gt; 4: Δ = η r m̂ / (√v̂ + ε), r = √((ρₜ−4)(ρₜ−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρₜ));  else Δ = η m̂
 * AdaMax     m ← β₁m + (1−β₁)g;  u ← max(β₂u, |g|);  Δ = η/(1−β₁ᵗ) · m/(u + ε)
 * AdaGrad    a ← a + g² (a₀ = ε);                 Δ = ηg / (√a + ε)
 * AdaDelta   a ← ρa + (1−ρ)g²;  Δ = g √(d + ε)/√(a + ε);  d ← ρd + (1−ρ)Δ²   (no η)
 * AMSGrad    m, v as Adam (m₀ = v₀ = v̂₀ = ε);  v̂ ← max(v̂, v);  Δ = ηm / (√v̂ + ε)
 * NAdam      Δ = η (β₁m/(1 − β₁β₁ᵗ) + (1−β₁)g/(1−β₁ᵗ)) / (√(β₂v/(1−β₂ᵗ)) + ε)
 * OAdam      D ← η m̂ / (√v̂ + ε);  Δ = 2D − D_previous
 * AdaBelief  m ← β₁m + (1−β₁)g;  s ← β₂s + (1−β₂)(g−m)² + ε²;  Δ = η m̂ / (√(s/(1−β₂ᵗ)) + ε²)
 * </pre>
 * where m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ), m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g². Arithmetic per element is
 * in double; the state is stored as float and the update reads the stored values, so a checkpoint
 * restores it bit-identically. See examples/README.md for names and defaults.
 */
public final class FluxRule implements Optimizer {
    private final OptimizerSpec.Flux spec;
    private final OptimizerSpec.Rule rule;
    private final double beta1;
    private final double beta2;
    private final double rho;
    private final double epsilon;
    private final float[][] state;
    private final List<String> stateNames;
    private long t;

    /** A fresh optimiser for P parameters. */
    public FluxRule(OptimizerSpec.Flux spec, int parameterCount) {
        this.spec = spec;
        this.rule = spec.rule();
        this.beta1 = spec.beta1();
        this.beta2 = spec.beta2();
        this.rho = spec.rho();
        this.epsilon = spec.epsilon();
        if (rule.usesBeta && !(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException(rule.fluxName + " needs 0 <= beta < 1, got " + beta1 + ", " + beta2);
        }
        if (rule.usesRho && !(rho >= 0 && rho < 1)) throw new IllegalArgumentException(rule.fluxName + " needs 0 <= rho < 1, got " + rho);
        if (!(epsilon > 0)) throw new IllegalArgumentException(rule.fluxName + " needs epsilon > 0, got " + epsilon);
        String p = rule.fluxName.toLowerCase(java.util.Locale.ROOT) + "_";
        stateNames = switch (rule) {
            case MOMENTUM, NESTEROV -> List.of(p + "velocity");
            case RMSPROP, ADAGRAD -> List.of(p + "acc");
            case ADADELTA -> List.of(p + "acc", p + "delta_acc");
            case RADAM, NADAM -> List.of(p + "m", p + "v");
            case ADAMAX -> List.of(p + "m", p + "u");
            case ADABELIEF -> List.of(p + "m", p + "s");
            case AMSGRAD -> List.of(p + "m", p + "v", p + "vhat");
            case OADAM -> List.of(p + "m", p + "v", p + "previous_delta");
        };
        state = new float[stateNames.size()][parameterCount];
        if (rule == OptimizerSpec.Rule.ADAGRAD || rule == OptimizerSpec.Rule.AMSGRAD) {
            for (float[] s : state) java.util.Arrays.fill(s, (float) epsilon);
        }
    }

    @Override public void step(float[] params, float[] grad, double learningRate) {
        int n = state[0].length;
        if (params.length != n || grad.length != n) {
            throw new IllegalArgumentException("expected " + n + " parameters and gradients, got " + params.length + " and " + grad.length);
        }
        t++;
        double eta = learningRate;
        double c1 = 1.0 - Math.pow(beta1, t);
        double c2 = 1.0 - Math.pow(beta2, t);
        float[] s0 = state[0];
        float[] s1 = state.length > 1 ? state[1] : null;
        float[] s2 = state.length > 2 ? state[2] : null;
        switch (rule) {
            case MOMENTUM -> {
                for (int i = 0; i < n; i++) {
                    s0[i] = (float) (rho * s0[i] - eta * grad[i]);
                    params[i] = (float) (params[i] + (double) s0[i]);
                }
            }
            case NESTEROV -> {
                for (int i = 0; i < n; i++) {
                    double d = rho * rho * s0[i] - (1 + rho) * eta * grad[i];
                    s0[i] = (float) (rho * s0[i] - eta * grad[i]);
                    params[i] = (float) (params[i] + d);
                }
            }
            case RMSPROP -> {
                for (int i = 0; i < n; i++) {
                    double g = grad[i];
                    s0[i] = (float) (rho * s0[i] + (1 - rho) * g * g);
                    params[i] = (float) (params[i] - eta * g / (Math.sqrt(s0[i]) + epsilon));
                }
            }
            case ADAGRAD -> {
                for (int i = 0; i < n; i++) {
                    double g = grad[i];
                    s0[i] = (float) (s0[i] + g * g);
                    params[i] = (float) (params[i] - eta * g / (Math.sqrt(s0[i]) + epsilon));
                }
            }
            case ADADELTA -> {
                for (int i = 0; i < n; i++) {
                    double g = grad[i];
                    s0[i] = (float) (rho * s0[i] + (1 - rho) * g * g);
                    double delta = g * Math.sqrt(s1[i] + epsilon) / Math.sqrt(s0[i] + epsilon);
                    s1[i] = (float) (rho * s1[i] + (1 - rho) * delta * delta);
                    params[i] = (float) (params[i] - delta);
                }
            }
            case RADAM -> {
                double rhoInf = 2 / (1 - beta2) - 1;
                double b2t = Math.pow(beta2, t);
                double rhoT = rhoInf - 2 * t * b2t / (1 - b2t);
                boolean rectified = rhoT > 4;
                double r = rectified ? Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : 0;
                for (int i = 0; i < n; i++) {
                    double g = grad[i];
                    s0[i] = (float) (beta1 * s0[i] + (1 - beta1) * g);
                    s1[i] = (float) (beta2 * s1[i] + (1 - beta2) * g * g);
                    double delta = rectified ? s0[i] / c1 / (Math.sqrt(s1[i] / c2) + epsilon) * eta * r : s0[i] / c1 * eta;
                    params[i] = (float) (params[i] - delta);
                }
            }
            case ADAMAX -> {
                for (int i = 0; i < n; i++) {
                    double g = grad[i];
                    s0[i] = (float) (beta1 * s0[i] + (1 - beta1) * g);
                    s1[i] = (float) Math.max(beta2 * s1[i], Math.abs(g));
                    params[i] = (float) (params[i] - eta / c1 * s0[i] / (s1[i] + epsilon));
                }
            }
            case AMSGRAD -> {
                for (int i = 0; i < n; i++) {
                    double g = grad[i];
                    s0[i] = (float) (beta1 * s0[i] + (1 - beta1) * g);
                    s1[i] = (float) (beta2 * s1[i] + (1 - beta2) * g * g);
                    s2[i] = Math.max(s2[i], s1[i]);
                    params[i] = (float) (params[i] - eta * s0[i] / (Math.sqrt(s2[i]) + epsilon));
                }
            }
            case NADAM -> {
                double b1t = Math.pow(beta1, t);
                for (int i = 0; i < n; i++) {
                    double g = grad[i];
                    s0[i] = (float) (beta1 * s0[i] + (1 - beta1) * g);
                    s1[i] = (float) (beta2 * s1[i] + (1 - beta2) * g * g);
                    double delta = (beta1 * s0[i] / (1 - beta1 * b1t) + (1 - beta1) * g / c1)
                            / (Math.sqrt(s1[i] * beta2 / c2) + epsilon) * eta;
                    params[i] = (float) (params[i] - delta);
                }
            }
            case OADAM -> {
                for (int i = 0; i < n; i++) {
                    double g = grad[i];
                    s0[i] = (float) (beta1 * s0[i] + (1 - beta1) * g);
                    s1[i] = (float) (beta2 * s1[i] + (1 - beta2) * g * g);
                    double previous = s2[i];
                    s2[i] = (float) (eta * s0[i] / c1 / (Math.sqrt(s1[i] / c2) + epsilon));
                    params[i] = (float) (params[i] - (2.0 * s2[i] - previous));
                }
            }
            case ADABELIEF -> {
                double eps2 = epsilon * epsilon;
                for (int i = 0; i < n; i++) {
                    double g = grad[i];
                    s0[i] = (float) (beta1 * s0[i] + (1 - beta1) * g);
                    double dev = g - s0[i];
                    s1[i] = (float) (beta2 * s1[i] + (1 - beta2) * dev * dev + eps2);
                    params[i] = (float) (params[i] - eta * s0[i] / c1 / (Math.sqrt(s1[i] / c2) + eps2));
                }
            }
        }
    }

    @Override public long stepCount() { return t; }

    @Override public Map<String, float[]> state() {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (int k = 0; k < state.length; k++) out.put(stateNames.get(k), state[k]);
        return out;
    }

    @Override public void restore(long steps, Map<String, float[]> saved) {
        if (steps < 0) throw new IllegalArgumentException("negative step count " + steps);
        for (int k = 0; k < state.length; k++) {
            float[] s = saved.get(stateNames.get(k));
            if (s == null || s.length != state[k].length) {
                throw new IllegalArgumentException(rule.fluxName + " state needs " + stateNames + " of length " + state[k].length);
            }
        }
        for (int k = 0; k < state.length; k++) System.arraycopy(saved.get(stateNames.get(k)), 0, state[k], 0, state[k].length);
        t = steps;
    }

    @Override public String name() { return rule.fluxName; }

    /** The configuration this optimiser was built from. */
    public OptimizerSpec.Flux spec() { return spec; }
}
