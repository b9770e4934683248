package io.github.gomaflow.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EngineBenchmarkTest {
    @Test void jsonHasTheContractedShape() {
        EngineBenchmark.Result r = new EngineBenchmark.Result(2, "vector", List.of(
                new EngineBenchmark.CaseResult("2d_L8", 4.25, 180.5, 10, 10),
                new EngineBenchmark.CaseResult("2d_L16", 20, 700, 10, 10),
                new EngineBenchmark.CaseResult("3d_L8", 150.125, 5000, 3, 3)));
        assertEquals("{\"threads\":2,\"kernels\":\"vector\",\"cases\":{"
                + "\"2d_L8\":{\"train_step_ms\":4.250,\"sample_8192_ms\":180.500},"
                + "\"2d_L16\":{\"train_step_ms\":20.000,\"sample_8192_ms\":700.000},"
                + "\"3d_L8\":{\"train_step_ms\":150.125,\"sample_8192_ms\":5000.000}}}", r.toJson());
        assertTrue(r.toTable().contains("3d_L8"));
    }

    @Test void logQOfTheStandardNormalPrior() {
        // V = 2 sites, B = 2: z = (site-major) [[1, 0], [2, -1]] → Σz² = 5 and 1
        float[] z = {1f, 0f, 2f, -1f};
        double[] logQ = new double[2];
        EngineBenchmark.logQ(z, 2, 2, new double[] {0.5, -1.0}, logQ);
        double c = -Math.log(2 * Math.PI);
        assertEquals(c - 2.5 - 0.5, logQ[0], 1e-12);
        assertEquals(c - 0.5 + 1.0, logQ[1], 1e-12);
    }

    @Test void casesAreNamed() {
        assertEquals(512, EngineBenchmark.Case.named("3d_L8").lattice().volume());
        assertThrows(IllegalArgumentException.class, () -> EngineBenchmark.Case.named("4d"));
    }
}
