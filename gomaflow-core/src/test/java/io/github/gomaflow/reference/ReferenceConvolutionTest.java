package io.github.gomaflow.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.gomaflow.lattice.Lattice;
import io.github.gomaflow.rng.Streams;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** The naive periodic convolution against coordinates, and its backward against its adjoint / FD. */
class ReferenceConvolutionTest {
    private static double[] random(int n, RandomGenerator rng) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = rng.nextDouble(-1, 1);
        return a;
    }

    private static double[][] random(int c, int n, RandomGenerator rng) {
        double[][] a = new double[c][];
        for (int i = 0; i < c; i++) a[i] = random(n, rng);
        return a;
    }

    /** Forward, computed a second way: loop over coordinates and offsets with explicit modular arithmetic. */
    private static void forwardMatchesCoordinates(Lattice lattice, int k, int cin, int cout, int batch) {
        RandomGenerator rng = Streams.stream(k, "test-conv", lattice.volume());
        ReferenceConvolution conv = new ReferenceConvolution(lattice, k);
        int taps = conv.taps();
        int wCount = cout * cin * taps;
        double[] params = random(wCount + cout, rng);
        double[][] in = random(cin, lattice.volume() * batch, rng);
        double[][] out = conv.forward(params, 0, wCount, cin, cout, in, batch);
        int d = lattice.dimension();
        int r = k / 2;
        int[] x = new int[d];
        int[] y = new int[d];
        int checked = 0;
        for (int site = 0; site < lattice.volume(); site++) {
            lattice.coordinates(site, x);
            for (int co = 0; co < cout; co++) {
                for (int b = 0; b < batch; b++) {
                    double expected = params[wCount + co];
                    for (int ci = 0; ci < cin; ci++) {
                        for (int tap = 0; tap < taps; tap++) {
                            int rest = tap;
                            for (int mu = d - 1; mu >= 0; mu--) {
                                y[mu] = Math.floorMod(x[mu] + rest % k - r, lattice.extent(mu));
                                rest /= k;
                            }
                            int src = 0;
                            for (int mu = 0; mu < d; mu++) src = src * lattice.extent(mu) + y[mu];
                            expected += params[(co * cin + ci) * taps + tap] * in[ci][src * batch + b];
                        }
                    }
                    assertEquals(expected, out[co][site * batch + b], 1e-12);
                    checked++;
                }
            }
        }
        assertEquals(lattice.volume() * cout * batch, checked);
    }

    @Test void forwardOnNonSquareLattices() {
        forwardMatchesCoordinates(new Lattice(4, 2, 6), 3, 2, 3, 2);
        forwardMatchesCoordinates(new Lattice(4, 6), 5, 1, 2, 3);
        forwardMatchesCoordinates(new Lattice(6), 3, 3, 1, 1);
        forwardMatchesCoordinates(new Lattice(2, 2, 4, 2), 3, 1, 2, 2);
    }

    /** For L = Σ g·out: dL/din by the adjoint identity and dL/dW, dL/db by central differences (exact: L is linear). */
    @Test void backwardIsTheAdjointAndTheWeightGradient() {
        Lattice lattice = new Lattice(4, 6);
        int cin = 2, cout = 3, batch = 2;
        RandomGenerator rng = Streams.stream(1, "test-conv-backward");
        ReferenceConvolution conv = new ReferenceConvolution(lattice, 3);
        int wCount = cout * cin * conv.taps();
        double[] params = random(wCount + cout, rng);
        double[][] in = random(cin, lattice.volume() * batch, rng);
        double[][] g = random(cout, lattice.volume() * batch, rng);
        double[] grad = new double[params.length];
        double[][] gIn = conv.backward(params, 0, wCount, cin, cout, in, g, batch, grad);
        // ⟨g, W∗in⟩ = ⟨W∗ᵀg, in⟩ (bias removed)
        double[] noBias = params.clone();
        for (int co = 0; co < cout; co++) noBias[wCount + co] = 0;
        assertEquals(dot(g, conv.forward(noBias, 0, wCount, cin, cout, in, batch)), dot(gIn, in), 1e-10);
        for (int i = 0; i < params.length; i++) {
            double keep = params[i];
            params[i] = keep + 0.5;
            double plus = dot(g, conv.forward(params, 0, wCount, cin, cout, in, batch));
            params[i] = keep - 0.5;
            double minus = dot(g, conv.forward(params, 0, wCount, cin, cout, in, batch));
            params[i] = keep;
            assertEquals(plus - minus, grad[i], 1e-10, "parameter " + i);
        }
    }

    private static double dot(double[][] a, double[][] b) {
        double s = 0;
        for (int c = 0; c < a.length; c++) for (int i = 0; i < a[c].length; i++) s += a[c][i] * b[c][i];
        return s;
    }
}
