package io.github.gomaflow.flow;

import io.github.gomaflow.lattice.Lattice;
import io.github.gomaflow.nn.Stencil;
import io.github.gomaflow.nn.kernel.FlowKernels;

/**
 * The shape of one chunk of configurations as every layer sees it (docs/ARCHITECTURE.md, "Data
 * layout"): planes {@code x[site·S + b]} with lane stride S (the chunk size rounded up to the
 * kernels' vector length), channel stride cs = V·S, the neighbour tables of the stencil for this S,
 * and the checkerboard site lists. The engine sets the stride between calls ({@link #setStride});
 * during a call it is read-only and shared by all workers.
 */
public final class ChunkGeometry {
    private final Lattice lattice;
    private final FlowKernels kernels;
    private final int kernelSize;
    private final int volume;
    /** active[p]: sites with checkerboard parity p. */
    private final int[][] parity;
    private final int[] all;
    /** tapSub[q]: taps with |offset|₁ mod 2 = q. */
    private final int[][] tapSub;
    private Stencil stencil;
    private final Stencil[] sub = new Stencil[2];
    /** Stencils restricted to shared tap lists (combinational convolutions), for the current stride. */
    private final java.util.Map<int[], Stencil> restricted = new java.util.IdentityHashMap<>();
    private int stride;

    ChunkGeometry(Lattice lattice, int kernelSize, FlowKernels kernels) {
        this.lattice = lattice;
        this.kernels = kernels;
        this.kernelSize = kernelSize;
        this.volume = lattice.volume();
        this.parity = lattice.supportsCheckerboard()
                ? new int[][] {Stencil.sitesWithParity(lattice, 0), Stencil.sitesWithParity(lattice, 1)}
                : new int[][] {new int[0], new int[0]};
        this.all = Stencil.allSites(lattice);
        int d = lattice.dimension();
        this.tapSub = new int[][] {Stencil.tapsWithOffsetParity(d, kernelSize, 0),
            Stencil.tapsWithOffsetParity(d, kernelSize, 1)};
    }

    /** Rebuilds the neighbour tables for lane stride S (no-op if unchanged). */
    void setStride(int s) {
        if (stencil != null && stride == s) return;
        stencil = new Stencil(lattice, kernelSize, s);
        sub[0] = stencil.restrictTo(tapSub[0]);
        sub[1] = stencil.restrictTo(tapSub[1]);
        restricted.clear();
        stride = s;
    }

    /**
     * The stencil for the current stride restricted to {@code tapList} (a list shared by the layers
     * that use it, e.g. {@link CombinationalSubsets#tapList}; cached by identity until the stride
     * changes). Call from {@link FlowLayer#prepare} only: it may build tables and is not thread-safe.
     */
    public Stencil restrictedStencil(int[] tapList) {
        Stencil st = restricted.get(tapList);
        if (st == null) {
            st = stencil.restrictTo(tapList);
            restricted.put(tapList, st);
        }
        return st;
    }

    public Lattice lattice() { return lattice; }
    public FlowKernels kernels() { return kernels; }
    public int volume() { return volume; }
    /** Lane stride S of the current call. */
    public int stride() { return stride; }
    /** Channel stride V·S. */
    public int channelStride() { return volume * stride; }
    /** Sites of checkerboard parity p (do not modify). */
    public int[] sitesWithParity(int p) { return parity[p]; }
    /** Every site (do not modify). */
    public int[] allSites() { return all; }
    /** Taps with |offset|₁ mod 2 = q (do not modify). */
    public int[] tapsWithOffsetParity(int q) { return tapSub[q]; }
    /** The full stencil for the current stride. */
    public Stencil stencil() { return stencil; }
    /** The stencil restricted to {@link #tapsWithOffsetParity(int) taps of offset parity q}. */
    public Stencil subStencil(int q) { return sub[q]; }
}
