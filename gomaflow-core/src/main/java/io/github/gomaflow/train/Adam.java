package io.github.gomaflow.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam (Kingma &amp; Ba, ICLR 2015, arXiv:1412.6980) with bias correction, and AdamW (Loshchilov &amp;
 * Hutter, ICLR 2019, arXiv:1711.05101) when the weight decay λ is non-zero. At step t (from 1):
 * <pre>
 * m ← β₁ m + (1 − β₁) g,   v ← β₂ v + (1 − β₂) g²
 * θ ← θ − η [ m / (1 − β₁ᵗ) / ( √(v / (1 − β₂ᵗ)) + ε ) + λ θ ]
 * </pre>
 * the form of Flux/Optimisers.jl and PyTorch (ε outside the root; the decay scaled by η as in
 * torch.optim.AdamW and Optimisers.jl's coupled AdamW). Arithmetic per element is in double;
 * moments are stored as float so that a checkpoint holds them exactly.
 */
public final class Adam implements Optimizer {
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final float[] m;
    private final float[] v;
    private long t;

    /**
     * @param parameterCount P
     * @param weightDecay    λ ≥ 0 (0 = plain Adam)
     */
    public Adam(int parameterCount, double beta1, double beta2, double epsilon, double weightDecay) {
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam needs 0 <= beta < 1, got beta1=" + beta1 + ", beta2=" + beta2);
        }
        if (!(epsilon > 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("Adam needs epsilon > 0 and weight decay >= 0, got " + epsilon + ", " + weightDecay);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        this.m = new float[parameterCount];
        this.v = new float[parameterCount];
    }

    /** Adam with Flux's defaults β = (0.9, 0.999), ε = 1e−8. */
    public static Adam withDefaults(int parameterCount) { return new Adam(parameterCount, 0.9, 0.999, 1e-8, 0.0); }

    @Override public void step(float[] params, float[] grad, double learningRate) {
        if (params.length != m.length || grad.length != m.length) {
            throw new IllegalArgumentException("expected " + m.length + " parameters and gradients, got "
                    + params.length + " and " + grad.length);
        }
        t++;
        double c1 = 1.0 - Math.pow(beta1, t);
        double c2 = 1.0 - Math.pow(beta2, t);
        for (int i = 0; i < m.length; i++) {
            double g = grad[i];
            double mi = beta1 * m[i] + (1.0 - beta1) * g;
            double vi = beta2 * v[i] + (1.0 - beta2) * g * g;
            m[i] = (float) mi;
            v[i] = (float) vi;
            double delta = (double) m[i] / c1 / (Math.sqrt((double) v[i] / c2) + epsilon) + weightDecay * params[i];
            params[i] = (float) (params[i] - learningRate * delta);
        }
    }

    @Override public long stepCount() { return t; }

    @Override public Map<String, float[]> state() {
        Map<String, float[]> s = new LinkedHashMap<>();
        s.put("adam_m", m);
        s.put("adam_v", v);
        return s;
    }

    @Override public void restore(long steps, Map<String, float[]> state) {
        float[] sm = state.get("adam_m");
        float[] sv = state.get("adam_v");
        if (sm == null || sv == null || sm.length != m.length || sv.length != v.length) {
            throw new IllegalArgumentException("Adam state needs adam_m and adam_v of length " + m.length);
        }
        if (steps < 0) throw new IllegalArgumentException("negative step count " + steps);
        System.arraycopy(sm, 0, m, 0, m.length);
        System.arraycopy(sv, 0, v, 0, v.length);
        t = steps;
    }

    @Override public String name() { return weightDecay == 0 ? "Adam" : "AdamW"; }
}
