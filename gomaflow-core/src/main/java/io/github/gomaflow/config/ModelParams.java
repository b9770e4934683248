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
 * @param combinationalConv full convolutions ({@link CombinationalConv#NONE}, default) or
 *                     GomalizingFlow's combinational ones ({@code combinational_conv = "3C2"} …)
 */
public record ModelParams(long seed, int nLayers, List<Integer> hiddenSizes, int kernelSize, int inC, int outC,
                          boolean useFinalTanh, boolean useBn, CombinationalConv combinationalConv) {
    public ModelParams {
        hiddenSizes = List.copyOf(hiddenSizes);
        java.util.Objects.requireNonNull(combinationalConv, "combinationalConv");
    }

    /** A model with full convolutions. */
    public ModelParams(long seed, int nLayers, List<Integer> hiddenSizes, int kernelSize, int inC, int outC,
                       boolean useFinalTanh, boolean useBn) {
        this(seed, nLayers, hiddenSizes, kernelSize, inC, outC, useFinalTanh, useBn, CombinationalConv.NONE);
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
