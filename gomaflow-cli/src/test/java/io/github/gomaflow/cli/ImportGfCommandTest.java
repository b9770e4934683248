package io.github.gomaflow.cli;

import static io.github.gomaflow.cli.CliRun.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.io.bson.GomalizingFlowFilesTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.github.gomaflow.cli.CliRun.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GomalizingFlow's real files through the command line: import, sample, analyze, and training from its model. */
class ImportGfCommandTest {
    @TempDir Path dir;


    @Test void modelAndHistoryImportAndWorkWithEveryCommand() throws IOException {
        Path assets = GomalizingFlowFilesTest.assets();
        String config = assets.resolve("config.toml").toString();
        Run model = run("import-gf", assets.resolve("trained_model.bson").toString(), "--config", config,
                "--out", dir.resolve("gf").toString());
        assertEquals(0, model.code(), model.err());
        assertTrue(Files.isRegularFile(dir.resolve("gf/model_final.ckpt")));
        assertTrue(model.out().contains("and its ADAM state (step 10)"), model.out());
        var ckpt = io.github.gomaflow.train.Checkpoint.read(dir.resolve("gf/model_final.ckpt"));
        assertEquals("10", ckpt.metadata().get("optimizer_step"));
        assertEquals(java.util.Set.of("adam_m", "adam_v"), ckpt.optimizerState().keySet());
        Run sample = run("sample", dir.resolve("gf").toString(), "--n", "2000", "--quiet");
        assertEquals(0, sample.code(), sample.err());
        Run history = run("import-gf", assets.resolve("history.bson").toString(), "--config", config,
                "--out", dir.resolve("history.npz").toString());
        assertEquals(0, history.code(), history.err());
        assertTrue(history.out().contains("8256 configurations"), history.out());
        Run analyze = run("analyze", dir.resolve("history.npz").toString(), "--json", "--quiet");
        assertEquals(0, analyze.code(), analyze.err());
        assertTrue(analyze.out().contains("\"n\":8256,") && analyze.out().contains("\"m2\":-4,"), analyze.out().substring(0, 200));
        Path cfg = Files.writeString(dir.resolve("cont.toml"), Files.readString(assets.resolve("config.toml"))
                .replace("iterations = 10", "iterations = 2").replace("pretrained = \"\"",
                        "pretrained = \"" + assets.resolve("trained_model.bson") + "\"")
                + "\n");
        Run train = run("train", cfg.toString(), "--result", dir.resolve("res").toString(), "--quiet");
        assertEquals(0, train.code(), train.err());
        String log = Files.readString(dir.resolve("res/cont/train.log"));
        assertTrue(log.contains("continuing its ADAM state (step 10)"), log);
        // GomalizingFlow's run took 10 steps, this one 2 more
        assertEquals("12", io.github.gomaflow.train.Checkpoint.read(dir.resolve("res/cont/model_final.ckpt")).metadata()
                .get("optimizer_step"));
        // the imported checkpoint carries the state too; another optimiser starts fresh
        Path sgd = Files.writeString(dir.resolve("sgd.toml"), Files.readString(cfg).replace("opt = \"Adam\"", "opt = \"Descent\"")
                .replace(assets.resolve("trained_model.bson").toString(), dir.resolve("gf/model_final.ckpt").toString()));
        Run fresh = run("train", sgd.toString(), "--result", dir.resolve("res").toString(), "--quiet");
        assertEquals(0, fresh.code(), fresh.err());
        String freshLog = Files.readString(dir.resolve("res/sgd/train.log"));
        assertTrue(freshLog.contains("fresh optimiser (the file's Adam state is not continued by [training] opt = Descent)"),
                freshLog);
    }

    @Test void aModelWithoutItsConfigurationIsOneClearLine() {
        Path assets = GomalizingFlowFilesTest.assets();
        Run r = run("import-gf", assets.resolve("trained_model.bson").toString(), "--out", dir.resolve("x").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("give GomalizingFlow's config.toml of that run with --config"), r.err());
        assertEquals(1, r.err().strip().lines().count());
    }
}
