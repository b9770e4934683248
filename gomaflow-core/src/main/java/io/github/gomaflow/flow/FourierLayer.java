package io.github.gomaflow.flow;

/**
 * The Fourier (free-field) base layer (docs/ARCHITECTURE.md, "Fourier base layer"): a linear map
 * <pre>φ = U·diag(σ_k)·Uᵀ·z,   log|det ∂φ/∂z| = Σ_k log σ_k,</pre>
 * U the separable Hartley transform of {@link FourierBasis} (orthonormal, U = Uᵀ), σ_k = exp(θ_{o(k)}) with
 * one parameter θ_o = log σ per momentum orbit o. At σ_k = 1/√(2(m² + p̂²_k)) and z ~ N(0, 1) it is the exact
 * free field. Linear, so f(−z) = −f(z) exactly and padding lanes stay zero.
 *
 * <p>Reverse mode with w = Uz and u = U·∂L/∂φ:
 * ∂L/∂θ_o = Σ_{k∈o} [σ_k Σ_b u_{kb} w_{kb} + Σ_b ∂L/∂logDet_b],   ∂L/∂z = U·diag(σ)·u.
 */
final class FourierLayer implements FlowLayer {
    private final FourierBasis basis;
    /** Flat index of θ_0 = log σ of orbit 0. */
    private final int offset;
    /** σ_k per mode, set by {@link #prepare}. */
    private final float[] sigma;
    private float logDetSum;

    /**
     * @param basis  the lattice's transform and orbits
     * @param offset flat parameter index of log σ of orbit 0 (the orbits follow)
     */
    FourierLayer(FourierBasis basis, int offset) {
        this.basis = basis;
        this.offset = offset;
        this.sigma = new float[basis.lattice().volume()];
    }

    private static final class Work implements Workspace {
        /** Uz in the reverse pass. */
        final float[] w;
        final float[] line;
        /** ∂L/∂θ per orbit of one chunk, summed in double. */
        final double[] orbitGrad;

        Work(WorkerScratch scratch, int plane, int lineLength, int orbits) {
            w = scratch.floats("fourier.transformedInput", plane);
            line = scratch.floats("fourier.line", lineLength);
            orbitGrad = new double[orbits];
        }
    }

    @Override
    public Workspace newWorkspace(ChunkGeometry g, WorkerScratch scratch, int maxStride) {
        return new Work(scratch, g.volume() * maxStride, basis.maxExtent() * maxStride, basis.orbitCount());
    }

    @Override
    public void prepare(float[] parameters, ChunkGeometry geometry) {
        double sum = 0;
        for (int k = 0; k < sigma.length; k++) {
            float theta = parameters[offset + basis.orbit(k)];
            sigma[k] = (float) Math.exp(theta);
            sum += theta;
        }
        logDetSum = (float) sum;
    }

    /** a[k·S + b] *= scale[k]^{±1} for every mode k and lane b. */
    private void scaleModes(float[] a, int stride, boolean invert) {
        for (int k = 0; k < sigma.length; k++) {
            float s = invert ? 1f / sigma[k] : sigma[k];
            int o = k * stride;
            for (int b = 0; b < stride; b++) a[o + b] *= s;
        }
    }

    private void addLogDet(int stride, float[] logDet) {
        for (int b = 0; b < stride; b++) logDet[b] += logDetSum;
    }

    @Override
    public void forward(ChunkGeometry g, Workspace ws, float[] phi, float[] logDet, boolean save) {
        map(g, (Work) ws, phi, logDet, false);
    }

    @Override
    public void inverse(ChunkGeometry g, Workspace ws, float[] phi, float[] logDet) {
        map(g, (Work) ws, phi, logDet, true);
    }

    /** φ ← U·diag(σ^{±1})·U·φ (the same log-det either way: the forward map's), lane by lane. */
    private void map(ChunkGeometry g, Work w, float[] phi, float[] logDet, boolean invert) {
        int s = g.stride();
        basis.transform(phi, s, w.line);
        scaleModes(phi, s, invert);
        basis.transform(phi, s, w.line);
        if (logDet != null) addLogDet(s, logDet);
    }

    @Override
    public void backward(ChunkGeometry g, Workspace ws, float[] phiIn, float[] dPhi, float[] dLogDet, float[] grad) {
        Work w = (Work) ws;
        int s = g.stride();
        System.arraycopy(phiIn, 0, w.w, 0, g.channelStride());
        basis.transform(w.w, s, w.line);
        basis.transform(dPhi, s, w.line);
        double dLogDetSum = 0;
        for (int b = 0; b < s; b++) dLogDetSum += dLogDet[b];
        java.util.Arrays.fill(w.orbitGrad, 0.0);
        for (int k = 0; k < sigma.length; k++) {
            int o = k * s;
            double uw = 0;
            for (int b = 0; b < s; b++) uw += (double) dPhi[o + b] * w.w[o + b];
            w.orbitGrad[basis.orbit(k)] += sigma[k] * uw + dLogDetSum;
        }
        for (int o = 0; o < w.orbitGrad.length; o++) grad[offset + o] += (float) w.orbitGrad[o];
        scaleModes(dPhi, s, false);
        basis.transform(dPhi, s, w.line);
    }

    /**
     * Reverse mode of the inverse (path gradients): J = U·diag(σ)·U is constant and symmetric and its
     * log-det does not depend on φ, so dPhi ← J^{−T}·dPhi = U·diag(1/σ)·U·dPhi.
     */
    @Override
    public void inverseBackward(ChunkGeometry g, Workspace ws, float[] phiIn, float[] dPhi, float[] dLogDet) {
        map(g, (Work) ws, dPhi, null, true);
    }
}
