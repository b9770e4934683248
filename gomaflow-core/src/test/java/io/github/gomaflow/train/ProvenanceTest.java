package io.github.gomaflow.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.io.MiniJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvenanceTest {
    @TempDir Path dir;
    static final String SHA = "0123456789abcdef0123456789abcdef01234567";
    static final String SHA2 = "fedcba9876543210fedcba9876543210fedcba98";

    @Test void commitFromLooseRefPackedRefsDetachedHeadAndLinkedWorktree() throws IOException {
        Path repo = dir.resolve("repo");
        Path git = repo.resolve(".git");
        Files.createDirectories(git.resolve("refs/heads"));
        Files.writeString(git.resolve("HEAD"), "ref: refs/heads/main\n");
        Files.writeString(git.resolve("refs/heads/main"), SHA + "\n");
        Path deep = Files.createDirectories(repo.resolve("gomaflow-cli/target"));
        assertEquals(SHA, Provenance.gitCommit(deep));

        Files.delete(git.resolve("refs/heads/main"));
        Files.writeString(git.resolve("packed-refs"), "# pack-refs with: peeled\n" + SHA2 + " refs/heads/main\n");
        assertEquals(SHA2, Provenance.gitCommit(deep));

        Files.writeString(git.resolve("HEAD"), SHA + "\n");
        assertEquals(SHA, Provenance.gitCommit(deep));

        // a linked work tree: .git is a file pointing at .git/worktrees/wt, whose commondir is ../..
        Files.writeString(git.resolve("HEAD"), "ref: refs/heads/main\n");
        Path wtGit = Files.createDirectories(git.resolve("worktrees/wt"));
        Files.writeString(wtGit.resolve("HEAD"), "ref: refs/heads/feature\n");
        Files.writeString(wtGit.resolve("commondir"), "../..\n");
        Files.writeString(git.resolve("packed-refs"), SHA2 + " refs/heads/feature\n");
        Path wt = Files.createDirectories(dir.resolve("wt"));
        Files.writeString(wt.resolve(".git"), "gitdir: " + wtGit + "\n");
        assertEquals(SHA2, Provenance.gitCommit(wt));

        assertEquals("unknown", Provenance.gitCommit(Files.createDirectories(dir.resolve("elsewhere/x"))));
    }

    @Test void jsonIsParseable() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", "0.1 \"beta\"");
        m.put("threads", 2);
        m.put("ok", true);
        Map<?, ?> back = (Map<?, ?>) MiniJson.parse(Provenance.json(m));
        assertEquals("0.1 \"beta\"", back.get("version"));
        assertEquals(2L, back.get("threads"));
        assertEquals(Boolean.TRUE, back.get("ok"));
        assertTrue(Provenance.machine().containsKey("jdk"));
    }
}
