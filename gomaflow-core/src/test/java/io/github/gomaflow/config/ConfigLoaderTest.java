package io.github.gomaflow.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.BadInputException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GomalizingFlow's own configs, our examples, defaults, the round trip through ConfigWriter, and messages. */
class ConfigLoaderTest {

    static Path sharedConfigDir() throws URISyntaxException {
        return Path.of(ConfigLoaderTest.class.getResource("/gomalizingflow-cfgs/example2d.toml").toURI()).getParent();
    }

    static List<Path> sharedConfigs() throws IOException, URISyntaxException {
        try (Stream<Path> s = Files.list(sharedConfigDir())) {
            return s.filter(p -> p.toString().endsWith(".toml")).sorted().toList();
        }
    }

    /** The repository root, found by walking up from the working directory to the directory holding examples/. */
    static Path repositoryRoot() {
        Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (p != null && !(Files.isDirectory(p.resolve("examples")) && Files.exists(p.resolve("pom.xml")))) {
            p = p.getParent();
        }
        if (p == null) throw new AssertionError("no repository root with examples/ above " + System.getProperty("user.dir"));
        return p;
    }

    static List<Path> examples() throws IOException {
        try (Stream<Path> s = Files.walk(repositoryRoot().resolve("examples"), 2)) {
            return s.filter(p -> p.toString().endsWith(".toml")).sorted().toList();
        }
    }

    private static GomaConfig load(Path p, List<String> warnings) { return ConfigLoader.load(p, warnings::add); }

    @Test
    void allSharedConfigsLoadAndRoundTrip() throws Exception {
        List<Path> files = sharedConfigs();
        // the shared directory holds 21 configurations plus GomalizingFlow's LICENSE: 22 files
        assertEquals(21, files.size());
        try (Stream<Path> all = Files.list(sharedConfigDir())) {
            assertEquals(22, all.count());
        }
        for (Path f : files) {
            List<String> w = new ArrayList<>();
            GomaConfig c = load(f, w);
            assertEquals(f.getFileName().toString().replace(".toml", ""), c.name());
            assertEquals(-1, c.device().deviceId(), "this build always runs on the CPU");
            GomaConfig back = ConfigLoader.parse(ConfigWriter.toToml(c), c.name() + ".toml", x -> {});
            assertEquals(c, back, f.toString());
        }
    }

    @Test
    void example2dMeansWhatGomalizingFlowMeans() throws Exception {
        List<String> w = new ArrayList<>();
        GomaConfig c = load(sharedConfigDir().resolve("example2d.toml"), w);
        assertEquals(List.of(), w);
        assertEquals("0.1.0", c.version());
        assertEquals(new TrainingParams(12345, 64, 200, 100, 0.001, new OptimizerSpec.Adam(0.9, 0.999, 1e-8),
                new PriorSpec.Normal(0, 1), new ScheduleSpec.Constant(), "", 1024, 8192, false), c.training());
        assertEquals(new PhysicalParams(List.of(8, 8), -4.0, 8.0), c.physical());
        assertEquals(new ModelParams(2021, 16, List.of(8, 8), 3, 1, 2, true, false), c.model());
    }

    @Test
    void gpuDeviceIdWarnsOnceAndRunsOnCpu() throws Exception {
        List<String> w = new ArrayList<>();
        GomaConfig c = load(sharedConfigDir().resolve("example2d_E4.toml"), w);
        assertEquals(List.of("device_id = 0 requests a GPU; this build runs on the CPU"), w);
        assertEquals(new ScheduleSpec.Step(0.001, 0.5, List.of(1500, 1500, 1500)), c.training().lrScheduler());
        assertEquals(5000, c.training().epochs());
        assertEquals(new PhysicalParams(List.of(12, 12), -4.0, 5.276), c.physical());
    }

    @Test
    void potentialPriorsAndDimensions() throws Exception {
        GomaConfig c = load(sharedConfigDir().resolve("example3d_critical_prior_potential.toml"), new ArrayList<>());
        assertEquals(new PriorSpec.Potential(-0.53, 8.0, Defaults.POTENTIAL_XMIN, Defaults.POTENTIAL_XMAX),
                c.training().prior());
        assertEquals(List.of(8, 8, 8), c.physical().latticeShape());
        GomaConfig d4 = load(sharedConfigDir().resolve("example4d.toml"), new ArrayList<>());
        assertEquals(List.of(4, 4, 4, 4), d4.physical().latticeShape());
        assertEquals(new ScheduleSpec.Step(0.001, 0.1, List.of(200)), d4.training().lrScheduler());
    }

    @Test
    void allExamplesLoadWithoutWarningsAndRoundTrip() throws Exception {
        List<Path> files = examples();
        assertTrue(files.size() >= 15, "examples: " + files);
        for (Path f : files) {
            List<String> w = new ArrayList<>();
            GomaConfig c = load(f, w);
            // some of GomalizingFlow's files ask for GPU 0: the one warning that this build runs on the CPU
            boolean gpu = java.util.regex.Pattern.compile("(?m)^device_id = 0").matcher(Files.readString(f)).find();
            assertEquals(gpu ? List.of("device_id = 0 requests a GPU; this build runs on the CPU") : List.of(), w, f.toString());
            assertEquals(c, ConfigLoader.parse(ConfigWriter.toToml(c), f.getFileName().toString(), x -> {}));
        }
    }

    @Test
    void albergoEnsemblesE1toE5() throws Exception {
        int[] l = {6, 8, 10, 12, 14};
        double[] lambda = {6.975, 6.008, 5.550, 5.276, 5.113};
        for (int i = 0; i < 5; i++) {
            GomaConfig c = load(repositoryRoot().resolve("examples/example2d_E" + (i + 1) + ".toml"), new ArrayList<>());
            assertEquals(new PhysicalParams(List.of(l[i], l[i]), -4.0, lambda[i]), c.physical());
        }
        GomaConfig free = load(repositoryRoot().resolve("examples/freefield2d.toml"), new ArrayList<>());
        assertEquals(new PhysicalParams(List.of(8, 8), 0.5, 0.0), free.physical());
    }

    @Test
    void missingKeysTakeDefaultsAndLatticeShapeExtension() {
        GomaConfig c = ConfigLoader.parse("[physical]\nlattice_shape = [4, 6]\nM2 = -4\nlam = 8\n", "dir/min.toml", x -> {});
        assertEquals("min", c.name());
        assertEquals(Defaults.VERSION, c.version());
        assertEquals(Defaults.device(), c.device());
        assertEquals(Defaults.training(), c.training());
        assertEquals(Defaults.model(), c.model());
        assertEquals(new PhysicalParams(List.of(4, 6), -4.0, 8.0), c.physical());
        assertEquals(c, ConfigLoader.parse(ConfigWriter.toToml(c), "min.toml", x -> {}));
        GomaConfig consistent = ConfigLoader.parse("[physical]\nL = 4\nNd = 3\nlattice_shape = [4, 4, 4]\nM2 = 1\nlam = 0\n",
                "c.toml", x -> {});
        assertEquals(List.of(4, 4, 4), consistent.physical().latticeShape());
    }

    @Test
    void extensionsAndNonDefaultSpecsRoundTrip() {
        String toml = """
                [training]
                opt = "AdamW(decay=1e-4, β1=0.8)"
                prior = "Potential(; m2=0.5, lam=0.1, xmin=-6, xmax=6)"
                lr_scheduler = "Step(0.01, 0.5, 25)"
                base_lr = 0.01
                ess_samples = 4096
                nsamples = 100
                skip_nonfinite = true
                pretrained = "runs/a \\"quoted\\" name/model.safetensors"
                [physical]
                L = 4
                Nd = 1
                M2 = 0.5
                lam = 0
                """;
        GomaConfig c = ConfigLoader.parse(toml, "ext.toml", x -> {});
        assertEquals(new OptimizerSpec.AdamW(0.8, 0.999, 1e-8, 1e-4), c.training().optimizer());
        assertEquals(new PriorSpec.Potential(0.5, 0.1, -6, 6), c.training().prior());
        assertEquals(new ScheduleSpec.StepEvery(0.01, 0.5, 25), c.training().lrScheduler());
        assertEquals("runs/a \"quoted\" name/model.safetensors", c.training().pretrained());
        assertEquals(4096, c.training().essSamples());
        assertEquals(100, c.training().nsamples());
        assertTrue(c.training().skipNonfinite());
        assertEquals(c, ConfigLoader.parse(ConfigWriter.toToml(c), "ext.toml", x -> {}));
        for (String s : List.of("Exp(0.01, 0.99)", "CosAnneal(0.01, 1e-5, 30)", "")) {
            GomaConfig e = ConfigLoader.parse(toml.replace("Step(0.01, 0.5, 25)", s), "ext.toml", x -> {});
            assertEquals(e, ConfigLoader.parse(ConfigWriter.toToml(e), "ext.toml", x -> {}), s);
        }
    }

    @Test
    void gradientEstimatorKey() {
        GomaConfig standard = ConfigLoader.parse(PHYS, "g.toml", x -> {});
        assertEquals(TrainingParams.Gradient.STANDARD, standard.training().gradient());
        GomaConfig path = ConfigLoader.parse("[training]\ngradient = \"path\"\n" + PHYS, "g.toml", x -> {});
        assertEquals(TrainingParams.Gradient.PATH, path.training().gradient());
        assertTrue(ConfigWriter.toToml(path).contains("gradient = \"path\""));
        assertEquals(path, ConfigLoader.parse(ConfigWriter.toToml(path), "g.toml", x -> {}));
        assertEquals(standard, ConfigLoader.parse(ConfigWriter.toToml(standard), "g.toml", x -> {}));
        assertMessage("[training]\ngradient = \"score\"\n" + PHYS, "t.toml: training.gradient = \"score\": unknown gradient"
                + " estimator; allowed: \"standard\"");
        assertMessage("[training]\ngradient = \"path\"\n[model]\nuse_bn = true\n" + PHYS, "t.toml: training.gradient = "
                + "\"path\": is not available with model.use_bn = true");
    }

    @Test
    void scheduleStartDifferentFromBaseLrWarns() {
        List<String> w = new ArrayList<>();
        ConfigLoader.parse("[training]\nbase_lr = 0.01\nlr_scheduler = \"Exp(0.001, 0.9)\"\n[physical]\nL = 4\nNd = 2\nM2 = 1\nlam = 1\n",
                "w.toml", w::add);
        assertEquals(1, w.size());
        assertTrue(w.get(0).contains("lr_scheduler starts at 0.001 but base_lr = 0.01"), w.get(0));
    }

    @Test
    void messagesNameFileKeyValueAndWhatIsAllowed() {
        assertMessage("[training]\nbatchsiz = 64\n", "t.toml: training.batchsiz = 64: unknown key in [training] "
                + "(did you mean 'batchsize'?); allowed: keys seed, batchsize");
        assertMessage("[training]\nL = 8\n", "t.toml: training.L = 8: unknown key in [training] ('L' belongs in [physical])");
        assertMessage("[trainig]\nseed = 1\n", "t.toml: [trainig]: unknown section (did you mean [training]?)");
        assertMessage("epochs = 3\n", "t.toml: epochs = 3: key outside any section (it belongs in [training])");
        assertMessage("[training]\nprior = \"Normal{Float32}(0.f0\"\n" + PHYS, "t.toml: training.prior = \"Normal{Float32}(0.f0\": "
                + "is not a valid prior: at column 21: expected ',' or ')' but the text ends; allowed: Normal(μ, σ), Uniform(a, b), Cauchy(");
        assertMessage("[physical]\nL = 7\nNd = 2\nM2 = 1\nlam = 1\n", "t.toml: physical.L = 7: odd; allowed: an even integer >= 2");
        assertMessage("[physical]\nL = 8\nNd = 2\nM2 = -1\nlam = 0\n", "t.toml: physical.lam = 0: with M2 = -1.0 <= 0 the action");
        assertMessage("[physical]\nL = 8\nNd = 2\nlam = 1\n", "t.toml: physical.M2 is required but missing");
        assertMessage("[model]\nkernel_size = 4\n" + PHYS, "t.toml: model.kernel_size = 4: even; allowed: an odd integer >= 1");
        assertMessage("[training]\nepochs = 2.5\n" + PHYS, "t.toml: training.epochs = 2.5: expected an integer, got a float");
        assertMessage("[training]\nbatchsize = \"64\"\n" + PHYS, "t.toml: training.batchsize = \"64\": expected an integer, got a string");
        assertMessage("[physical]\nL = 8\nNd = 2\nM2 = -4\nlam = 8\nlattice_shape = [8, 4]\n",
                "t.toml: physical.L = 8: inconsistent with lattice_shape = [8, 4]");
        assertMessage("[physical\nL = 8\n", "t.toml: not valid TOML at line 1, column ");
        assertMessage("", "t.toml: empty file");
    }

    private static final String PHYS = "[physical]\nL = 8\nNd = 2\nM2 = -4\nlam = 8\n";

    /** model.z2_equivariant: default false, parsed, written back; refused together with use_bn, naming both keys. */
    @Test
    void z2EquivariantKey() {
        assertFalse(ConfigLoader.parse(PHYS, "t.toml", x -> {}).model().z2Equivariant());
        GomaConfig c = ConfigLoader.parse("[model]\nz2_equivariant = true\n" + PHYS, "t.toml", x -> {});
        assertTrue(c.model().z2Equivariant());
        assertTrue(ConfigWriter.toToml(c).contains("z2_equivariant = true"));
        assertEquals(c, ConfigLoader.parse(ConfigWriter.toToml(c), "t.toml", x -> {}));
        assertMessage("[model]\nuse_bn = true\nz2_equivariant = true\n" + PHYS, "t.toml: model.z2_equivariant = true: together "
                + "with use_bn = true: batch norm is not supported with Z2-equivariant couplings; allowed: z2_equivariant = false, or use_bn = false");
        assertMessage("[model]\nz2_equivariant = 1\n" + PHYS, "t.toml: model.z2_equivariant = 1: expected true or false");
    }

    private static void assertMessage(String toml, String expectedStart) {
        BadInputException e = assertThrows(BadInputException.class, () -> ConfigLoader.parse(toml, "t.toml", x -> {}));
        assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void fileProblems(@TempDir Path dir) throws IOException {
        BadInputException missing = assertThrows(BadInputException.class,
                () -> ConfigLoader.load(dir.resolve("nope.toml"), x -> {}));
        assertEquals(dir.resolve("nope.toml") + ": no such file; expected a TOML configuration file", missing.getMessage());
        BadInputException directory = assertThrows(BadInputException.class, () -> ConfigLoader.load(dir, x -> {}));
        assertTrue(directory.getMessage().endsWith(": is a directory, not a TOML configuration file"));
        Path binary = Files.write(dir.resolve("bin.toml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0xc3});
        BadInputException notText = assertThrows(BadInputException.class, () -> ConfigLoader.load(binary, x -> {}));
        assertTrue(notText.getMessage().contains("not valid UTF-8"), notText.getMessage());
        Path bom = Files.writeString(dir.resolve("bom.toml"), "\uFEFF[physical]\nL = 4\nNd = 2\nM2 = 1\nlam = 1\n");
        assertEquals(List.of(4, 4), ConfigLoader.load(bom, x -> {}).physical().latticeShape());
    }

    @Test
    void validateChecksProgrammaticConfigs() throws Exception {
        GomaConfig c = ConfigLoader.load(sharedConfigDir().resolve("example2d.toml"), x -> {});
        assertEquals(c, ConfigLoader.validate(c, "override"));
        TrainingParams t = c.training();
        GomaConfig bad = new GomaConfig(c.name(), c.version(), c.device(), new TrainingParams(t.seed(), t.batchsize(), 0,
                t.iterations(), t.baseLr(), t.optimizer(), t.prior(), t.lrScheduler(), t.pretrained(), t.essSamples(),
                t.nsamples(), t.skipNonfinite()), c.physical(), c.model());
        BadInputException e = assertThrows(BadInputException.class, () -> ConfigLoader.validate(bad, "override"));
        assertTrue(e.getMessage().startsWith("override: training.epochs = 0: out of range"), e.getMessage());
    }
}
