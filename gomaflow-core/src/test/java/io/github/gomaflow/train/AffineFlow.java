package io.github.gomaflow.train;

import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.config.GomaConfig;
import io.github.gomaflow.flow.ParameterLayout;

/**
 * A test flow with an analytic gradient: φ = z·e^a + c at every site, a = θ[0], c = θ[1]; the other
 * parameters of the configuration's layout are carried but unused (zero gradient), so checkpoints
 * have the real parameter count. log|det| = V·a.
 */
class AffineFlow implements TrainableFlow {
    private final float[] theta;
    private final int volume;
    private float[] dS = new float[0];
    private int calls;
    /** lossGradient call (1-based) whose gradient is poisoned with NaN; 0 = never. */
    int poisonCall;

    AffineFlow(GomaConfig config) {
        this.theta = new float[new ParameterLayout(config.physical().dimension(), config.model()).parameterCount()];
        this.volume = config.physical().lattice().volume();
        for (int i = 2; i < theta.length; i++) theta[i] = 0.001f * i;
    }

    @Override public float[] parameters() { return theta; }

    @Override public void forward(float[] z, int batch, float[] phi, double[] logDet) {
        float scale = (float) Math.exp(theta[0]);
        for (int i = 0; i < volume * batch; i++) phi[i] = z[i] * scale + theta[1];
        for (int b = 0; b < batch; b++) logDet[b] = volume * (double) theta[0];
    }

    @Override public void lossGradient(float[] z, int batch, io.github.gomaflow.action.Target action, float[] phi, double[] logDet,
                                       double[] s, float[] grad) {
        forward(z, batch, phi, logDet);
        action.action(phi, batch, s);
        if (dS.length < volume * batch) dS = new float[volume * batch];
        action.gradient(phi, batch, 1f / batch, dS);
        double ga = -volume, gc = 0;
        float scale = (float) Math.exp(theta[0]);
        for (int i = 0; i < volume * batch; i++) {
            ga += dS[i] * z[i] * scale;
            gc += dS[i];
        }
        java.util.Arrays.fill(grad, 0f);
        grad[0] = (float) ga;
        grad[1] = (float) gc;
        if (++calls == poisonCall) grad[1] = Float.NaN;
    }

    @Override public String kernels() { return "test-affine"; }

    @Override public String describeParameter(int index) { return index == 0 ? "log-scale a" : index == 1 ? "shift c" : "unused"; }

    @Override public void close() {}
}
