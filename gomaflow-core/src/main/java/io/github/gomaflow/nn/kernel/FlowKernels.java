package io.github.gomaflow.nn.kernel;

/**
 * The allocation-free hot loops of the flow engine, behind one interface with a Vector API
 * implementation ({@code VectorKernels}) and a plain-Java fallback ({@link ScalarKernels}); see
 * {@link Kernels#selected()}.
 *
 * <h2>Layout</h2>
 * A tensor of C channels is one {@code float[]} of C planes, plane c starting at {@code c·cs}
 * ({@code cs} = channel stride ≥ V·S). Inside a plane, {@code x[site·S + b]} with the batch lane b
 * innermost; the lane stride S is a multiple of {@link #laneMultiple()}. Every operation runs over a
 * list of sites {@code sites[0..nSites)} and all S lanes of each.
 *
 * <h2>Stencils</h2>
 * {@code nbr[site·T + tap]} = (site + offset(tap))·S, premultiplied by the lane stride, T taps.
 * The transposed convolution uses the table of negated offsets.
 *
 * <h2>Weights</h2>
 * Convolutions read packed weights {@code wp[(ci·T + tap)·cout + co]}; weight gradients are
 * accumulated in the model layout {@code grad[wOff + (co·cin + ci)·T + tap]}, {@code grad[bOff + co]}.
 */
public interface FlowKernels {
    /** Store the plain linear output. */
    int LINEAR = 0;
    /** Store leaky ReLU (slope {@link #LEAKY_SLOPE}) of the output. */
    int LEAKY_RELU = 1;
    /** Store tanh of the output. */
    int TANH = 2;
    /** Store the output times leaky-ReLU'(y), with y the post-activation values given in {@code act}. */
    int TIMES_LEAKY_DERIVATIVE = 3;
    /** Store the output times tanh'(u) = 1 − y², with y = tanh(u) the post-activation values given in {@code act}. */
    int TIMES_TANH_DERIVATIVE = 4;

    float LEAKY_SLOPE = 0.01f;

    /** Size of the weight-gradient scratch in units of {@link #laneMultiple()}. */
    int SCRATCH_LANES = 32;

    /** "vector" or "scalar". */
    String name();

    /** The lane stride S must be a multiple of this. */
    int laneMultiple();

    /**
     * Periodic convolution with bias and a fused output operation:
     * {@code out[co](x) = op(bias[co] + Σ_ci Σ_tap wp[(ci·T+tap)·cout+co] · in[ci](x + offset(tap)))}.
     *
     * @param in    [cin planes] (read)
     * @param wp    packed weights, see class doc (read)
     * @param bias  [cout] or null for zero bias (read)
     * @param out   [cout planes] written at the listed sites only; must not alias {@code in}
     * @param mode  {@link #LINEAR}, {@link #LEAKY_RELU}, {@link #TANH}, {@link #TIMES_LEAKY_DERIVATIVE} or
     *              {@link #TIMES_TANH_DERIVATIVE}
     * @param act   [cout planes] post-activation values for the TIMES_… modes, else ignored (read)
     */
    void convolve(float[] in, int cin, float[] wp, float[] bias, float[] out, int cout, int cs,
                  int[] nbr, int taps, int[] sites, int nSites, int stride, int mode, float[] act);

    /**
     * Accumulates the weight and bias gradients of a convolution:
     * {@code grad[wOff+(co·cin+ci)·T+tap] += Σ_{x∈sites} Σ_b dOut[co](x)·in[ci](x+offset(tap))},
     * {@code grad[bOff+co] += Σ_x Σ_b dOut[co](x)} (skipped when {@code bOff < 0}: a convolution without bias).
     *
     * @param dOut    [cout planes] (read); in [cin planes] (read); grad (accumulated)
     * @param scratch [≥ {@link #SCRATCH_LANES}·laneMultiple()] work space of the calling worker (overwritten)
     */
    void weightGradient(float[] dOut, int cout, float[] in, int cin, int cs, int[] nbr, int taps,
                        int[] sites, int nSites, int stride, float[] grad, int wOff, int bOff, float[] scratch);

    /**
     * Affine coupling update on the active sites: {@code φ ← φ·e^s + t}, {@code logDet[b] += s}.
     *
     * @param phi    [plane] (modified at the listed sites)
     * @param st     [2 planes] s = plane 0, t = plane 1 (read)
     * @param logDet [S] (accumulated)
     */
    void couplingForward(float[] phi, float[] st, int cs, int[] sites, int nSites, int stride, float[] logDet);

    /** Inverse coupling on the active sites: {@code φ ← (φ − t)·e^{−s}}, {@code logDet[b] += s}. */
    void couplingInverse(float[] phi, float[] st, int cs, int[] sites, int nSites, int stride, float[] logDet);

    /**
     * Backward of {@link #couplingForward} on the active sites, given g = ∂L/∂φ' (in place → ∂L/∂φ
     * through the direct path g·e^s), the layer input φ, the saved post-activation s, t and
     * ∂L/∂logDet per lane: writes the pre-activation gradients
     * {@code dSt[0] = (g·φ·e^s + dLogDet)·a'(s)}, {@code dSt[1] = g·a'(t)} with a' the derivative of
     * tanh (1 − y²) or of leaky ReLU.
     *
     * @param g       [plane] (modified at the listed sites)
     * @param phiIn   [plane] the layer input (read)
     * @param st      [2 planes] (read)
     * @param dSt     [2 planes] (written at the listed sites)
     * @param dLogDet [S] (read)
     */
    void couplingBackward(float[] g, float[] phiIn, float[] st, float[] dSt, int cs, float[] dLogDet,
                          boolean tanh, int[] sites, int nSites, int stride);

    /**
     * Reverse mode of {@link #couplingInverse} on the active sites, for the forward recursion of
     * ∇_φ log q (docs/ARCHITECTURE.md, "Path gradients"): the inverse maps y (the coupling's output)
     * to x = (y − t)·e^{−s} with log-det s. Given g = ∂F/∂x at the active sites (in place → ∂F/∂y
     * through the direct path g·e^{−s}), the layer input x, the saved post-activation s, t and
     * ∂F/∂logDet per lane, writes the pre-activation gradients
     * {@code dSt[0] = (dLogDet − g·x)·a'(s)}, {@code dSt[1] = −g·e^{−s}·a'(t)}, a' as in
     * {@link #couplingBackward}.
     *
     * @param g       [plane] (modified at the listed sites)
     * @param phiIn   [plane] the coupling's input x (read)
     * @param st      [2 planes] (read)
     * @param dSt     [2 planes] (written at the listed sites)
     * @param dLogDet [S] (read)
     */
    void couplingInverseBackward(float[] g, float[] phiIn, float[] st, float[] dSt, int cs, float[] dLogDet,
                                 boolean tanh, int[] sites, int nSites, int stride);

    /** {@code dst[x] += src[x]} at the listed sites (one plane). */
    void addSites(float[] dst, float[] src, int[] sites, int nSites, int stride);
}
