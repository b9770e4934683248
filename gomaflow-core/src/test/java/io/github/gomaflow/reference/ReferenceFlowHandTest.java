package io.github.gomaflow.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.config.ModelParams;
import io.github.gomaflow.flow.ParameterLayout;
import io.github.gomaflow.lattice.Lattice;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tiny flows whose output is worked out by hand from the formulas of FlowModel, with literal numbers. */
class ReferenceFlowHandTest {
    static final double TOLERANCE = 1e-14;

    /**
     * 1D L = 4, one coupling, kernel 3, channels [1, 2] (a single conv). Layer 0 freezes the odd sites
     * (parity 1 ≠ 0) and updates sites 0 and 2, whose CNN input is u = m⊙φ = (0, φ1, 0, φ3). Taps are
     * offsets −1, 0, +1, so s(x) = act(b_s + W_s[0]·u(x−1) + W_s[2]·u(x+1)).
     */
    private static double[] oneCoupling1d(boolean finalTanh, double[] logDet) {
        Lattice lattice = new Lattice(4);
        ModelParams spec = new ModelParams(1, 1, List.of(), 3, 1, 2, finalTanh, false);
        ParameterLayout layout = new ParameterLayout(lattice, spec);
        assertEquals(8, layout.parameterCount());
        // W[s][0][tap 0..2], W[t][0][tap 0..2], b_s, b_t
        double[] p = {0.2, 0.5, -0.4, -0.3, 0.9, 0.6, 0.1, -0.2};
        ReferenceFlow flow = new ReferenceFlow(lattice, spec, p);
        double[] z = {0.3, -0.7, 1.1, 0.5};
        double[] phi = new double[4];
        flow.forward(z, 1, phi, logDet);
        return phi;
    }

    @Test void oneCouplingWithTanh() {
        double[] logDet = new double[1];
        double[] phi = oneCoupling1d(true, logDet);
        // site 0: u(−1) = u(3) = 0.5, u(1) = −0.7
        double s0 = Math.tanh(0.1 + 0.2 * 0.5 + (-0.4) * (-0.7));     // tanh(0.48)
        double t0 = Math.tanh(-0.2 + (-0.3) * 0.5 + 0.6 * (-0.7));    // tanh(−0.77)
        // site 2: u(1) = −0.7, u(3) = 0.5
        double s2 = Math.tanh(0.1 + 0.2 * (-0.7) + (-0.4) * 0.5);     // tanh(−0.24)
        double t2 = Math.tanh(-0.2 + (-0.3) * (-0.7) + 0.6 * 0.5);    // tanh(0.31)
        assertEquals(0.3 * Math.exp(s0) + t0, phi[0], TOLERANCE);
        assertEquals(-0.7, phi[1], 0.0);
        assertEquals(1.1 * Math.exp(s2) + t2, phi[2], TOLERANCE);
        assertEquals(0.5, phi[3], 0.0);
        assertEquals(Math.tanh(0.48) + Math.tanh(-0.24), logDet[0], TOLERANCE);
    }

    @Test void oneCouplingWithLeakyFinal() {
        double[] logDet = new double[1];
        double[] phi = oneCoupling1d(false, logDet);
        assertEquals(0.3 * Math.exp(0.48) + 0.01 * -0.77, phi[0], TOLERANCE);
        assertEquals(1.1 * Math.exp(0.01 * -0.24) + 0.31, phi[2], TOLERANCE);
        assertEquals(0.48 + 0.01 * -0.24, logDet[0], TOLERANCE);
    }

    /**
     * 2D 4×2 lattice, two couplings. Layer 0 has all parameters zero, so s = t = tanh(0) = 0 and it is
     * the identity. Layer 1 freezes parity-0 sites and has one non-zero weight per output channel, on
     * the tap with offset (+1, 0) — index (1+1)·3 + (0+1) = 7, direction 0 slowest — so for a
     * parity-1 site x: s(x) = tanh(0.05 + 0.8 φ(x + ê₀)), t(x) = tanh(−0.1 − 0.6 φ(x + ê₀)).
     */
    @Test void tapOrderAndSecondParityIn2d() {
        Lattice lattice = new Lattice(4, 2);
        ModelParams spec = new ModelParams(1, 2, List.of(), 3, 1, 2, true, false);
        ParameterLayout layout = new ParameterLayout(lattice, spec);
        double[] p = new double[layout.parameterCount()];
        p[layout.weightIndex(1, 0, 0, 0, 7)] = 0.8;
        p[layout.weightIndex(1, 0, 1, 0, 7)] = -0.6;
        p[layout.biasOffset(1, 0)] = 0.05;
        p[layout.biasOffset(1, 0) + 1] = -0.1;
        ReferenceFlow flow = new ReferenceFlow(lattice, spec, p);
        double[] z = {0.9, -0.2, 0.4, 1.3, -1.1, 0.7, 0.25, -0.6}; // site = 2·x0 + x1
        double[] phi = new double[8];
        double[] logDet = new double[1];
        flow.forward(z, 1, phi, logDet);
        double expectedLogDet = 0;
        for (int x0 = 0; x0 < 4; x0++) {
            for (int x1 = 0; x1 < 2; x1++) {
                int site = 2 * x0 + x1;
                if ((x0 + x1) % 2 == 0) {
                    assertEquals(z[site], phi[site], 0.0);
                    continue;
                }
                double up = z[2 * ((x0 + 1) % 4) + x1];
                double s = Math.tanh(0.05 + 0.8 * up);
                double t = Math.tanh(-0.1 - 0.6 * up);
                assertEquals(z[site] * Math.exp(s) + t, phi[site], TOLERANCE, "site " + site);
                expectedLogDet += s;
            }
        }
        assertEquals(expectedLogDet, logDet[0], TOLERANCE);
    }

    /** Identity flow (all parameters zero): L = mean S(z), and the last t-bias gradient is Σ_active ∂S/∂φ / B. */
    @Test void identityFlowLossIsTheAction() {
        Lattice lattice = new Lattice(2, 2);
        ModelParams spec = new ModelParams(1, 2, List.of(2), 3, 1, 2, true, false);
        ReferenceFlow flow = new ReferenceFlow(lattice, spec, new double[new ParameterLayout(lattice, spec).parameterCount()]);
        double[] z = {0.5, -1.0, 0.25, 2.0, -0.75, 0.1, 1.5, -0.3}; // B = 2
        ScalarPhi4Action action = new ScalarPhi4Action(lattice, -4.0, 8.0);
        double[] grad = new double[flow.parameterCount()];
        double loss = flow.lossAndGradient(z, 2, action, grad, null);
        // 2×2, d = 2: S = Σ_x [(m²+4)φ² + λφ⁴] − 2 Σ_x Σ_μ φ(x)φ(x+μ̂), m²+4 = 0; on L = 2, x+μ̂ = x−μ̂ so each
        // nearest-neighbour pair appears twice in Σ_x Σ_μ
        double expected = 0;
        for (int b = 0; b < 2; b++) {
            double a = z[b], c = z[2 + b], d = z[4 + b], e = z[6 + b]; // sites (0,0), (0,1), (1,0), (1,1)
            double quartic = 8 * (Math.pow(a, 4) + Math.pow(c, 4) + Math.pow(d, 4) + Math.pow(e, 4));
            double hopping = -2 * 2 * (a * c + a * d + c * e + d * e);
            expected += quartic + hopping;
        }
        assertEquals(expected / 2, loss, 1e-12);
        // the t-bias of the last layer shifts every active site by t = tanh(b); at b = 0, dL/db = (1/B) Σ_active ∂S/∂φ
        double[] dS = new double[8];
        action.gradient(z, 2, 0.5, dS);
        ParameterLayout layout = flow.layout();
        double expectedTBias = 0;
        for (int site = 0; site < 4; site++) if (flow.mask(1, site) == 0) expectedTBias += dS[2 * site] + dS[2 * site + 1];
        assertEquals(expectedTBias, grad[layout.biasOffset(1, 1) + 1], 1e-12);
    }
}
