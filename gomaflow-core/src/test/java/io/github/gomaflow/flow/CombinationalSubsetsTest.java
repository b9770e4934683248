package io.github.gomaflow.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.config.CombinationalConv;
import io.github.gomaflow.config.ModelParams;
import io.github.gomaflow.lattice.Lattice;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Subsets, taps, parameter segment and names of combinational convolutions. */
class CombinationalSubsetsTest {
    private static ModelParams spec(int d, int k, boolean last) {
        return new ModelParams(2021, 2, List.of(8, 8), 3, 1, 2, true, false, new CombinationalConv(d, k, last));
    }

    @Test void subsetsAreLexicographicAndTapsSitOnTheirDirections() {
        ParameterLayout layout = new ParameterLayout(4, spec(4, 2, false));
        CombinationalSubsets s = layout.subsets();
        int[][] expected = {{0, 1}, {0, 2}, {0, 3}, {1, 2}, {1, 3}, {2, 3}};
        assertEquals(6, s.count());
        assertEquals(9, s.taps());
        for (int i = 0; i < 6; i++) {
            assertArrayEquals(expected[i], s.directions(i));
            for (int tap = 0; tap < 9; tap++) {
                int[] o = layout.tapOffset(s.tapList(i)[tap]);
                // tap' = (o_μ1 + 1)·3 + (o_μ2 + 1), zero offset elsewhere
                assertEquals(tap / 3 - 1, o[expected[i][0]]);
                assertEquals(tap % 3 - 1, o[expected[i][1]]);
                assertEquals(0, Math.abs(o[0]) + Math.abs(o[1]) + Math.abs(o[2]) + Math.abs(o[3])
                        - Math.abs(o[expected[i][0]]) - Math.abs(o[expected[i][1]]));
                assertEquals(s.tapList(i)[tap], s.unionTaps()[s.unionPosition(i)[tap]]);
            }
        }
        // the union: offsets with at most k non-zero components, Σ_{m ≤ k} C(4, m)·2^m
        assertEquals(1 + 4 * 2 + 6 * 4, s.unionTaps().length);
        assertEquals(1 + 4 * 2 + 6 * 4 + 4 * 8, new ParameterLayout(4, spec(4, 3, false)).subsets().unionTaps().length);
        assertEquals(1 + 3 * 2, new ParameterLayout(3, spec(3, 1, true)).subsets().unionTaps().length);
    }

    @Test void parametersFormTheirOwnNamedSegment() {
        ParameterLayout layout = new ParameterLayout(3, spec(3, 2, false));
        // per layer: 3 subsets × (8·(1·9+1) + 8·(8·9+1) + 2·(8·9+1))
        int perLayer = 3 * (8 * 10 + 8 * 73 + 2 * 73);
        assertEquals(0, layout.parameterCount());
        assertEquals(2 * perLayer, layout.subsetParameterCount());
        assertEquals(2 * perLayer, layout.totalParameterCount());
        List<ParameterLayout.Tensor> tensors = layout.parameterTensors();
        assertEquals(2 * 3 * 3 * 2, tensors.size());
        ParameterLayout.Tensor first = tensors.get(0);
        assertEquals("layers.0.net.0.subsets.0.weight", first.name());
        assertArrayEquals(new int[] {8, 1, 3, 3}, first.shape());
        assertEquals(0, first.offset());
        assertEquals("layers.0.net.2.subsets.1.bias", tensors.get(9).name());
        ParameterLayout.Tensor lastOne = tensors.get(tensors.size() - 1);
        assertEquals("layers.1.net.4.subsets.2.bias", lastOne.name());
        assertEquals(2 * perLayer - 2, lastOne.offset());
        int next = 0;
        for (ParameterLayout.Tensor t : tensors) {
            assertEquals(next, t.offset(), t.name());
            next += t.length();
        }
        assertEquals(layout.totalParameterCount(), next);
        assertEquals(layout.totalParameterCount(), io.github.gomaflow.train.MemoryEstimate.parameterCount(3, spec(3, 2, false)));
        assertEquals("layer 1, conv 2, subset 2, bias", layout.describeSubsetParameter(2 * perLayer - 1));
        assertEquals("layer 0, conv 0, subset 0, weight", layout.describeSubsetParameter(0));
    }

    @Test void initialisationFollowsGomalizingFlowsNotebooks() {
        ParameterLayout layout = new ParameterLayout(4, spec(4, 3, false));
        float[] p = new float[layout.totalParameterCount()];
        layout.initialize(2021, p);
        int checked = 0;
        for (int l = 0; l < 2; l++) {
            for (int j = 0; j < 3; j++) {
                double bound = 1 / Math.sqrt(layout.inChannels(j) * 27.0);
                for (int i = 0; i < 4; i++) {
                    double max = 0;
                    for (int x = layout.subsetWeightOffset(l, j, i); x < layout.subsetBiasOffset(l, j, i); x++) {
                        assertTrue(Math.abs(p[x]) <= bound);
                        max = Math.max(max, Math.abs(p[x]));
                    }
                    assertTrue(max > 0.5 * bound, "weights fill their range");
                    for (int co = 0; co < layout.outChannels(j); co++) assertEquals(0f, p[layout.subsetBiasOffset(l, j, i) + co]);
                    checked++;
                }
            }
        }
        assertEquals(24, checked);
        float[] q = new float[p.length];
        layout.initialize(2021, q);
        assertArrayEquals(p, q);
    }

    @Test void modelRefusesAMismatchedDimensionAndBatchNorm() {
        assertThrows(BadInputException.class, () -> FlowModel.create(new Lattice(4, 4), spec(3, 1, false)));
        ModelParams bn = new ModelParams(2021, 2, List.of(8), 3, 1, 2, true, true, new CombinationalConv(2, 1, false));
        BadInputException e = assertThrows(BadInputException.class, () -> FlowModel.create(new Lattice(4, 4), bn));
        assertTrue(e.getMessage().contains("use_bn"), e.getMessage());
    }
}
