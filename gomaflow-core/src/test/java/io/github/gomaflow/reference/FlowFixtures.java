package io.github.gomaflow.reference;

import io.github.gomaflow.config.ModelParams;
import io.github.gomaflow.flow.ParameterLayout;
import io.github.gomaflow.lattice.Lattice;
import io.github.gomaflow.rng.Streams;
import java.util.List;
import java.util.random.RandomGenerator;

/** Shared set-ups for flow tests: model specs, random parameters, prior samples. */
public final class FlowFixtures {
    private FlowFixtures() {}

    /** A model spec with the given layers, hidden sizes, kernel, final activation and BN; seed 2021. */
    public static ModelParams spec(int nLayers, List<Integer> hidden, int kernel, boolean finalTanh, boolean useBn) {
        return new ModelParams(2021, nLayers, hidden, kernel, 1, 2, finalTanh, useBn);
    }

    /**
     * Random parameters far from the identity map: every conv weight and bias uniform in
     * ±scale/√(c_in·k^d) (k^k for a combinational sub-convolution) but at least 0.2 of that in magnitude
     * (non-zero), BN γ in [0.5, 1.5], β in ±0.5; with Z2 equivariance the same for every tensor of s_net and t_net.
     *
     * @return [reference parameterCount()] (new)
     */
    public static double[] randomParams(Lattice lattice, ModelParams spec, double scale, long seed) {
        ParameterLayout layout = new ParameterLayout(lattice, spec);
        int total = layout.parameterCount() + (spec.useBn() ? ReferenceBatchNorm.parameterCount(layout) : 0)
                + layout.z2ParameterCount() + layout.subsetParameterCount();
        double[] p = new double[total];
        RandomGenerator rng = Streams.stream(seed, "test-params");
        for (int l = 0; l < layout.layers() && spec.z2Equivariant(); l++) {
            for (ParameterLayout.ConvStack stack : layout.conditionerStacks(l)) {
                for (int j = 0; j < stack.convolutions(); j++) {
                    int[] c = stack.channels();
                    double bound = scale / Math.sqrt(c[j] * (double) layout.taps());
                    int start = stack.weightOffset()[j];
                    int end = start + c[j + 1] * c[j] * layout.taps();
                    for (int i = start; i < end; i++) p[i] = nonZero(rng, bound);
                    for (int i = 0; stack.hasBias(j) && i < c[j + 1]; i++) p[stack.biasOffset()[j] + i] = nonZero(rng, bound);
                }
            }
        }
        for (int l = 0; l < layout.layers() && !spec.z2Equivariant() && layout.subsets() == null; l++) {
            for (int j = 0; j < layout.convolutions(); j++) {
                double bound = scale / Math.sqrt(layout.inChannels(j) * (double) layout.taps());
                int start = layout.weightOffset(l, j);
                int end = layout.biasOffset(l, j) + layout.outChannels(j);
                for (int i = start; i < end; i++) {
                    double u = rng.nextDouble(0.2, 1.0);
                    p[i] = (rng.nextBoolean() ? u : -u) * bound;
                }
            }
        }
        if (layout.subsets() != null) {
            for (int l = 0; l < layout.layers(); l++) {
                for (int j = 0; j < layout.convolutions(); j++) {
                    double bound = scale / Math.sqrt(layout.inChannels(j) * (double) layout.subsets().taps());
                    for (int i = 0; i < layout.subsets().count(); i++) {
                        int end = layout.subsetBiasOffset(l, j, i) + layout.outChannels(j);
                        for (int x = layout.subsetWeightOffset(l, j, i); x < end; x++) {
                            double u = rng.nextDouble(0.2, 1.0);
                            p[x] = (rng.nextBoolean() ? u : -u) * bound;
                        }
                    }
                }
            }
        }
        if (spec.useBn()) {
            int g = layout.parameterCount(); // layer-major, then conv: γ[c] then β[c]
            for (int l = 0; l < layout.layers(); l++) {
                for (int j = 0; j < layout.convolutions(); j++) {
                    int c = layout.outChannels(j);
                    for (int k = 0; k < c; k++) p[g + k] = rng.nextDouble(0.5, 1.5);
                    for (int k = 0; k < c; k++) p[g + c + k] = rng.nextDouble(-0.5, 0.5);
                    g += 2 * c;
                }
            }
        }
        return p;
    }

    /** Uniform in ±bound, at least 0.2·bound in magnitude. */
    private static double nonZero(RandomGenerator rng, double bound) {
        double u = rng.nextDouble(0.2, 1.0);
        return (rng.nextBoolean() ? u : -u) * bound;
    }

    /** A Z2-equivariant model spec (no batch norm); seed 2021. */
    public static ModelParams z2Spec(int nLayers, List<Integer> hidden, int kernel, boolean finalTanh) {
        return new ModelParams(2021, nLayers, hidden, kernel, 1, 2, finalTanh, false, false, true);
    }

    /** z ~ N(0, 1) per site and configuration, [V·B] (new). */
    public static double[] normalSample(Lattice lattice, int batch, long seed) {
        RandomGenerator rng = Streams.stream(seed, "test-z");
        double[] z = new double[lattice.volume() * batch];
        for (int i = 0; i < z.length; i++) z[i] = rng.nextGaussian();
        return z;
    }
}
