package io.github.gomaflow.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.config.CombinationalConv;
import io.github.gomaflow.config.GomaConfig;
import io.github.gomaflow.config.ModelParams;
import io.github.gomaflow.flow.ParameterLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints of models with combinational convolutions: named sub-convolution tensors, round trip. */
class CombinationalCheckpointTest {
    @TempDir Path dir;

    private static GomaConfig config(CombinationalConv conv) {
        GomaConfig t = TrainingRunTest.tiny("kcd", 2, false, "");
        ModelParams m = t.model();
        return new GomaConfig(t.name(), t.version(), t.device(), t.training(), t.physical(),
                new ModelParams(m.seed(), m.nLayers(), m.hiddenSizes(), m.kernelSize(), m.inC(), m.outC(),
                        m.useFinalTanh(), m.useBn(), conv));
    }

    private static Checkpoint sample(GomaConfig c) {
        int p = new ParameterLayout(2, c.model()).totalParameterCount();
        float[] params = new float[p];
        for (int i = 0; i < p; i++) params[i] = (float) Math.cos(i) / (i + 2);
        return new Checkpoint(c, params, 1, Map.of(), Map.of("adam_m", params.clone()));
    }

    @Test void roundTripWithNamedSubConvolutions() throws IOException {
        GomaConfig c = config(new CombinationalConv(2, 1, true));
        Checkpoint a = sample(c);
        Path f = dir.resolve("k.ckpt");
        a.write(f);
        byte[] bytes = Files.readAllBytes(f);
        String head = new String(bytes, 0, Math.min(bytes.length, 4000), StandardCharsets.ISO_8859_1);
        // tiny: 2 layers, channels [1, 4, 2], k = 3: conv 0 of a 1-direction subset is [4, 1, 3]
        assertTrue(head.contains("\"layers.0.net.0.subsets.0.weight\":{\"dtype\":\"F32\",\"shape\":[4,1,3]"), head);
        assertTrue(head.contains("\"layers.1.net.2.subsets.1.bias\":{\"dtype\":\"F32\",\"shape\":[2]"), head);
        assertTrue(!head.contains("\"layers.0.net.0.weight\""), head);
        Checkpoint b = Checkpoint.read(f);
        assertEquals(c, b.config());
        assertEquals(new CombinationalConv(2, 1, true), b.config().model().combinationalConv());
        assertArrayEquals(TrainingRunTest.bits(a.parameters()), TrainingRunTest.bits(b.parameters()));
        assertArrayEquals(a.optimizerState().get("adam_m"), b.optimizerState().get("adam_m"));
    }

    @Test void aFullConvolutionCheckpointStillLoadsAndIsNotMistakenForSubsets() throws IOException {
        GomaConfig full = config(CombinationalConv.NONE);
        Path f = dir.resolve("full.ckpt");
        Checkpoint a = sample(full);
        a.write(f);
        Checkpoint b = Checkpoint.read(f);
        assertEquals(CombinationalConv.NONE, b.config().model().combinationalConv());
        assertArrayEquals(TrainingRunTest.bits(a.parameters()), TrainingRunTest.bits(b.parameters()));
        // the same tensors under a combinational configuration are refused, naming the file
        GomaConfig kcd = config(new CombinationalConv(2, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new Checkpoint(kcd, a.parameters(), 1, Map.of()).write(dir.resolve("x.ckpt")));
        BadInputException e = assertThrows(BadInputException.class, () -> Checkpoint.read(dir.resolve("missing.ckpt")));
        assertTrue(e.getMessage().contains("missing.ckpt"), e.getMessage());
    }
}
