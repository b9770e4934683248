package io.github.gomaflow.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.BadInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepGridTest {
    @Test
    void rangesAndListsExpandToTheCartesianProductFirstAxisSlowest() {
        SweepGrid g = SweepGrid.parse(List.of("model.n_layers=1..4", "physical.L=4,8,12,16"));
        assertEquals(List.of("1", "2", "3", "4"), g.axes().get(0).values());
        assertEquals(List.of("4", "8", "12", "16"), g.axes().get(1).values());
        assertEquals(16, g.size());
        assertEquals(Map.of("model.n_layers", "1", "physical.L", "4"), g.point(0));
        assertEquals(Map.of("model.n_layers", "1", "physical.L", "8"), g.point(1));
        assertEquals(Map.of("model.n_layers", "2", "physical.L", "4"), g.point(4));
        assertEquals(Map.of("model.n_layers", "4", "physical.L", "16"), g.point(15));
        assertEquals("example2d_n_layers=4_L=8", g.runName("example2d", g.point(13)));
        assertThrows(IndexOutOfBoundsException.class, () -> g.point(16));
    }

    @Test
    void valuesMayBeMixedRangesArraysStringsAndNegatives() {
        assertEquals(List.of("1", "2", "3", "8"), SweepGrid.parse(List.of("model.n_layers=1..3,8")).axes().get(0).values());
        assertEquals(List.of("-1", "0", "1"), SweepGrid.parse(List.of("physical.M2=-1..1")).axes().get(0).values());
        assertEquals(List.of("-4.0", "0.5e1"), SweepGrid.parse(List.of("physical.M2=-4.0, 0.5e1")).axes().get(0).values());
        SweepGrid arrays = SweepGrid.parse(List.of("model.hidden_sizes=[8,8],[16, 16]"));
        assertEquals(List.of("[8,8]", "[16, 16]"), arrays.axes().get(0).values());
        assertEquals("c_hidden_sizes=16x16", arrays.runName("c", arrays.point(1)));
        SweepGrid words = SweepGrid.parse(List.of("training.opt=Adam,AdamW", "training.prior=\"Normal{Float32}(0.f0, 1.f0)\""));
        assertEquals(List.of("\"Adam\"", "\"AdamW\""), words.axes().get(0).values(), "bare words become TOML strings");
        assertEquals(1, words.axes().get(1).values().size(), "a comma inside quotes does not split");
        assertEquals("c_opt=AdamW_prior=Normal-Float32-0.f0-1.f0", words.runName("c", words.point(1)));
    }

    @Test
    void keysSharingALastPartAreNamedInFull() {
        SweepGrid g = SweepGrid.parse(List.of("model.seed=1,2", "training.seed=7"));
        assertEquals("c_model.seed=2_training.seed=7", g.runName("c", g.point(1)));
    }

    @Test
    void badSetArgumentsAreOneLineErrorsNamingTheArgument() {
        assertBad("model.n_layers", "--set model.n_layers: expected SECTION.KEY=VALUES");
        assertBad("n_layers=4", "'n_layers' is not SECTION.KEY");
        assertBad("modle.n_layers=4", "unknown section 'modle'; allowed: config, device, training, physical, model");
        assertBad("model.n_layers=4,,8", "empty value in the list");
        assertBad("model.n_layers=", "empty value");
        assertBad("model.n_layers=5..2", "'5..2': a range a..b needs a ≤ b");
        assertBad("model.n_layers=1.5..3", "'1.5..3': a range is a..b with integers");
        assertBad("model.n_layers=1..5000", "more than 1000");
        BadInputException twice = assertThrows(BadInputException.class,
                () -> SweepGrid.parse(List.of("model.n_layers=1,2", "model.n_layers=3")));
        assertTrue(twice.getMessage().contains("model.n_layers is set twice"), twice.getMessage());
        BadInputException big = assertThrows(BadInputException.class,
                () -> SweepGrid.parse(List.of("model.n_layers=1..100", "physical.L=1..100")));
        assertTrue(big.getMessage().contains("more than 1000 points"), big.getMessage());
        assertThrows(BadInputException.class, () -> SweepGrid.parse(List.of()));
    }

    private static void assertBad(String set, String expected) {
        BadInputException e = assertThrows(BadInputException.class, () -> SweepGrid.parse(List.of(set)));
        assertTrue(e.getMessage().startsWith("--set " + set + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }
}
