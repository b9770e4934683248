package io.github.gomaflow.reference;

import io.github.gomaflow.flow.ParameterLayout;
import io.github.gomaflow.lattice.Lattice;
import io.github.gomaflow.nn.kernel.FlowKernels;

/**
 * The periodic CNN of one coupling layer in double precision: channels [1, hidden…, 2], for conv j
 * <pre>pre_j[co](x) = b[co] + Σ_ci Σ_tap W[co][ci][tap] · a_j[ci](x + offset(tap))   (periodic)</pre>
 * then optionally batch norm (see {@link ReferenceBatchNorm}), then the activation: leaky ReLU
 * (slope {@value #LEAKY_SLOPE}) after every conv except the last, which uses tanh when
 * {@code useFinalTanh} and leaky ReLU otherwise. a_0 is the input (m⊙φ). Or, for the stacks of a
 * Z2-equivariant model, one {@link ParameterLayout.ConvStack} of each layer ({@code s_net} or
 * {@code t_net}) with its own channels, activations (leaky ReLU, tanh or none) and biases (or none).
 *
 * <p>All planes use the layout {@code plane[site * B + b]}, one array per channel.
 */
class ReferenceCnn {
    /** Negative-side slope of the leaky ReLU (Flux and PyTorch default). */
    static final double LEAKY_SLOPE = 0.01;

    private final ParameterLayout layout;
    private final int volume;
    /** Which of {@link ParameterLayout#conditionerStacks} this network is. */
    private final int stackIndex;
    /** Activation mode after the last conv (GomalizingFlow net: from the constructor). */
    private final int lastMode;
    private final ReferenceConvolution convolution;
    private final ReferenceBatchNorm batchNorm;

    /**
     * Everything one evaluation stores for the backward pass. Index j = conv.
     * act[0] = input; pre[j] = conv output; norm[j] = batch-norm output (== pre[j] without BN);
     * act[j+1] = activation(norm[j]). Each plane is [V·B].
     */
    static class Cache {
        final int batch;
        final double[][][] act;
        final double[][][] pre;
        final double[][][] norm;
        final ReferenceBatchNorm.Stats[] stats;

        Cache(int convs, int batch) {
            this.batch = batch;
            act = new double[convs + 1][][];
            pre = new double[convs][][];
            norm = new double[convs][][];
            stats = new ReferenceBatchNorm.Stats[convs];
        }

        /** The network output channel c (0 = s, 1 = t), [V·B]; do not modify. */
        double[] output(int c) { return act[act.length - 1][c]; }
    }

    /** @param batchNorm null for a network without batch norm */
    ReferenceCnn(Lattice lattice, ParameterLayout layout, boolean useFinalTanh, ReferenceBatchNorm batchNorm) {
        this.layout = layout;
        this.volume = lattice.volume();
        this.stackIndex = 0;
        this.lastMode = useFinalTanh ? FlowKernels.TANH : FlowKernels.LEAKY_RELU;
        this.batchNorm = batchNorm;
        this.convolution = new ReferenceConvolution(lattice, layout.kernelSize());
    }

    /** Stack {@code stackIndex} of every layer's {@link ParameterLayout#conditionerStacks} (no batch norm). */
    ReferenceCnn(Lattice lattice, ParameterLayout layout, int stackIndex) {
        this.layout = layout;
        this.volume = lattice.volume();
        this.stackIndex = stackIndex;
        this.lastMode = layout.conditionerStacks(0).get(stackIndex).last();
        this.batchNorm = null;
        this.convolution = new ReferenceConvolution(lattice, layout.kernelSize());
    }

    private ParameterLayout.ConvStack stack(int layer) { return layout.conditionerStacks(layer).get(stackIndex); }

    private boolean isFinal(int conv) { return conv == layout.convolutions() - 1; }

    /** Activation mode after conv j. */
    private int mode(ParameterLayout.ConvStack stack, int conv) { return isFinal(conv) ? lastMode : stack.hidden(); }

    private static double activation(int mode, double u) {
        return switch (mode) {
            case FlowKernels.TANH -> Math.tanh(u);
            case FlowKernels.LEAKY_RELU -> u > 0 ? u : LEAKY_SLOPE * u;
            default -> u;
        };
    }

    /** a'(u) from the input u and the output y = a(u). */
    private static double derivative(int mode, double u, double y) {
        return switch (mode) {
            case FlowKernels.TANH -> 1 - y * y;
            case FlowKernels.LEAKY_RELU -> u > 0 ? 1 : LEAKY_SLOPE;
            default -> 1;
        };
    }

    /**
     * Runs the network of one coupling layer.
     *
     * @param params all flow parameters (read)
     * @param input  [V·B] the single input channel (read; kept by reference in the cache)
     */
    Cache forward(double[] params, int layer, double[] input, int batch) {
        int convs = layout.convolutions();
        ParameterLayout.ConvStack stack = stack(layer);
        Cache c = new Cache(convs, batch);
        c.act[0] = new double[][] {input};
        for (int j = 0; j < convs; j++) {
            c.pre[j] = convolve(params, layer, j, c.act[j], batch);
            if (batchNorm != null) {
                c.stats[j] = batchNorm.statistics(layer, j, c.pre[j]);
                c.norm[j] = batchNorm.apply(params, layer, j, c.stats[j], c.pre[j]);
            } else {
                c.norm[j] = c.pre[j];
            }
            double[][] a = new double[c.norm[j].length][volume * batch];
            int mode = mode(stack, j);
            for (int co = 0; co < a.length; co++) {
                for (int i = 0; i < a[co].length; i++) a[co][i] = activation(mode, c.norm[j][co][i]);
            }
            c.act[j + 1] = a;
        }
        return c;
    }

    private double[][] convolve(double[] params, int layer, int conv, double[][] in, int batch) {
        ParameterLayout.ConvStack stack = stack(layer);
        return convolution.forward(params, stack.weightOffset()[conv], stack.biasOffset()[conv],
                stack.channels()[conv], stack.channels()[conv + 1], in, batch);
    }

    /**
     * Back-propagates through the network.
     *
     * @param gradOut [2][V·B] dL/d(output channel) (read)
     * @param grad    all-parameter gradient; this layer's entries are incremented
     * @return dL/d(input) [V·B] (new array)
     */
    double[] backward(double[] params, int layer, Cache c, double[][] gradOut, double[] grad) {
        int batch = c.batch;
        double[][] g = gradOut;
        ParameterLayout.ConvStack stack = stack(layer);
        for (int j = layout.convolutions() - 1; j >= 0; j--) {
            int mode = mode(stack, j);
            double[][] gNorm = new double[c.act[j + 1].length][volume * batch];
            for (int co = 0; co < gNorm.length; co++) {
                for (int i = 0; i < gNorm[co].length; i++) {
                    gNorm[co][i] = g[co][i] * derivative(mode, c.norm[j][co][i], c.act[j + 1][co][i]);
                }
            }
            double[][] gPre = batchNorm == null ? gNorm
                    : batchNorm.backward(params, layer, j, c.stats[j], c.pre[j], gNorm, grad);
            g = convolveBackward(params, layer, j, c.act[j], gPre, batch, grad);
        }
        return g[0];
    }

    /** Accumulates dW, db into grad and returns dL/d(conv input). */
    private double[][] convolveBackward(double[] params, int layer, int conv, double[][] in, double[][] gOut,
                                        int batch, double[] grad) {
        ParameterLayout.ConvStack stack = stack(layer);
        return convolution.backward(params, stack.weightOffset()[conv], stack.biasOffset()[conv],
                stack.channels()[conv], stack.channels()[conv + 1], in, gOut, batch, grad);
    }

    /**
     * Appends the sign (pre-activation &gt; 0) of every leaky-ReLU input of a cache to {@code signs},
     * so a finite-difference test can tell when a step crossed a kink.
     */
    void leakySigns(Cache c, java.util.BitSet signs, int[] cursor) {
        ParameterLayout.ConvStack stack = stack(0);
        for (int j = 0; j < layout.convolutions(); j++) {
            if (mode(stack, j) != FlowKernels.LEAKY_RELU) continue;
            for (double[] plane : c.norm[j]) {
                for (double u : plane) signs.set(cursor[0]++, u > 0);
            }
        }
    }
}
