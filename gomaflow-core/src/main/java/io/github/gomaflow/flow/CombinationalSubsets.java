package io.github.gomaflow.flow;

import io.github.gomaflow.config.CombinationalConv;
import java.util.Arrays;

/**
 * The k-subsets of lattice directions of a combinational convolution "dCk" and where their taps
 * sit in the full k_s^d stencil (docs/ARCHITECTURE.md, "Combinational convolutions"; k_s = kernel
 * size). Subset i is the i-th k-subset of {0, …, d−1} in lexicographic order; its sub-convolution
 * has k_s^k taps tap' enumerating the offsets (o_{μ₁}, …, o_{μ_k}) ∈ {−r…r}^k over its directions
 * μ₁ &lt; … &lt; μ_k, μ₁ slowest — a convolution of the full stencil whose offsets vanish in the other
 * directions. Immutable; the tap lists are shared (do not modify).
 */
public final class CombinationalSubsets {
    private final CombinationalConv option;
    private final int count;
    private final int taps;
    private final int[][] directions;
    private final int[][] tapList;
    private final int[] unionTaps;
    private final int[][] unionPosition;
    private final int[][] offset;
    private final int perLayer;

    /**
     * @param channels the conditioner's channels [1, hidden…, 2]
     */
    CombinationalSubsets(int dimension, int kernelSize, CombinationalConv option, int[] channels) {
        if (option.dimension() != dimension) {
            throw new IllegalArgumentException("combinational convolution " + option.configName()
                    + " on a lattice of dimension " + dimension);
        }
        this.option = option;
        int k = option.k();
        this.count = option.subsets();
        int t = 1;
        for (int a = 0; a < k; a++) t *= kernelSize;
        this.taps = t;
        this.directions = new int[count][];
        int[] dirs = new int[k];
        for (int a = 0; a < k; a++) dirs[a] = a;
        for (int i = 0; i < count; i++) {
            directions[i] = dirs.clone();
            nextSubset(dirs, dimension);
        }
        this.tapList = new int[count][taps];
        int fullTaps = 1;
        for (int mu = 0; mu < dimension; mu++) fullTaps *= kernelSize;
        boolean[] inUnion = new boolean[fullTaps];
        for (int i = 0; i < count; i++) {
            for (int tp = 0; tp < taps; tp++) {
                int rest = tp;
                int full = 0;
                // full tap index = Σ_μ (o_μ + r)·k_s^{d−1−μ}; o_μ = r (index r) off the subset
                int[] digit = new int[dimension];
                Arrays.fill(digit, kernelSize / 2);
                for (int a = k - 1; a >= 0; a--) {
                    digit[directions[i][a]] = rest % kernelSize;
                    rest /= kernelSize;
                }
                for (int mu = 0; mu < dimension; mu++) full = full * kernelSize + digit[mu];
                tapList[i][tp] = full;
                inUnion[full] = true;
            }
        }
        int n = 0;
        int[] position = new int[fullTaps];
        int[] union = new int[fullTaps];
        for (int full = 0; full < fullTaps; full++) {
            if (inUnion[full]) {
                position[full] = n;
                union[n++] = full;
            }
        }
        this.unionTaps = Arrays.copyOf(union, n);
        this.unionPosition = new int[count][taps];
        for (int i = 0; i < count; i++) {
            for (int tp = 0; tp < taps; tp++) unionPosition[i][tp] = position[tapList[i][tp]];
        }
        this.offset = new int[channels.length - 1][count];
        int off = 0;
        for (int j = 0; j < channels.length - 1; j++) {
            for (int i = 0; i < count; i++) {
                offset[j][i] = off;
                off += channels[j + 1] * (channels[j] * taps + 1);
            }
        }
        this.perLayer = off;
    }

    /** The next k-subset in lexicographic order (the last one wraps to garbage, never used). */
    private static void nextSubset(int[] dirs, int dimension) {
        int k = dirs.length;
        int a = k - 1;
        while (a >= 0 && dirs[a] == dimension - k + a) a--;
        if (a < 0) return;
        dirs[a]++;
        for (int b = a + 1; b < k; b++) dirs[b] = dirs[b - 1] + 1;
    }

    /** The configuration option ("dCk", with or without "_activation_last"). */
    public CombinationalConv option() { return option; }
    /** n = C(d, k). */
    public int count() { return count; }
    /** k, the directions per subset. */
    public int k() { return option.k(); }
    /** k_s^k taps per sub-convolution. */
    public int taps() { return taps; }
    /** Whether the mean is taken before the activation ({@code _activation_last}). */
    public boolean activationLast() { return option.activationLast(); }
    /** The directions μ₁ &lt; … &lt; μ_k of subset i (do not modify). */
    public int[] directions(int subset) { return directions[subset]; }
    /** tapList(i)[tap'] = the full-stencil tap of subset i's tap' (do not modify). */
    public int[] tapList(int subset) { return tapList[subset]; }
    /** The full-stencil taps of at least one subset, increasing (do not modify). */
    public int[] unionTaps() { return unionTaps; }
    /** unionPosition(i)[tap'] = index of tapList(i)[tap'] in {@link #unionTaps()} (do not modify). */
    public int[] unionPosition(int subset) { return unionPosition[subset]; }
    /** Parameters of one coupling layer. */
    int perLayer() { return perLayer; }
    /** Offset of (conv j, subset i) inside a layer's segment. */
    int offset(int conv, int subset) { return offset[conv][subset]; }
}
