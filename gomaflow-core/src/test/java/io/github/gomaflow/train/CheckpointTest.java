package io.github.gomaflow.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.config.GomaConfig;
import io.github.gomaflow.flow.ParameterLayout;
import io.github.gomaflow.io.SafeTensors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    @TempDir Path dir;

    private static Checkpoint sample() {
        GomaConfig c = TrainingRunTest.tiny("tiny", 3, false, "");
        int p = new ParameterLayout(2, c.model()).parameterCount();
        float[] params = new float[p];
        float[] m = new float[p];
        for (int i = 0; i < p; i++) {
            params[i] = (float) Math.sin(i) / (i + 1);
            m[i] = -i;
        }
        return new Checkpoint(c, params, 2, Map.of("optimizer_step", "10"), Map.of("adam_m", m, "adam_v", m.clone()));
    }

    @Test void roundTripKeepsConfigParametersAndState() throws IOException {
        Path f = dir.resolve("x.ckpt");
        Checkpoint a = sample();
        a.write(f);
        Checkpoint b = Checkpoint.read(f);
        assertEquals(a.config(), b.config());
        assertEquals(2, b.epoch());
        assertArrayEquals(TrainingRunTest.bits(a.parameters()), TrainingRunTest.bits(b.parameters()));
        assertArrayEquals(a.optimizerState().get("adam_m"), b.optimizerState().get("adam_m"));
        assertEquals("10", b.metadata().get("optimizer_step"));
        assertEquals(Checkpoint.FORMAT, b.metadata().get("format"));
        assertTrue(b.metadata().get("config").contains("[model]"));
    }

    /** The layout Python's safetensors expects: parsed by hand from the bytes. */
    @Test void fileIsSafetensorsWithNamedTensors() throws IOException {
        Path f = dir.resolve("y.ckpt");
        Checkpoint a = sample();
        a.write(f);
        byte[] bytes = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        int p = a.parameters().length;
        assertTrue(header.contains("\"parameters\":{\"dtype\":\"F32\",\"shape\":[" + p + "],\"data_offsets\":[0," + 4 * p + "]}"),
                header);
        assertTrue(header.contains("\"format\":\"gomaflow-checkpoint\""), header);
        assertTrue(header.contains("\"format_version\":\"1\""), header);
        assertEquals(8 + n + 3L * 4 * p, bytes.length);
        float first = ByteBuffer.wrap(bytes, (int) (8 + n + 4), 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
        assertEquals(a.parameters()[1], first);
    }

    @Test void foreignCorruptAndMismatchedFilesAreRejectedNamingTheFile() throws IOException {
        Path f = dir.resolve("z.ckpt");
        SafeTensors.write(f, Map.of("parameters", SafeTensors.FloatTensor.vector(new float[4])), Map.of("format", "pt"));
        BadInputException e = assertThrows(BadInputException.class, () -> Checkpoint.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("not a gomaflow checkpoint"), e.getMessage());

        sample().write(f);
        byte[] good = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(good, good.length - 1));
        assertThrows(BadInputException.class, () -> Checkpoint.read(f));

        Checkpoint s = sample();
        float[] fewer = Arrays.copyOf(s.parameters(), s.parameters().length - 1);
        new Checkpoint(s.config(), fewer, 1, Map.of()).write(f);
        e = assertThrows(BadInputException.class, () -> Checkpoint.read(f));
        assertTrue(e.getMessage().contains("parameters"), e.getMessage());

        Files.writeString(f, "[physical]\nL = 8\n");
        assertThrows(BadInputException.class, () -> Checkpoint.read(f));
    }
}
