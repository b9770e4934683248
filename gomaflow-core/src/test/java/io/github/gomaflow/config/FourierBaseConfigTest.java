package io.github.gomaflow.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.BadInputException;
import org.junit.jupiter.api.Test;

/** {@code [model] fourier_base}: default off, round trip, n_layers = 0 only with it, refused with use_bn. */
class FourierBaseConfigTest {
    private static final String PHYS = "[physical]\nL = 8\nNd = 2\nM2 = 0.5\nlam = 0\n";

    @Test void defaultIsOffAndOldFilesKeepTheirMeaning() {
        GomaConfig c = ConfigLoader.parse(PHYS, "t.toml", x -> {});
        assertFalse(c.model().fourierBase());
        assertFalse(ConfigWriter.toToml(c).contains("fourier_base"), "GomalizingFlow's keys only when it is off");
    }

    @Test void fourierBaseRoundTripsAndAllowsNoCouplings() {
        GomaConfig c = ConfigLoader.parse("[model]\nfourier_base = true\nn_layers = 0\n" + PHYS, "t.toml", x -> {});
        assertTrue(c.model().fourierBase());
        assertEquals(0, c.model().nLayers());
        assertEquals(c, ConfigLoader.parse(ConfigWriter.toToml(c), "t.toml", x -> {}));
    }

    @Test void badCombinationsGiveOneLine() {
        BadInputException bn = assertThrows(BadInputException.class,
                () -> ConfigLoader.parse("[model]\nfourier_base = true\nuse_bn = true\n" + PHYS, "t.toml", x -> {}));
        assertEquals("t.toml: model.fourier_base = true: cannot be combined with use_bn = true; allowed: "
                + "fourier_base = false, or use_bn = false", bn.getMessage());
        BadInputException none = assertThrows(BadInputException.class,
                () -> ConfigLoader.parse("[model]\nn_layers = 0\n" + PHYS, "t.toml", x -> {}));
        assertTrue(none.getMessage().startsWith("t.toml: model.n_layers = 0: out of range"), none.getMessage());
        BadInputException type = assertThrows(BadInputException.class,
                () -> ConfigLoader.parse("[model]\nfourier_base = 1\n" + PHYS, "t.toml", x -> {}));
        assertTrue(type.getMessage().startsWith("t.toml: model.fourier_base = 1: expected true or false"), type.getMessage());
    }
}
