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

    /**
     * Format 2, as Python's safetensors sees it (parsed by hand from the bytes): every parameter a
     * named tensor of its PyTorch shape, in the flat order of docs/ARCHITECTURE.md. The tiny model
     * is 2D, 2 layers, channels [1, 4, 2], k = 3: per layer conv 0 has 4·1·9 + 4 = 40 numbers,
     * conv 1 has 2·4·9 + 2 = 74, so layer 1's last bias is flat [114 + 40 + 72, 114 + 40 + 74).
     */
    @Test void fileIsSafetensorsWithNamedTensors() throws IOException {
        Path f = dir.resolve("y.ckpt");
        Checkpoint a = sample();
        a.write(f);
        byte[] bytes = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.contains("\"layers.0.net.0.weight\":{\"dtype\":\"F32\",\"shape\":[4,1,3,3],\"data_offsets\":[0,144]}"),
                header);
        assertTrue(header.contains("\"layers.1.net.2.weight\":{\"dtype\":\"F32\",\"shape\":[2,4,3,3]"), header);
        assertTrue(header.contains("\"format_version\":\"2\""), header);
        assertTrue(!header.contains("\"parameters\""), header);
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("\"layers\\.1\\.net\\.2\\.bias\":\\{\"dtype\":\"F32\",\"shape\":\\[2\\],\"data_offsets\":\\[(\\d+),(\\d+)\\]")
                .matcher(header);
        assertTrue(m.find(), header);
        int begin = Integer.parseInt(m.group(1));
        assertEquals(begin + 8, Integer.parseInt(m.group(2)));
        ByteBuffer data = ByteBuffer.wrap(bytes, (int) (8 + n + begin), 8).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(a.parameters()[226], data.getFloat());
        assertEquals(a.parameters()[227], data.getFloat());
    }

    private static Map<String, String> formatOneMetadata(Checkpoint c) {
        Map<String, String> meta = new java.util.LinkedHashMap<>();
        meta.put("format", "gomaflow-checkpoint");
        meta.put("format_version", "1");
        meta.put("magic", "0x676d666c");
        meta.put("epoch", Integer.toString(c.epoch()));
        meta.put("parameter_count", Integer.toString(c.parameters().length));
        meta.put("config_name", c.config().name());
        meta.put("config", io.github.gomaflow.config.ConfigWriter.toToml(c.config()));
        return meta;
    }

    /** A file as the previous version wrote it (one flat "parameters" tensor) loads, and re-saves as format 2. */
    @Test void formatOneCheckpointsStillLoad() throws IOException {
        Checkpoint a = sample();
        Path f = dir.resolve("v1.ckpt");
        Map<String, SafeTensors.FloatTensor> t = new java.util.LinkedHashMap<>();
        t.put("parameters", SafeTensors.FloatTensor.vector(a.parameters()));
        t.put("adam_m", SafeTensors.FloatTensor.vector(a.optimizerState().get("adam_m")));
        SafeTensors.write(f, t, formatOneMetadata(a));
        Checkpoint b = Checkpoint.read(f);
        assertArrayEquals(TrainingRunTest.bits(a.parameters()), TrainingRunTest.bits(b.parameters()));
        assertArrayEquals(a.optimizerState().get("adam_m"), b.optimizerState().get("adam_m"));
        assertEquals(2, b.epoch());
        Path g = dir.resolve("v2.ckpt");
        b.write(g);
        Checkpoint c = Checkpoint.read(g);
        assertEquals("2", c.metadata().get("format_version"));
        assertArrayEquals(TrainingRunTest.bits(a.parameters()), TrainingRunTest.bits(c.parameters()));
    }

    /** A Z2-equivariant model: s_net and t_net tensors by name and shape, numbers and config back unchanged. */
    @Test void z2ModelRoundTripsWithNamedStacks() throws IOException {
        GomaConfig base = TrainingRunTest.tiny("z2", 3, false, "");
        io.github.gomaflow.config.ModelParams mp = base.model();
        GomaConfig c = new GomaConfig("z2", base.version(), base.device(), base.training(), base.physical(),
                new io.github.gomaflow.config.ModelParams(mp.seed(), mp.nLayers(), mp.hiddenSizes(), mp.kernelSize(),
                        mp.inC(), mp.outC(), mp.useFinalTanh(), false, false, true));
        ParameterLayout layout = new ParameterLayout(2, c.model());
        float[] params = new float[layout.totalParameterCount()];
        for (int i = 0; i < params.length; i++) params[i] = (float) Math.cos(i) / (i + 1);
        Checkpoint a = new Checkpoint(c, params, 4, Map.of(), Map.of("adam_m", params.clone()));
        Path f = dir.resolve("z2.ckpt");
        a.write(f);
        Checkpoint b = Checkpoint.read(f);
        assertTrue(b.config().model().z2Equivariant());
        assertEquals(a.config(), b.config());
        assertArrayEquals(TrainingRunTest.bits(params), TrainingRunTest.bits(b.parameters()));
        Map<String, SafeTensors.FloatTensor> named = SafeTensors.read(f).tensors();
        // channels [1, 4, 1], k = 3: layer 1 starts at 77 + 72 = 149; its t_net.2.weight [1, 4, 3, 3] is its last 36 numbers
        assertArrayEquals(new long[] {1, 4, 3, 3}, named.get("layers.1.t_net.2.weight").shape());
        assertArrayEquals(Arrays.copyOfRange(params, 2 * 149 - 36, 2 * 149), named.get("layers.1.t_net.2.weight").data());
        assertArrayEquals(new long[] {1}, named.get("layers.0.s_net.2.bias").shape());
        assertTrue(!named.containsKey("layers.0.t_net.0.bias") && !named.containsKey("layers.0.net.0.weight"));
    }

    /** Batch norm: γ, β and the running statistics by name; a format-1 file with bn_running_stats loads. */
    @Test void batchNormTensorsAreNamedAfterTheirModule() throws IOException {
        GomaConfig base = TrainingRunTest.tiny("bn", 3, false, "");
        io.github.gomaflow.config.ModelParams mp = base.model();
        GomaConfig c = new GomaConfig("bn", base.version(), base.device(), base.training(), base.physical(),
                new io.github.gomaflow.config.ModelParams(mp.seed(), mp.nLayers(), mp.hiddenSizes(), mp.kernelSize(),
                        mp.inC(), mp.outC(), mp.useFinalTanh(), true));
        ParameterLayout layout = new ParameterLayout(2, c.model());
        float[] params = new float[layout.totalParameterCount()];
        for (int i = 0; i < params.length; i++) params[i] = i;
        // per layer per conv: mean[c] then var[c]; c = 4 then 2, so 12 per layer
        float[] running = new float[24];
        for (int i = 0; i < running.length; i++) running[i] = 1000 + i;
        Checkpoint a = new Checkpoint(c, params, 1, Map.of(), Map.of(), running);
        Path f = dir.resolve("bn-v1.ckpt");
        Map<String, SafeTensors.FloatTensor> t = new java.util.LinkedHashMap<>();
        t.put("parameters", SafeTensors.FloatTensor.vector(params));
        t.put("bn_running_stats", SafeTensors.FloatTensor.vector(running));
        SafeTensors.write(f, t, formatOneMetadata(a));
        Checkpoint b = Checkpoint.read(f);
        assertArrayEquals(running, b.runningStatistics());
        Path g = dir.resolve("bn-v2.ckpt");
        b.write(g);
        Map<String, SafeTensors.FloatTensor> named = SafeTensors.read(g).tensors();
        // layer 1, conv 1 (channels 4 -> 2): conv module 3, batch norm module 4; its running_var is running[12 + 8 + 2, +4)
        assertArrayEquals(new long[] {2, 4, 3, 3}, named.get("layers.1.net.3.weight").shape());
        assertArrayEquals(new float[] {1022, 1023}, named.get("layers.1.net.4.running_var").data());
        assertArrayEquals(new float[] {1020, 1021}, named.get("layers.1.net.4.running_mean").data());
        // γ of layer 0, conv 0 follows all 228 convolution parameters
        assertArrayEquals(new float[] {228, 229, 230, 231}, named.get("layers.0.net.1.weight").data());
        assertArrayEquals(new float[] {232, 233, 234, 235}, named.get("layers.0.net.1.bias").data());
        Checkpoint d = Checkpoint.read(g);
        assertArrayEquals(params, d.parameters());
        assertArrayEquals(running, d.runningStatistics());
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
        assertThrows(IllegalArgumentException.class, () -> new Checkpoint(s.config(), fewer, 1, Map.of()).write(f));
        sample().write(f);
        Map<String, SafeTensors.FloatTensor> t = new java.util.LinkedHashMap<>(SafeTensors.read(f).tensors());
        t.put("layers.1.net.0.bias", SafeTensors.FloatTensor.vector(new float[3]));
        SafeTensors.write(f, t, SafeTensors.read(f).metadata());
        e = assertThrows(BadInputException.class, () -> Checkpoint.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("'layers.1.net.0.bias' has shape [3]"),
                e.getMessage());
        t.remove("layers.1.net.0.bias");
        SafeTensors.write(f, t, SafeTensors.read(f).metadata());
        e = assertThrows(BadInputException.class, () -> Checkpoint.read(f));
        assertTrue(e.getMessage().contains("no tensor 'layers.1.net.0.bias'"), e.getMessage());

        Files.writeString(f, "[physical]\nL = 8\n");
        assertThrows(BadInputException.class, () -> Checkpoint.read(f));
    }
}
