package io.github.gomaflow.mcmc;

import io.github.gomaflow.flow.FlowEngine;
import io.github.gomaflow.prior.Prior;
import java.util.random.RandomGenerator;

/**
 * Proposals from a normalizing flow: z ~ r (drawn on the calling thread, in index order), φ = f(z)
 * by {@link FlowEngine#forward} (parallel inside the engine), and
 * <pre>log q(φ) = log r(z) − log|det ∂f/∂z|.</pre>
 * For a flow with batch norm, put the engine in evaluation mode
 * ({@code engine.setBatchNormTraining(false)}) first, so that log q does not depend on the batch.
 * Holds buffers for batches of up to {@code maxBatch}. Not thread-safe.
 */
public final class FlowProposals implements ProposalSource {
    private final FlowEngine engine;
    private final Prior prior;
    private final int volume;
    private final float[] z;
    private final double[] logR;
    private final double[] logDet;
    private final float[] mirror;

    /**
     * @param engine   runs the flow; must accept batches of {@code maxBatch}
     * @param prior    the flow's base distribution r
     * @param volume   V
     * @param maxBatch largest B passed to {@link #propose}
     */
    public FlowProposals(FlowEngine engine, Prior prior, int volume, int maxBatch) {
        this.engine = engine;
        this.prior = prior;
        this.volume = volume;
        this.z = new float[volume * maxBatch];
        this.logR = new double[maxBatch];
        this.logDet = new double[maxBatch];
        this.mirror = new float[volume * maxBatch];
    }

    @Override public int volume() { return volume; }

    @Override public void propose(RandomGenerator rng, float[] phi, int batch, double[] logQ) {
        if (batch > logR.length) throw new IllegalArgumentException("batch " + batch + " > maxBatch " + logR.length);
        prior.sample(rng, z, volume * batch);
        prior.logDensity(z, volume, batch, logR);
        engine.forward(z, batch, phi, logDet);
        for (int b = 0; b < batch; b++) logQ[b] = logR[b] - logDet[b];
    }

    /** log q(φ) = log r(z) − log|det ∂f/∂z|(z) with z = f⁻¹(φ): one inverse pass. */
    @Override public void logDensityAt(float[] phi, int batch, double[] logQ) {
        System.arraycopy(phi, 0, mirror, 0, volume * batch);
        density(batch, logQ);
    }

    /** log q(−φ) by one inverse pass of −φ. */
    @Override public void mirrorLogDensity(float[] phi, int batch, double[] logQMirror) {
        int n = volume * batch;
        for (int i = 0; i < n; i++) mirror[i] = -phi[i];
        density(batch, logQMirror);
    }

    /** log q of the configurations in {@code mirror}. */
    private void density(int batch, double[] out) {
        engine.inverse(mirror, batch, z, logDet);
        prior.logDensity(z, volume, batch, logR);
        for (int b = 0; b < batch; b++) out[b] = logR[b] - logDet[b];
    }
}
