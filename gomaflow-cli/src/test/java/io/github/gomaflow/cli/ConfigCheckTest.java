package io.github.gomaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** {@code gomaflow config check}: every good config prints its resolved form and OK; every bad one one line and exit 2. */
class ConfigCheckTest {

    /** Output of one CLI run. */
    record Run(int exitCode, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static Path repositoryRoot() {
        Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (p != null && !(Files.isDirectory(p.resolve("examples")) && Files.exists(p.resolve("pom.xml")))) {
            p = p.getParent();
        }
        if (p == null) throw new AssertionError("no repository root with examples/ above " + System.getProperty("user.dir"));
        return p;
    }

    static List<Path> tomlFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.toString().endsWith(".toml")).sorted().toList();
        }
    }

    @Test
    void everySharedConfigAndExamplePasses() throws IOException {
        List<Path> files = new ArrayList<>(tomlFiles(repositoryRoot().resolve("gomaflow-core/src/test/resources/gomalizingflow-cfgs")));
        assertEquals(21, files.size());
        List<Path> examples = tomlFiles(repositoryRoot().resolve("examples"));
        assertTrue(examples.size() >= 15, examples.toString());
        files.addAll(examples);
        for (Path f : files) {
            Run r = run("config", "check", f.toString());
            assertEquals(0, r.exitCode(), f + ": " + r.err());
            assertTrue(r.out().endsWith("OK" + System.lineSeparator()), r.out());
            for (String section : List.of("physics", "model", "training", "parameters", "lattice", "optimizer", "prior")) {
                assertTrue(r.out().contains(section), f + " lacks " + section);
            }
            boolean gpu = Files.readAllLines(f).stream().anyMatch(l -> l.strip().matches("device_id\\s*=\\s*0\\b.*"));
            assertEquals(gpu ? "gomaflow: warning: device_id = 0 requests a GPU; this build runs on the CPU"
                    + System.lineSeparator() : "", r.err(), f.toString());
        }
    }

    @Test
    void example2dSummary() {
        Run r = run("config", "check", repositoryRoot().resolve("examples/example2d.toml").toString());
        // 16 layers × (8·(1·9+1) + 8·(8·9+1) + 2·(8·9+1)) = 16 × 810
        assertTrue(r.out().contains("parameters   12,960"), r.out());
        assertTrue(r.out().contains("lattice      8 × 8  (d = 2, V = 64, periodic)"), r.out());
        assertTrue(r.out().contains("steps        200 epochs × 100 iterations = 20,000"), r.out());
        assertTrue(r.out().contains("channels     [1, 8, 8, 2]"), r.out());
    }

    @Test
    void missingArgumentIsAUsageError() {
        Run r = run("config", "check");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().startsWith("gomaflow: Missing required parameter"), r.err());
    }

    private static final String GOOD = """
            [config]
            version = "0.1.0"

            [device]
            device_id = -1

            [training]
            seed = 12345
            batchsize = 64
            epochs = 200
            iterations = 100
            base_lr = 0.001
            opt = "Adam"
            prior = "Normal{Float32}(0.f0, 1.f0)"
            lr_scheduler = ""
            pretrained = ""

            [physical]
            L = 8
            Nd = 2
            M2 = -4.0
            lam = 8.0

            [model]
            seed = 2021
            n_layers = 16
            hidden_sizes = [8, 8]
            kernel_size = 3
            inC = 1
            outC = 2
            use_final_tanh = true
            use_bn = false
            """;

    /** GOOD with one line replaced ({@code from} must occur exactly once). */
    private static String with(String from, String to) {
        if (GOOD.indexOf(from) < 0 || GOOD.indexOf(from) != GOOD.lastIndexOf(from)) throw new AssertionError(from);
        return GOOD.replace(from, to);
    }

    /** (case name, file content or null for "no file", text the single error line must contain). */
    static Stream<Arguments> brokenConfigs() {
        return Stream.of(
                Arguments.of("misspelt key", with("batchsize = 64", "batchsiz = 64"), "training.batchsiz = 64: unknown key in [training] (did you mean 'batchsize'?)"),
                Arguments.of("misspelt section", with("[training]", "[trainig]"), "[trainig]: unknown section (did you mean [training]?)"),
                Arguments.of("key in wrong section", with("epochs = 200", "epochs = 200\nL = 8"), "training.L = 8: unknown key in [training] ('L' belongs in [physical])"),
                Arguments.of("key outside a section", "epochs = 3\n" + GOOD, "epochs = 3: key outside any section"),
                Arguments.of("section as a value", "training = 5\n" + GOOD.replace("[training]", "[xtraining]"), "training = 5: expected a section [training]"),
                Arguments.of("sub-table", GOOD + "[model.extra]\nx = 1\n", "model.extra = {x = 1}: unknown key in [model]"),
                Arguments.of("batchsize 0", with("batchsize = 64", "batchsize = 0"), "training.batchsize = 0"),
                Arguments.of("batchsize string", with("batchsize = 64", "batchsize = \"64\""), "training.batchsize = \"64\": expected an integer, got a string"),
                Arguments.of("epochs 0", with("epochs = 200", "epochs = 0"), "training.epochs = 0"),
                Arguments.of("epochs float", with("epochs = 200", "epochs = 2.5"), "training.epochs = 2.5: expected an integer, got a float"),
                Arguments.of("iterations negative", with("iterations = 100", "iterations = -1"), "training.iterations = -1"),
                Arguments.of("base_lr 0", with("base_lr = 0.001", "base_lr = 0"), "training.base_lr = 0: must be > 0"),
                Arguments.of("base_lr string", with("base_lr = 0.001", "base_lr = \"fast\""), "training.base_lr = \"fast\""),
                Arguments.of("base_lr nan", with("base_lr = 0.001", "base_lr = nan"), "training.base_lr = NaN: must be finite"),
                Arguments.of("unknown optimiser", with("opt = \"Adam\"", "opt = \"SGD\""), "training.opt = \"SGD\": is not a valid optimiser"),
                Arguments.of("positional Adam", with("opt = \"Adam\"", "opt = \"Adam(0.9, 0.999)\""), "training.opt = \"Adam(0.9, 0.999)\""),
                Arguments.of("truncated prior", with("prior = \"Normal{Float32}(0.f0, 1.f0)\"", "prior = \"Normal{Float32}(0.f0\""),
                        "training.prior = \"Normal{Float32}(0.f0\": is not a valid prior: at column 21: expected ',' or ')' but the text ends; allowed: Normal(μ, σ)"),
                Arguments.of("unknown prior", with("prior = \"Normal{Float32}(0.f0, 1.f0)\"", "prior = \"Gaussian(0, 1)\""), "training.prior = \"Gaussian(0, 1)\""),
                Arguments.of("negative sigma", with("prior = \"Normal{Float32}(0.f0, 1.f0)\"", "prior = \"Normal(0, -1)\""), "σ must be > 0"),
                Arguments.of("prior not a string", with("prior = \"Normal{Float32}(0.f0, 1.f0)\"", "prior = 3"), "training.prior = 3: expected a string"),
                Arguments.of("Potential without λ", with("prior = \"Normal{Float32}(0.f0, 1.f0)\"", "prior = \"Potential{Float32}(; m²=-4f0)\""), "needs the keyword λ"),
                Arguments.of("Step without sizes", with("lr_scheduler = \"\"", "lr_scheduler = \"Step(0.001f0, 0.1f0)\""), "training.lr_scheduler = \"Step(0.001f0, 0.1f0)\""),
                Arguments.of("unknown schedule", with("lr_scheduler = \"\"", "lr_scheduler = \"Warmup(0.001, 2, 100)\""), "unknown schedule 'Warmup'"),
                Arguments.of("ess_samples 1", GOOD.replace("pretrained = \"\"", "pretrained = \"\"\ness_samples = 1"), "training.ess_samples = 1"),
                Arguments.of("nsamples 0", GOOD.replace("pretrained = \"\"", "pretrained = \"\"\nnsamples = 0"), "training.nsamples = 0"),
                Arguments.of("skip_nonfinite string", GOOD.replace("pretrained = \"\"", "pretrained = \"\"\nskip_nonfinite = \"yes\""), "training.skip_nonfinite = \"yes\""),
                Arguments.of("odd L", with("L = 8", "L = 7"), "physical.L = 7: odd"),
                Arguments.of("L 1", with("L = 8", "L = 1"), "physical.L = 1"),
                Arguments.of("Nd 5", with("Nd = 2", "Nd = 5"), "physical.Nd = 5"),
                Arguments.of("Nd 0", with("Nd = 2", "Nd = 0"), "physical.Nd = 0"),
                Arguments.of("negative lambda", with("lam = 8.0", "lam = -1.0"), "physical.lam = -1.0"),
                Arguments.of("free field with m² < 0", with("lam = 8.0", "lam = 0"), "physical.lam = 0: with M2 = -4.0 <= 0"),
                Arguments.of("free field with m² = 0", with("lam = 8.0", "lam = 0.0").replace("M2 = -4.0", "M2 = 0"), "physical.lam = 0.0"),
                Arguments.of("missing M2", with("M2 = -4.0\n", ""), "physical.M2 is required but missing"),
                Arguments.of("missing L", with("L = 8\n", ""), "physical.L is required but missing"),
                Arguments.of("missing Nd", with("Nd = 2\n", ""), "physical.Nd is required but missing"),
                Arguments.of("no physical section", GOOD.substring(0, GOOD.indexOf("[physical]")), "physical.L is required but missing"),
                Arguments.of("odd lattice_shape", with("L = 8\nNd = 2", "lattice_shape = [8, 7]"), "physical.lattice_shape = [8, 7]: extent 2 = 7 is odd"),
                Arguments.of("lattice_shape vs Nd", with("L = 8\n", "lattice_shape = [8, 8]\n").replace("Nd = 2", "Nd = 3"), "physical.Nd = 3: inconsistent"),
                Arguments.of("empty lattice_shape", with("L = 8\nNd = 2", "lattice_shape = []"), "physical.lattice_shape = []"),
                Arguments.of("M2 string", with("M2 = -4.0", "M2 = \"minus four\""), "physical.M2 = \"minus four\""),
                Arguments.of("huge lattice", with("L = 8", "L = 100000"), "physical.L = 100000: lattice volume"),
                Arguments.of("even kernel", with("kernel_size = 3", "kernel_size = 4"), "model.kernel_size = 4: even"),
                Arguments.of("kernel 0", with("kernel_size = 3", "kernel_size = 0"), "model.kernel_size = 0"),
                Arguments.of("inC 2", with("inC = 1", "inC = 2"), "model.inC = 2"),
                Arguments.of("outC 1", with("outC = 2", "outC = 1"), "model.outC = 1"),
                Arguments.of("hidden size 0", with("hidden_sizes = [8, 8]", "hidden_sizes = [8, 0]"), "model.hidden_sizes = [8, 0]: element 2"),
                Arguments.of("hidden sizes scalar", with("hidden_sizes = [8, 8]", "hidden_sizes = 8"), "model.hidden_sizes = 8: expected an array"),
                Arguments.of("n_layers 0", with("n_layers = 16", "n_layers = 0"), "model.n_layers = 0"),
                Arguments.of("use_bn integer", with("use_bn = false", "use_bn = 1"), "model.use_bn = 1: expected true or false"),
                Arguments.of("use_final_tanh string", with("use_final_tanh = true", "use_final_tanh = \"true\""), "model.use_final_tanh = \"true\""),
                Arguments.of("model seed negative", with("seed = 2021", "seed = -1"), "model.seed = -1"),
                Arguments.of("device_id -2", with("device_id = -1", "device_id = -2"), "device.device_id = -2"),
                Arguments.of("device_id string", with("device_id = -1", "device_id = \"gpu\""), "device.device_id = \"gpu\""),
                Arguments.of("GPU id and odd L: no warning", with("device_id = -1", "device_id = 0").replace("L = 8", "L = 9"), "physical.L = 9"),
                Arguments.of("bad version", with("version = \"0.1.0\"", "version = \"abc\""), "config.version = \"abc\""),
                Arguments.of("duplicate key", with("epochs = 200", "epochs = 200\nepochs = 300"), "not valid TOML at line"),
                Arguments.of("truncated file", GOOD.substring(0, GOOD.indexOf("Normal{") + 10), "not valid TOML at line"),
                Arguments.of("not TOML (JSON)", "{\"training\": {\"epochs\": 3}}\n", "not valid TOML at line 1"),
                Arguments.of("empty file", "", "empty file"),
                Arguments.of("missing file", null, "no such file"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenConfigs")
    void brokenConfigGivesOneLineAndExit2(String name, String content, String expected, @TempDir Path dir) throws IOException {
        Path file = dir.resolve("broken.toml");
        if (content != null) Files.writeString(file, content, StandardCharsets.UTF_8);
        Run r = run("config", "check", file.toString());
        assertEquals(2, r.exitCode(), name + ": " + r.out() + r.err());
        assertEquals("", r.out(), name);
        String[] lines = r.err().split("\\R");
        assertEquals(1, lines.length, name + ": " + r.err());
        String line = lines[0];
        assertTrue(line.startsWith("gomaflow: " + file + ": "), name + ": " + line);
        assertTrue(line.contains(expected), name + ": expected '" + expected + "' in: " + line);
        assertFalse(line.contains("Exception") || line.contains("\tat "), name + ": " + line);
    }

    @Test
    void directoryIsBadInput(@TempDir Path dir) {
        Run r = run("config", "check", dir.toString());
        assertEquals(2, r.exitCode());
        assertEquals("gomaflow: " + dir + ": is a directory, not a TOML configuration file" + System.lineSeparator(), r.err());
    }
}
