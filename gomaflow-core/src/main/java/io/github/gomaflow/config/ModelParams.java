package io.github.gomaflow.config;

import java.util.List;

/**
 * GomalizingFlow's {@code [model]} section: a stack of {@code nLayers} affine coupling layers, each
 * with a periodic CNN of channels {@code [inC, hiddenSizes…, outC]}.
 *
 * @param seed         model-initialisation seed (GomalizingFlow default 2021)
 * @param nLayers      number of coupling layers (default 16)
 * @param hiddenSizes  hidden channel counts (default [8, 8])
 * @param kernelSize   odd convolution kernel size (default 3)
 * @param inC          input channels, must be 1
 * @param outC         output channels, must be 2 (s and t)
 * @param useFinalTanh tanh after the last convolution (default true), else leaky ReLU
 * @param useBn        batch norm after every convolution, the last included (default false)
 * @param fourierBase  a Fourier (free-field) layer φ = U·diag(σ)·Uᵀ·z before the couplings (default false;
 *                     docs/ARCHITECTURE.md, "Fourier base layer"); allows {@code nLayers = 0}
 * @param z2Equivariant Z2-equivariant couplings, f(−z) = −f(z) (gomaflow extension {@code z2_equivariant},
 *                      default false): s from a network of |m⊙φ|, t from an odd network of m⊙φ
 *                      (docs/ARCHITECTURE.md, "Z2-equivariant coupling")
 * @param combinationalConv full convolutions ({@link CombinationalConv#NONE}, default) or
 *                     GomalizingFlow's combinational ones ({@code combinational_conv = "3C2"} …)
 */
public record ModelParams(long seed, int nLayers, List<Integer> hiddenSizes, int kernelSize, int inC, int outC,
                          boolean useFinalTanh, boolean useBn, boolean fourierBase, boolean z2Equivariant,
                          CombinationalConv combinationalConv) {
    public ModelParams {
        hiddenSizes = List.copyOf(hiddenSizes);
        java.util.Objects.requireNonNull(combinationalConv, "combinationalConv");
    }

    /** GomalizingFlow's model: full convolutions, no Fourier base layer, no Z2 equivariance. */
    public ModelParams(long seed, int nLayers, List<Integer> hiddenSizes, int kernelSize, int inC, int outC,
                       boolean useFinalTanh, boolean useBn) {
        this(seed, nLayers, hiddenSizes, kernelSize, inC, outC, useFinalTanh, useBn, Defaults.FOURIER_BASE,
                Defaults.Z2_EQUIVARIANT, CombinationalConv.NONE);
    }

    /** With full convolutions and the given Fourier base layer and Z2 choices. */
    public ModelParams(long seed, int nLayers, List<Integer> hiddenSizes, int kernelSize, int inC, int outC,
                       boolean useFinalTanh, boolean useBn, boolean fourierBase, boolean z2Equivariant) {
        this(seed, nLayers, hiddenSizes, kernelSize, inC, outC, useFinalTanh, useBn, fourierBase, z2Equivariant,
                CombinationalConv.NONE);
    }

    /** GomalizingFlow's model with the given (combinational) convolutions. */
    public ModelParams(long seed, int nLayers, List<Integer> hiddenSizes, int kernelSize, int inC, int outC,
                       boolean useFinalTanh, boolean useBn, CombinationalConv combinationalConv) {
        this(seed, nLayers, hiddenSizes, kernelSize, inC, outC, useFinalTanh, useBn, Defaults.FOURIER_BASE,
                Defaults.Z2_EQUIVARIANT, combinationalConv);
    }

    /** Channel counts of the CNN: [inC, hidden…, outC]. */
    public int[] channels() {
        int[] c = new int[hiddenSizes.size() + 2];
        c[0] = inC;
        for (int i = 0; i < hiddenSizes.size(); i++) c[i + 1] = hiddenSizes.get(i);
        c[c.length - 1] = outC;
        return c;
    }
}
