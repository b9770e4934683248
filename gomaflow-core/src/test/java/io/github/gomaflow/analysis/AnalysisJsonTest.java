package io.github.gomaflow.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.io.Json;
import io.github.gomaflow.io.NpyFixtures;
import io.github.gomaflow.io.ProgressListener;
import io.github.gomaflow.lattice.Lattice;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalysisJsonTest {
    @TempDir Path dir;

    @Test void escapesStringsAndNonFiniteNumbers() {
        assertEquals("\"a\\\"b\\\\c\\n\\u0001é\"", Json.string(new StringBuilder(), "a\"b\\c\n\u0001é").toString());
        assertEquals("null", Json.number(new StringBuilder(), Double.NaN).toString());
        assertEquals("null", Json.number(new StringBuilder(), Double.NEGATIVE_INFINITY).toString());
        assertEquals("3", Json.number(new StringBuilder(), 3.0).toString());
        assertEquals("-0.125", Json.number(new StringBuilder(), -0.125).toString());
        assertEquals("1.0E-20", Json.number(new StringBuilder(), 1e-20).toString());
    }

    @Test void designKeysArePresentAndPythonParsesIt() throws Exception {
        Lattice l = new Lattice(4, 4);
        Path f = NpyFixtures.writeEnsemble(dir.resolve("odd \"name\".npz"), new int[] {4, 4},
                FreeFieldSamples.samples(l, 1.0, 500, 9), 1.0, 0.0);
        AnalysisResult r = EnsembleAnalysis.analyze(f, AnalysisOptions.defaults(), ProgressListener.NONE);
        String json = AnalysisJson.write(r);
        assertTrue(json.startsWith("{\"n\":500,\"acceptance\":1,\"observables\":{\"chi2\":{\"value\":"), json);
        for (String k : new String[] {"\"abs_m\":", "\"phi2\":", "\"binder\":", "\"action_density\":", "\"ising_energy\":",
                "\"G_t\":[{\"t\":0,", "\"tau_int\":", "\"m_eff\":", "\"pole_mass\":", "\"xi2\":", "\"G_c\":"}) {
            assertTrue(json.contains(k), k);
        }
        Assumptions.assumeTrue(NpyFixtures.numpyAvailable(), "python3 not available");
        Path j = Files.writeString(dir.resolve("a.json"), json, StandardCharsets.UTF_8);
        String script = "import json,sys\n"
                + "d = json.load(open(sys.argv[1]))\n"
                + "assert d['n'] == 500 and len(d['G_t']) == 4 and len(d['m_eff']) == 2\n"
                + "o = d['observables']\n"
                + "assert set(['chi2','abs_m','phi2','binder','action_density','ising_energy']) <= set(o)\n"
                + "assert all(set(['value','error','tau_int']) <= set(v) for v in o.values())\n"
                + "assert o['binder']['tau_int'] > 0.3 and d['m_eff'][0]['value'] > 0\n"
                + "assert len(d['G_c']['value']) == 16\n"
                + "print(d['file'])\n";
        Process p = new ProcessBuilder("python3", "-c", script, j.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertEquals(f.toString(), out.strip());
    }
}
