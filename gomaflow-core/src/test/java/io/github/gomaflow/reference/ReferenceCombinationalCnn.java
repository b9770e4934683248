package io.github.gomaflow.reference;

import io.github.gomaflow.flow.ParameterLayout;
import io.github.gomaflow.lattice.Lattice;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The conditioner of a coupling layer with GomalizingFlow's combinational convolutions, in double
 * precision and built independently of the engine's tap tables: sub-convolution i of conv j is a
 * full k^d {@link ReferenceConvolution} whose kernel is zero except at the offsets that vanish off
 * subset i's directions, where it holds that subset's weights. Subsets are the k-subsets of
 * {0…d−1} in lexicographic order (enumerated here), n = C(d, k):
 * <pre>
 *   out_j = (1/n) Σ_i a_j(pre_{j,i}),   pre_{j,i} = conv_{j,i}(out_{j−1})    (dCk)
 *   out_j = a_j((1/n) Σ_i pre_{j,i})                                         (dCk_activation_last)
 * </pre>
 * Parameters: sub-convolution (l, j, i) at {@link ParameterLayout#subsetWeightOffset} as
 * W[co][ci][tap'] (tap' over the subset's k^k offsets, its first direction slowest) and
 * {@link ParameterLayout#subsetBiasOffset}.
 */
final class ReferenceCombinationalCnn extends ReferenceCnn {
    private final ParameterLayout layout;
    private final int volume;
    private final boolean useFinalTanh;
    private final boolean activationLast;
    private final ReferenceConvolution convolution;
    /** embed[i][tap'] = the full-kernel tap of subset i's tap'. */
    private final int[][] embed;

    /** Per conv j: pre[j][i] = sub-convolution outputs, mean[j] = their mean (activation_last). */
    static final class SubsetCache extends Cache {
        final double[][][][] branch;
        final double[][][] mean;

        SubsetCache(int convs, int batch) {
            super(convs, batch);
            branch = new double[convs][][][];
            mean = new double[convs][][];
        }
    }

    ReferenceCombinationalCnn(Lattice lattice, ParameterLayout layout, boolean useFinalTanh) {
        super(lattice, layout, useFinalTanh, null);
        this.layout = layout;
        this.volume = lattice.volume();
        this.useFinalTanh = useFinalTanh;
        this.activationLast = layout.subsets().activationLast();
        this.convolution = new ReferenceConvolution(lattice, layout.kernelSize());
        this.embed = embedding(layout.dimension(), layout.subsets().k(), layout.kernelSize(), layout);
    }

    /** The k-subsets of {0…d−1}, lexicographic. */
    static List<int[]> subsets(int d, int k) {
        List<int[]> out = new ArrayList<>();
        for (int mask = 0; mask < 1 << d; mask++) {
            if (Integer.bitCount(mask) != k) continue;
            int[] s = new int[k];
            int n = 0;
            for (int mu = 0; mu < d; mu++) if ((mask >> mu & 1) != 0) s[n++] = mu;
            out.add(s);
        }
        out.sort((a, b) -> java.util.Arrays.compare(a, b));
        return out;
    }

    private static int[][] embedding(int d, int k, int kernel, ParameterLayout layout) {
        List<int[]> subsets = subsets(d, k);
        int r = kernel / 2;
        int subTaps = (int) Math.round(Math.pow(kernel, k));
        int[][] e = new int[subsets.size()][subTaps];
        for (int i = 0; i < subsets.size(); i++) {
            int[] dirs = subsets.get(i);
            int found = 0;
            for (int tap = 0; tap < layout.taps(); tap++) {
                int[] o = layout.tapOffset(tap);
                boolean inside = true;
                int sub = 0;
                int a = 0;
                for (int mu = 0; mu < d; mu++) {
                    if (a < k && dirs[a] == mu) {
                        sub = sub * kernel + o[mu] + r;
                        a++;
                    } else if (o[mu] != 0) {
                        inside = false;
                    }
                }
                if (inside) {
                    e[i][sub] = tap;
                    found++;
                }
            }
            if (found != subTaps) throw new AssertionError("subset " + i + ": " + found + " taps");
        }
        return e;
    }

    private boolean isFinal(int conv) { return conv == layout.convolutions() - 1; }

    private double activation(boolean tanh, double u) { return tanh ? Math.tanh(u) : (u > 0 ? u : LEAKY_SLOPE * u); }

    /** a'(u) from the pre-activation u. */
    private double slope(boolean tanh, double u) {
        if (!tanh) return u > 0 ? 1 : LEAKY_SLOPE;
        double y = Math.tanh(u);
        return 1 - y * y;
    }

    /** The full-kernel parameters [W[co][ci][k^d] | b[co]] of sub-convolution (l, j, i). */
    private double[] fullKernel(double[] params, int layer, int conv, int subset) {
        int cin = layout.inChannels(conv);
        int cout = layout.outChannels(conv);
        int full = layout.taps();
        int sub = embed[subset].length;
        double[] w = new double[cout * cin * full + cout];
        int w0 = layout.subsetWeightOffset(layer, conv, subset);
        for (int co = 0; co < cout; co++) {
            for (int ci = 0; ci < cin; ci++) {
                for (int t = 0; t < sub; t++) w[(co * cin + ci) * full + embed[subset][t]] = params[w0 + (co * cin + ci) * sub + t];
            }
            w[cout * cin * full + co] = params[layout.subsetBiasOffset(layer, conv, subset) + co];
        }
        return w;
    }

    @Override
    Cache forward(double[] params, int layer, double[] input, int batch) {
        int convs = layout.convolutions();
        int n = embed.length;
        SubsetCache c = new SubsetCache(convs, batch);
        c.act[0] = new double[][] {input};
        for (int j = 0; j < convs; j++) {
            int cout = layout.outChannels(j);
            boolean tanh = isFinal(j) && useFinalTanh;
            c.branch[j] = new double[n][][];
            double[][] out = new double[cout][volume * batch];
            double[][] mean = new double[cout][volume * batch];
            for (int i = 0; i < n; i++) {
                double[] w = fullKernel(params, layer, j, i);
                double[][] pre = convolution.forward(w, 0, cout * layout.inChannels(j) * layout.taps(),
                        layout.inChannels(j), cout, c.act[j], batch);
                c.branch[j][i] = pre;
                for (int co = 0; co < cout; co++) {
                    for (int x = 0; x < volume * batch; x++) {
                        mean[co][x] += pre[co][x] / n;
                        out[co][x] += activation(tanh, pre[co][x]) / n;
                    }
                }
            }
            if (activationLast) {
                for (int co = 0; co < cout; co++) {
                    for (int x = 0; x < volume * batch; x++) out[co][x] = activation(tanh, mean[co][x]);
                }
            }
            c.mean[j] = mean;
            c.act[j + 1] = out;
        }
        return c;
    }

    @Override
    double[] backward(double[] params, int layer, Cache cache, double[][] gradOut, double[] grad) {
        SubsetCache c = (SubsetCache) cache;
        int batch = c.batch;
        int n = embed.length;
        double[][] g = gradOut;
        for (int j = layout.convolutions() - 1; j >= 0; j--) {
            int cin = layout.inChannels(j);
            int cout = layout.outChannels(j);
            boolean tanh = isFinal(j) && useFinalTanh;
            double[][] gIn = new double[cin][volume * batch];
            for (int i = 0; i < n; i++) {
                double[][] gPre = new double[cout][volume * batch];
                for (int co = 0; co < cout; co++) {
                    for (int x = 0; x < volume * batch; x++) {
                        double u = activationLast ? c.mean[j][co][x] : c.branch[j][i][co][x];
                        gPre[co][x] = g[co][x] * slope(tanh, u) / n;
                    }
                }
                double[] w = fullKernel(params, layer, j, i);
                double[] gw = new double[w.length];
                double[][] gi = convolution.backward(w, 0, cout * cin * layout.taps(), cin, cout, c.act[j], gPre, batch, gw);
                addSubsetGradient(gw, layer, j, i, grad);
                for (int ci = 0; ci < cin; ci++) for (int x = 0; x < volume * batch; x++) gIn[ci][x] += gi[ci][x];
            }
            g = gIn;
        }
        return g[0];
    }

    private void addSubsetGradient(double[] gw, int layer, int conv, int subset, double[] grad) {
        int cin = layout.inChannels(conv);
        int cout = layout.outChannels(conv);
        int full = layout.taps();
        int sub = embed[subset].length;
        int w0 = layout.subsetWeightOffset(layer, conv, subset);
        for (int co = 0; co < cout; co++) {
            for (int ci = 0; ci < cin; ci++) {
                for (int t = 0; t < sub; t++) grad[w0 + (co * cin + ci) * sub + t] += gw[(co * cin + ci) * full + embed[subset][t]];
            }
            grad[layout.subsetBiasOffset(layer, conv, subset) + co] += gw[cout * cin * full + co];
        }
    }

    @Override
    void leakySigns(Cache cache, BitSet signs, int[] cursor) {
        SubsetCache c = (SubsetCache) cache;
        for (int j = 0; j < layout.convolutions(); j++) {
            if (isFinal(j) && useFinalTanh) continue;
            if (activationLast) {
                for (double[] plane : c.mean[j]) for (double u : plane) signs.set(cursor[0]++, u > 0);
            } else {
                for (double[][] pre : c.branch[j]) for (double[] plane : pre) for (double u : plane) signs.set(cursor[0]++, u > 0);
            }
        }
    }
}
