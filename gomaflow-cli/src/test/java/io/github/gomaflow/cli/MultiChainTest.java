package io.github.gomaflow.cli;

import static io.github.gomaflow.cli.CliRun.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import io.github.gomaflow.cli.CliRun.Run;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultiChainTest {
    @TempDir Path dir;


    private Path config() throws IOException {
        Path f = dir.resolve("small.toml");
        Files.writeString(f, """
                [training]
                seed = 3
                [physical]
                L = 4
                Nd = 2
                M2 = 0.5
                lam = 0.0
                [model]
                n_layers = 2
                hidden_sizes = [4]
                """);
        return f;
    }

    @Test void chainsGetTheirOwnStreamsAndChainZeroIsThePlainChain() throws IOException {
        Path cfg = config();
        Run multi = run("hmc", cfg.toString(), "--n", "200", "--therm", "20", "--chains", "3", "--out", dir.resolve("e.npz").toString(), "--quiet");
        assertEquals(0, multi.code(), multi.out() + multi.err());
        for (int k = 0; k < 3; k++) assertTrue(Files.isRegularFile(dir.resolve("e.chain" + k + ".npz")), "chain " + k);
        assertFalse(Files.exists(dir.resolve("e.npz")));
        byte[] c0 = Files.readAllBytes(dir.resolve("e.chain0.npz"));
        assertFalse(java.util.Arrays.equals(c0, Files.readAllBytes(dir.resolve("e.chain1.npz"))), "chains 0 and 1 differ");
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(dir.resolve("e.chain1.npz")), Files.readAllBytes(dir.resolve("e.chain2.npz"))));
        Run plain = run("hmc", cfg.toString(), "--n", "200", "--therm", "20", "--out", dir.resolve("plain.npz").toString(), "--quiet");
        assertEquals(0, plain.code(), plain.err());
        assertArrayEquals(Files.readAllBytes(dir.resolve("plain.npz")), c0);
        // the same seed gives the same chains again
        Run again = run("hmc", cfg.toString(), "--n", "200", "--therm", "20", "--chains", "3", "--out", dir.resolve("f.npz").toString(), "--quiet");
        assertEquals(0, again.code(), again.err());
        assertArrayEquals(Files.readAllBytes(dir.resolve("e.chain2.npz")), Files.readAllBytes(dir.resolve("f.chain2.npz")));
        Run analyze = run("analyze", dir.resolve("e.chain0.npz").toString(), dir.resolve("e.chain1.npz").toString(),
                dir.resolve("e.chain2.npz").toString(), "--json");
        assertEquals(0, analyze.code(), analyze.err());
        assertTrue(analyze.out().contains("\"n\":600,") && analyze.out().contains("\"replicas\""), analyze.out());
    }

    @Test void fourChainsAtTheTutorialPointAgreeWithOneLongChain() throws IOException {
        // example2d's physics (L = 8, m² = −4, λ = 8): 4 × 5000 HMC trajectories as replicas against one
        // chain of 20000 with another seed; every observable within 3σ of the combined error.
        Path cfg = dir.resolve("tutorial.toml");
        Files.writeString(cfg, """
                [training]
                seed = 11
                [physical]
                L = 8
                Nd = 2
                M2 = -4.0
                lam = 8.0
                [model]
                n_layers = 2
                hidden_sizes = [4]
                """);
        Run chains = run("hmc", cfg.toString(), "--n", "5000", "--chains", "4", "--out", dir.resolve("r.npz").toString(), "--quiet");
        assertEquals(0, chains.code(), chains.err());
        Run single = run("hmc", cfg.toString(), "--n", "20000", "--seed", "99", "--out", dir.resolve("one.npz").toString(), "--quiet");
        assertEquals(0, single.code(), single.err());
        StringBuilder replicas = new StringBuilder();
        for (int k = 0; k < 4; k++) replicas.append(k > 0 ? "," : "").append(dir.resolve("r.chain" + k + ".npz"));
        Run compare = run("compare", replicas.toString(), dir.resolve("one.npz").toString(), "--max-sigma", "3", "--quiet");
        assertEquals(0, compare.code(), compare.out() + compare.err());
        Run analyze = run("analyze", replicas.toString().split(",")[0], replicas.toString().split(",")[1],
                replicas.toString().split(",")[2], replicas.toString().split(",")[3], "--json", "--quiet");
        // the replicas agree with each other: no Q-value of the agreement test below 0.001
        java.util.regex.Matcher q = java.util.regex.Pattern.compile("\"q\":([0-9.eE-]+)").matcher(analyze.out());
        int tested = 0;
        while (q.find()) {
            assertTrue(Double.parseDouble(q.group(1)) > 1e-3, "replica Q " + q.group(1));
            tested++;
        }
        assertTrue(tested >= 5, analyze.out());
    }

    @Test void chainSeedsAreDistinctNonNegativeAndChainZeroKeepsTheBase() {
        assertEquals(42L, ChainsMixin.seedOfChain(42, 0));
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int k = 1; k < 1000; k++) {
            long s = ChainsMixin.seedOfChain(42, k);
            assertTrue(s >= 0, "seed " + s);
            assertTrue(seen.add(s), "duplicate seed for chain " + k);
        }
        assertNotEquals(ChainsMixin.seedOfChain(42, 1), ChainsMixin.seedOfChain(43, 1));
    }

    @Test void sparkWithoutTheSparkBuildIsOneClearLine() throws IOException {
        Run r = run("hmc", config().toString(), "--n", "10", "--chains", "2", "--spark", "local[2]", "--out", dir.resolve("s.npz").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no Spark support") && r.err().contains("gomaflow-spark"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test void badChainCountsAreRefused() throws IOException {
        Run r = run("hmc", config().toString(), "--n", "10", "--chains", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--chains must be in 1..10000, got 0"), r.err());
    }

    @Test void fanOutOptionsAreRemovedInEveryForm() {
        CommandLine cl = Main.newCommandLine();
        CommandLine.Model.CommandSpec hmc = cl.getSubcommands().get("hmc").getCommandSpec();
        List<String> args = MultiChain.withoutFanOutOptions(hmc,
                List.of("--debug", "hmc", "c.toml", "--chains", "4", "--spark=local[2]", "--n", "5", "--out", "x.npz", "--chain-index=2"));
        assertEquals(List.of("--debug", "hmc", "c.toml", "--n", "5"), args);
        List<String> replaced = MultiChain.replaceFirstPositional(hmc, List.of("hmc", "--out", "c.toml", "c.toml"), "c.toml", "W/c.toml");
        assertEquals(List.of("hmc", "--out", "c.toml", "W/c.toml"), replaced);
        assertEquals(Path.of("d/e.chain3.npz"), MultiChain.chainFile(Path.of("d/e.npz"), 3));
    }
}
