package io.github.gomaflow.flow;

import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.lattice.Lattice;

/**
 * A deliberately naive double-precision flow, written straight from the {@link FlowModel} Javadoc
 * with lattice coordinates (no stencil tables, no packing), as an independent check of the engine.
 * One configuration at a time, layout [site].
 */
final class NaiveFlow {
    private final Lattice lattice;
    private final ParameterLayout layout;
    private final boolean finalTanh;
    private final byte[] parity;
    private final int[][] neighbour;

    NaiveFlow(FlowModel model) {
        lattice = model.lattice();
        layout = model.layout();
        finalTanh = model.spec().useFinalTanh();
        parity = lattice.checkerboardParity();
        int v = lattice.volume();
        int d = lattice.dimension();
        neighbour = new int[layout.taps()][v];
        int[] x = new int[d];
        int[] y = new int[d];
        for (int tap = 0; tap < layout.taps(); tap++) {
            int[] off = layout.tapOffset(tap);
            for (int site = 0; site < v; site++) {
                lattice.coordinates(site, x);
                for (int mu = 0; mu < d; mu++) y[mu] = x[mu] + off[mu];
                neighbour[tap][site] = lattice.site(y);
            }
        }
    }

    private static double leaky(double x) { return x > 0 ? x : 0.01 * x; }

    /** CNN of layer l on input [V]; returns [2][V] (s, t). */
    double[][] network(double[] params, int l, double[] input) {
        int v = lattice.volume();
        int[] ch = layout.channels();
        double[][] cur = {input};
        for (int j = 0; j + 1 < ch.length; j++) {
            double[][] next = new double[ch[j + 1]][v];
            boolean last = j + 2 == ch.length;
            for (int co = 0; co < ch[j + 1]; co++) {
                for (int site = 0; site < v; site++) {
                    double acc = params[layout.biasOffset(l, j) + co];
                    for (int ci = 0; ci < ch[j]; ci++) {
                        for (int tap = 0; tap < layout.taps(); tap++) {
                            acc += params[layout.weightIndex(l, j, co, ci, tap)] * cur[ci][neighbour[tap][site]];
                        }
                    }
                    next[co][site] = last && finalTanh ? Math.tanh(acc) : leaky(acc);
                }
            }
            cur = next;
        }
        return cur;
    }

    /** φ = f(z) in place for one configuration; returns log|det J|. */
    double forward(double[] params, double[] phi) {
        double logDet = 0;
        for (int l = 0; l < layout.layers(); l++) logDet += layer(params, l, phi, false);
        return logDet;
    }

    /** z = f⁻¹(φ) in place; returns the forward log|det J|. */
    double inverse(double[] params, double[] phi) {
        double logDet = 0;
        for (int l = layout.layers() - 1; l >= 0; l--) logDet += layer(params, l, phi, true);
        return logDet;
    }

    private double layer(double[] params, int l, double[] phi, boolean inverse) {
        int v = lattice.volume();
        double[] masked = new double[v];
        for (int site = 0; site < v; site++) masked[site] = parity[site] != l % 2 ? phi[site] : 0.0;
        double[][] st = network(params, l, masked);
        double logDet = 0;
        for (int site = 0; site < v; site++) {
            if (parity[site] == l % 2) {
                double s = st[0][site];
                double t = st[1][site];
                phi[site] = inverse ? (phi[site] - t) * Math.exp(-s) : phi[site] * Math.exp(s) + t;
                logDet += s;
            }
        }
        return logDet;
    }

    /** L = (1/B) Σ_b [−logDet_b + S(f(z_b))], z in layout [site·B + b]. */
    double loss(double[] params, float[] z, int batch, ScalarPhi4Action action) {
        int v = lattice.volume();
        double sum = 0;
        double[] phi = new double[v];
        double[] s = new double[1];
        for (int b = 0; b < batch; b++) {
            for (int site = 0; site < v; site++) phi[site] = z[site * batch + b];
            double logDet = forward(params, phi);
            action.action(phi, 1, s);
            sum += -logDet + s[0];
        }
        return sum / batch;
    }

    /** Central finite differences of {@link #loss} in double, step h. */
    double[] lossGradientFd(double[] params, float[] z, int batch, ScalarPhi4Action action, double h) {
        double[] grad = new double[params.length];
        for (int i = 0; i < params.length; i++) {
            double p = params[i];
            params[i] = p + h;
            double up = loss(params, z, batch, action);
            params[i] = p - h;
            double down = loss(params, z, batch, action);
            params[i] = p;
            grad[i] = (up - down) / (2 * h);
        }
        return grad;
    }
}
