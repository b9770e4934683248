package io.github.gomaflow.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.config.ModelParams;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Layout arithmetic, tap order and PyTorch-style initialisation of {@link ParameterLayout}. */
class ParameterLayoutTest {
    private static ModelParams spec(int layers, List<Integer> hidden, int k) {
        return new ModelParams(2021, layers, hidden, k, 1, 2, true, false);
    }

    @Test void countsAndOffsetsOfTheDefaultModel() {
        ParameterLayout l = new ParameterLayout(2, spec(16, List.of(8, 8), 3));
        // per layer: (8·1·9 + 8) + (8·8·9 + 8) + (2·8·9 + 2) = 80 + 584 + 146
        assertEquals(810, l.parametersPerLayer());
        assertEquals(16 * 810, l.parameterCount());
        assertEquals(9, l.taps());
        assertEquals(810 * 3 + 80, l.weightOffset(3, 1));
        assertEquals(810 * 3 + 80 + 576, l.biasOffset(3, 1));
        assertEquals(810 * 3 + 80 + (5 * 8 + 2) * 9 + 4, l.weightIndex(3, 1, 5, 2, 4));
        assertEquals(810 * 3 + 80 + 584 + 144, l.biasOffset(3, 2));
    }

    @Test void tapsAreLexicographicWithDirectionZeroSlowest() {
        ParameterLayout l = new ParameterLayout(3, spec(1, List.of(), 3));
        assertEquals(27, l.taps());
        assertArrayEquals(new int[] {-1, -1, -1}, l.tapOffset(0));
        assertArrayEquals(new int[] {-1, -1, 0}, l.tapOffset(1));
        assertArrayEquals(new int[] {-1, 0, -1}, l.tapOffset(3));
        assertArrayEquals(new int[] {0, -1, -1}, l.tapOffset(9));
        assertArrayEquals(new int[] {0, 0, 0}, l.tapOffset(13));
        assertArrayEquals(new int[] {1, 1, 1}, l.tapOffset(26));
        ParameterLayout k5 = new ParameterLayout(1, spec(1, List.of(), 5));
        for (int tap = 0; tap < 5; tap++) assertArrayEquals(new int[] {tap - 2}, k5.tapOffset(tap));
    }

    @Test void initialisationIsUniformWithinTheFanInBound() {
        for (int d = 1; d <= 3; d++) {
            ParameterLayout l = new ParameterLayout(d, spec(4, List.of(8, 8), 3));
            float[] p = new float[l.parameterCount()];
            l.initialize(2021, p);
            int checked = 0;
            for (int layer = 0; layer < l.layers(); layer++) {
                for (int j = 0; j < l.convolutions(); j++) {
                    double bound = 1.0 / Math.sqrt(l.inChannels(j) * Math.pow(3, d));
                    int start = l.weightOffset(layer, j);
                    int end = l.biasOffset(layer, j) + l.outChannels(j);
                    double maxAbs = 0;
                    double sum = 0;
                    for (int i = start; i < end; i++) {
                        assertTrue(Math.abs(p[i]) <= bound, "d=" + d + " parameter " + i + " = " + p[i] + " outside ±" + bound);
                        maxAbs = Math.max(maxAbs, Math.abs(p[i]));
                        sum += p[i];
                        checked++;
                    }
                    int n = end - start;
                    // ≥ 11 values uniform on ±bound: P(all within 0.6·bound) = 0.6^11 < 0.4 %, fixed seed
                    assertTrue(maxAbs > 0.6 * bound, "d=" + d + " conv " + j + " uses only ±" + maxAbs + " of ±" + bound);
                    // mean of n uniforms has σ = bound/√(3n); allow 5σ
                    assertEquals(0.0, sum / n, 5 * bound / Math.sqrt(3.0 * n), "d=" + d + " conv " + j + " mean");
                }
            }
            assertEquals(l.parameterCount(), checked);
        }
    }

    @Test void initialisationIsDeterministicBySeed() {
        ParameterLayout l = new ParameterLayout(2, spec(4, List.of(8, 8), 3));
        float[] a = new float[l.parameterCount()];
        float[] b = new float[l.parameterCount()];
        float[] c = new float[l.parameterCount()];
        l.initialize(2021, a);
        l.initialize(2021, b);
        l.initialize(2022, c);
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
        int n = l.parametersPerLayer();
        assertFalse(Arrays.equals(Arrays.copyOfRange(a, 0, n), Arrays.copyOfRange(a, n, 2 * n)), "layers share a stream");
        for (float v : a) assertTrue(v != 0f);
    }
}
