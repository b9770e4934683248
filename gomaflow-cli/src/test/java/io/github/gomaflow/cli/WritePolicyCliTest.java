package io.github.gomaflow.cli;

import static io.github.gomaflow.cli.CliRun.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.github.gomaflow.cli.CliRun.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The --force policy, run names and interruption messages through the command line. */
class WritePolicyCliTest {
    @TempDir Path dir;


    private Path config(String name) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, CliRun.TINY_CONFIG);
        return f;
    }

    @Test void hmcAndSampleRefuseToReplaceAnEnsembleWithoutForce() throws IOException {
        Path cfg = config("small.toml");
        Path out = dir.resolve("h.npz");
        assertEquals(0, run("hmc", cfg.toString(), "--n", "50", "--therm", "10", "--out", out.toString(), "--quiet").code());
        byte[] first = Files.readAllBytes(out);
        Run again = run("hmc", cfg.toString(), "--n", "60", "--therm", "10", "--out", out.toString(), "--quiet");
        assertEquals(2, again.code());
        assertTrue(again.err().contains(out + " exists; use --force"), again.err());
        assertEquals(java.util.List.of(first.length), java.util.List.of(Files.readAllBytes(out).length));
        assertEquals(0, run("hmc", cfg.toString(), "--n", "60", "--therm", "10", "--out", out.toString(), "--quiet", "--force").code());

        Path res = dir.resolve("res");
        assertEquals(0, run("train", cfg.toString(), "--result", res.toString(), "--quiet").code());
        Path runDir = res.resolve("small");
        assertEquals(0, run("sample", runDir.toString(), "--n", "100", "--quiet").code());
        Run sampleAgain = run("sample", runDir.toString(), "--n", "100", "--quiet");
        assertEquals(2, sampleAgain.code());
        assertTrue(sampleAgain.err().contains("ensemble.npz exists; use --force"), sampleAgain.err());
        // train --force removes the old model's ensemble with the old run
        assertEquals(0, run("train", cfg.toString(), "--result", res.toString(), "--quiet", "--force").code());
        assertFalse(Files.exists(runDir.resolve("ensemble.npz")));
    }

    @Test void aConfigurationNamedDotDotIsRefused() throws IOException {
        Path cfg = config("...toml");
        Path res = Files.createDirectories(dir.resolve("res"));
        Run r = run("train", cfg.toString(), "--result", res.toString(), "--force", "--quiet");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("run name '..'") && r.err().contains("not a plain file name"), r.err());
        assertFalse(Files.exists(dir.resolve("config.toml")), "nothing written beside --result");
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test void theInterruptMessagePromisesOnlyWhatExists() throws IOException {
        TrainCommand t = new TrainCommand();
        t.config = Path.of("examples/example2d.toml");
        t.result = Path.of("results");
        String early = t.interruptMessage(dir.resolve("checkpoint_latest.ckpt"), false);
        assertTrue(early.contains("no epoch was finished") && !early.contains("--resume"), early);
        String later = t.interruptMessage(dir.resolve("checkpoint_latest.ckpt"), true);
        assertTrue(later.contains("train examples/example2d.toml --resume"), later);
    }
}
