package io.github.gomaflow.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.gomaflow.config.ModelParams;
import io.github.gomaflow.flow.ParameterLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineFlowTest {
    /** Non-finite gradients are reported by layer: the index → (layer, conv, weight|bias) map. */
    @Test void describesWhereAParameterLives() {
        // 2D, kernel 3 (9 taps), channels [1, 4, 2]: conv 0 = 4·1·9 weights + 4 biases = 40, conv 1 = 2·4·9 + 2 = 74
        ParameterLayout layout = new ParameterLayout(2, new ModelParams(1, 3, List.of(4), 3, 1, 2, true, false));
        assertEquals(114, layout.parametersPerLayer());
        assertEquals("layer 0, conv 0, weight", EngineFlow.describe(layout, 0));
        assertEquals("layer 0, conv 0, weight", EngineFlow.describe(layout, 35));
        assertEquals("layer 0, conv 0, bias", EngineFlow.describe(layout, 36));
        assertEquals("layer 0, conv 0, bias", EngineFlow.describe(layout, 39));
        assertEquals("layer 0, conv 1, weight", EngineFlow.describe(layout, 40));
        assertEquals("layer 0, conv 1, bias", EngineFlow.describe(layout, 112));
        assertEquals("layer 1, conv 0, weight", EngineFlow.describe(layout, 114));
        assertEquals("layer 2, conv 1, bias", EngineFlow.describe(layout, 3 * 114 - 1));
    }
}
