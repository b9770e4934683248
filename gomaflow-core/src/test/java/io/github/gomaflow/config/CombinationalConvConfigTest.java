package io.github.gomaflow.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.BadInputException;
import org.junit.jupiter.api.Test;

/** {@code [model] combinational_conv}: GomalizingFlow's notebook names, checked against Nd and use_bn. */
class CombinationalConvConfigTest {
    private static String toml(int nd, String model) {
        return "[physical]\nL = 4\nNd = " + nd + "\nM2 = -4\nlam = 5.113\n[model]\n" + model;
    }

    private static GomaConfig parse(String text) { return ConfigLoader.parse(text, "t.toml", w -> {}); }

    @Test void notebookNamesParseAndRoundTrip() {
        String[][] cases = {{"2", "2C1"}, {"3", "3C1"}, {"3", "3C2"}, {"4", "4C1"}, {"4", "4C2"}, {"4", "4C3"},
            {"2", "2C1_activation_last"}, {"3", "3C2_activation_last"}, {"4", "4C3_activation_last"}};
        for (String[] c : cases) {
            GomaConfig g = parse(toml(Integer.parseInt(c[0]), "combinational_conv = \"" + c[1] + "\"\n"));
            CombinationalConv conv = g.model().combinationalConv();
            assertTrue(conv.enabled(), c[1]);
            assertEquals(c[1], conv.configName());
            assertEquals(c[1].endsWith("_activation_last"), conv.activationLast());
            assertEquals(c[1].charAt(2) - '0', conv.k());
            GomaConfig again = parse(ConfigWriter.toToml(g));
            assertEquals(g.model(), again.model(), c[1]);
        }
        assertEquals(6, new CombinationalConv(4, 2, false).subsets());
        assertEquals(4, new CombinationalConv(4, 3, true).subsets());
        assertEquals(3, new CombinationalConv(3, 1, false).subsets());
    }

    @Test void defaultIsFullConvolutionAndIsNotWritten() {
        GomaConfig g = parse(toml(2, ""));
        assertEquals(CombinationalConv.NONE, g.model().combinationalConv());
        assertFalse(ConfigWriter.toToml(g).contains("combinational_conv"));
        assertEquals(CombinationalConv.NONE, parse(toml(2, "combinational_conv = \"\"\n")).model().combinationalConv());
    }

    private static void assertMessage(String text, String expectedStart) {
        BadInputException e = assertThrows(BadInputException.class, () -> parse(text));
        assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test void badValuesNameTheKeyAndWhatIsAllowed() {
        assertMessage(toml(3, "combinational_conv = \"4C2\"\n"), "t.toml: model.combinational_conv = \"4C2\": written for Nd = 4,"
                + " the lattice has Nd = 3; allowed: \"\" (full convolutions), \"3C1\", \"3C2\", each optionally with"
                + " \"_activation_last\" (for Nd = 3)");
        assertMessage(toml(3, "combinational_conv = \"3C3\"\n"), "t.toml: model.combinational_conv = \"3C3\": not a combinational");
        assertMessage(toml(3, "combinational_conv = \"3c2\"\n"), "t.toml: model.combinational_conv = \"3c2\": not a combinational");
        assertMessage(toml(3, "combinational_conv = \"3C2_activation_first\"\n"), "t.toml: model.combinational_conv = ");
        assertMessage(toml(3, "combinational_conv = 32\n"), "t.toml: model.combinational_conv = 32: expected a string");
        assertMessage(toml(3, "combinational_conv = \"3C2\"\nuse_bn = true\n"), "t.toml: model.combinational_conv = \"3C2\":"
                + " cannot be combined with use_bn = true; allowed: use_bn = false");
        assertThrows(IllegalArgumentException.class, () -> new CombinationalConv(3, 3, false));
        assertThrows(IllegalArgumentException.class, () -> new CombinationalConv(3, 0, true));
    }
}
