package io.github.gomaflow.flow;

import io.github.gomaflow.config.ModelParams;
import io.github.gomaflow.lattice.Lattice;

/**
 * A RealNVP flow: {@code nLayers} affine coupling layers with alternating checkerboard masks, each
 * with a periodic CNN (channels [1, hidden…, 2], kernel k, circular padding, leaky ReLU 0.01
 * between, final tanh or leaky ReLU).
 *
 * <h2>Parameter layout (shared by every implementation, the double reference included)</h2>
 * One flat {@code float[]}: for layer l = 0…n−1, for conv j = 0…(#channels−2): weights
 * {@code W[co][ci][tap]} (row-major) followed by bias {@code b[co]}. Taps enumerate offsets
 * (o₀,…,o_{d−1}) ∈ {−r…r}^d lexicographically with direction 0 slowest (r = k÷2), and
 * {@code out[co](x) = b[co] + Σ_ci Σ_tap W[co][ci][tap] · in[ci](x + offset(tap))} (periodic).
 *
 * <h2>Coupling (layer l)</h2>
 * Frozen sites (mask m = 1) are those with checkerboard parity ≠ l mod 2 (the convention of
 * arXiv:2101.08176). With (s, t) = output channels (0, 1) of the CNN applied to m⊙φ:
 * φ' = m⊙φ + (1−m)⊙(φ⊙e^s + t), log|det J| = Σ_x (1−m)⊙s.
 */
public final class FlowModel {
    private FlowModel() { throw new UnsupportedOperationException("API placeholder: filled in by the engine work"); }

    /** @return a new model with parameters initialised PyTorch-style from {@code spec.seed()}. */
    public static FlowModel create(Lattice lattice, ModelParams spec) { throw new UnsupportedOperationException(); }

    public Lattice lattice() { throw new UnsupportedOperationException(); }

    public ModelParams spec() { throw new UnsupportedOperationException(); }

    public int parameterCount() { throw new UnsupportedOperationException(); }

    /** The live flat parameter array (layout above); optimisers update it in place. */
    public float[] parameters() { throw new UnsupportedOperationException(); }
}
