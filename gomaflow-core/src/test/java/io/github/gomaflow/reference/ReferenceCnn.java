package io.github.gomaflow.reference;

import io.github.gomaflow.flow.ParameterLayout;
import io.github.gomaflow.lattice.Lattice;

/**
 * The periodic CNN of one coupling layer in double precision: channels [1, hidden…, 2], for conv j
 * <pre>pre_j[co](x) = b[co] + Σ_ci Σ_tap W[co][ci][tap] · a_j[ci](x + offset(tap))   (periodic)</pre>
 * then optionally batch norm (see {@link ReferenceBatchNorm}), then the activation: leaky ReLU
 * (slope {@value #LEAKY_SLOPE}) after every conv except the last, which uses tanh when
 * {@code useFinalTanh} and leaky ReLU otherwise. a_0 is the input (m⊙φ).
 *
 * <p>All planes use the layout {@code plane[site * B + b]}, one array per channel.
 */
class ReferenceCnn {
    /** Negative-side slope of the leaky ReLU (Flux and PyTorch default). */
    static final double LEAKY_SLOPE = 0.01;

    private final ParameterLayout layout;
    private final int volume;
    private final boolean useFinalTanh;
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
        this.useFinalTanh = useFinalTanh;
        this.batchNorm = batchNorm;
        this.convolution = new ReferenceConvolution(lattice, layout.kernelSize());
    }

    private boolean isFinal(int conv) { return conv == layout.convolutions() - 1; }

    /**
     * Runs the network of one coupling layer.
     *
     * @param params all flow parameters (read)
     * @param input  [V·B] the single input channel (read; kept by reference in the cache)
     */
    Cache forward(double[] params, int layer, double[] input, int batch) {
        int convs = layout.convolutions();
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
            boolean tanh = isFinal(j) && useFinalTanh;
            for (int co = 0; co < a.length; co++) {
                for (int i = 0; i < a[co].length; i++) {
                    double u = c.norm[j][co][i];
                    a[co][i] = tanh ? Math.tanh(u) : (u > 0 ? u : LEAKY_SLOPE * u);
                }
            }
            c.act[j + 1] = a;
        }
        return c;
    }

    private double[][] convolve(double[] params, int layer, int conv, double[][] in, int batch) {
        return convolution.forward(params, layout.weightOffset(layer, conv), layout.biasOffset(layer, conv),
                layout.inChannels(conv), layout.outChannels(conv), in, batch);
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
        for (int j = layout.convolutions() - 1; j >= 0; j--) {
            boolean tanh = isFinal(j) && useFinalTanh;
            double[][] gNorm = new double[g.length][volume * batch];
            for (int co = 0; co < g.length; co++) {
                for (int i = 0; i < gNorm[co].length; i++) {
                    double slope = tanh ? 1 - c.act[j + 1][co][i] * c.act[j + 1][co][i]
                            : (c.norm[j][co][i] > 0 ? 1 : LEAKY_SLOPE);
                    gNorm[co][i] = g[co][i] * slope;
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
        return convolution.backward(params, layout.weightOffset(layer, conv), layout.biasOffset(layer, conv),
                layout.inChannels(conv), layout.outChannels(conv), in, gOut, batch, grad);
    }

    /**
     * Appends the sign (pre-activation &gt; 0) of every leaky-ReLU input of a cache to {@code signs},
     * so a finite-difference test can tell when a step crossed a kink.
     */
    void leakySigns(Cache c, java.util.BitSet signs, int[] cursor) {
        for (int j = 0; j < layout.convolutions(); j++) {
            if (isFinal(j) && useFinalTanh) continue;
            for (double[] plane : c.norm[j]) {
                for (double u : plane) signs.set(cursor[0]++, u > 0);
            }
        }
    }
}
