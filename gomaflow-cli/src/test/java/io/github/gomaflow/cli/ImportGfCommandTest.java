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
    }

    @Test void aModelWithoutItsConfigurationIsOneClearLine() {
        Path assets = GomalizingFlowFilesTest.assets();
        Run r = run("import-gf", assets.resolve("trained_model.bson").toString(), "--out", dir.resolve("x").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("give GomalizingFlow's config.toml of that run with --config"), r.err());
        assertEquals(1, r.err().strip().lines().count());
    }
}
