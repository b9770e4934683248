package io.github.gomaflow.reference;

import io.github.gomaflow.flow.ParameterLayout;
import io.github.gomaflow.lattice.Lattice;

/**
 * Naive periodic convolution in double precision, for testing fast kernels:
 * <pre>out[co](x) = b[co] + Σ_ci Σ_tap W[co][ci][tap] · in[ci](x + offset(tap))</pre>
 * with taps ordered as in {@link ParameterLayout} (offsets in {−r…r}^d lexicographic, direction 0
 * slowest, r = k÷2) and x + offset taken periodically.
 *
 * <p>Weights W[co][ci][tap] are read row-major from {@code params[weightOffset…]}, biases from
 * {@code params[biasOffset…]} (none when biasOffset &lt; 0). Planes use {@code plane[site * B + b]}, one array per channel.
 */
public final class ReferenceConvolution {
    private final int volume;
    /** shift[tap][site] = index of site + offset(tap). */
    private final int[][] shift;

    /** For kernel size k (odd) on the given lattice. */
    public ReferenceConvolution(Lattice lattice, int kernelSize) {
        this.volume = lattice.volume();
        ParameterLayout taps = new ParameterLayout(lattice.dimension(),
                new io.github.gomaflow.config.ModelParams(0, 1, java.util.List.of(), kernelSize, 1, 1, false, false));
        this.shift = new int[taps.taps()][];
        for (int tap = 0; tap < shift.length; tap++) shift[tap] = lattice.shiftTable(taps.tapOffset(tap));
    }

    /** k^d. */
    public int taps() { return shift.length; }

    /**
     * @param in [cin][V·B] (read)
     * @return out [cout][V·B] (new)
     */
    public double[][] forward(double[] params, int weightOffset, int biasOffset, int cin, int cout,
                              double[][] in, int batch) {
        double[][] out = new double[cout][volume * batch];
        for (int co = 0; co < cout; co++) {
            for (int x = 0; x < volume; x++) {
                for (int b = 0; b < batch; b++) {
                    double sum = biasOffset < 0 ? 0 : params[biasOffset + co];
                    for (int ci = 0; ci < cin; ci++) {
                        int w = weightOffset + (co * cin + ci) * shift.length;
                        for (int tap = 0; tap < shift.length; tap++) {
                            sum += params[w + tap] * in[ci][shift[tap][x] * batch + b];
                        }
                    }
                    out[co][x * batch + b] = sum;
                }
            }
        }
        return out;
    }

    /**
     * Back-propagation: dL/dW[co][ci][tap] += Σ_x,b g[co](x) in[ci](x + offset(tap)),
     * dL/db[co] += Σ_x,b g[co](x), and dL/din[ci](y) = Σ_co Σ_tap W[co][ci][tap] g[co](y − offset(tap)).
     *
     * @param in   [cin][V·B] the forward input (read)
     * @param gOut [cout][V·B] dL/dout (read)
     * @param grad gradient array with the same offsets as params (incremented)
     * @return dL/din [cin][V·B] (new)
     */
    public double[][] backward(double[] params, int weightOffset, int biasOffset, int cin, int cout,
                               double[][] in, double[][] gOut, int batch, double[] grad) {
        double[][] gIn = new double[cin][volume * batch];
        for (int co = 0; co < cout; co++) {
            for (int x = 0; x < volume; x++) {
                for (int b = 0; b < batch; b++) {
                    double go = gOut[co][x * batch + b];
                    if (biasOffset >= 0) grad[biasOffset + co] += go;
                    for (int ci = 0; ci < cin; ci++) {
                        int w = weightOffset + (co * cin + ci) * shift.length;
                        for (int tap = 0; tap < shift.length; tap++) {
                            int src = shift[tap][x] * batch + b;
                            grad[w + tap] += go * in[ci][src];
                            gIn[ci][src] += params[w + tap] * go;
                        }
                    }
                }
            }
        }
        return gIn;
    }
}
