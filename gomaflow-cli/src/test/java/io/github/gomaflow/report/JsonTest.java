package io.github.gomaflow.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.BadInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void numbersReadAsDoublesWhateverTheirSpellingAndNullIsNaN() {
        Map<?, ?> m = (Map<?, ?>) Json.parse("""
                {"n": 1000, "acceptance": 0.43e0, "observables": {"chi2": {"value": 0.75, "tau_int": null}}, "s": "x"}
                """, "t");
        assertEquals(List.of("n", "acceptance", "observables", "s"), List.copyOf(m.keySet()), "file order kept");
        assertEquals(1000.0, Json.number(m, "n"), 0.0);
        assertEquals(0.43, Json.number(m, "acceptance"), 0.0);
        Map<?, ?> chi2 = (Map<?, ?>) ((Map<?, ?>) m.get("observables")).get("chi2");
        assertTrue(Double.isNaN(Json.number(chi2, "tau_int")), "null (a non-finite value) reads as NaN");
        assertTrue(Double.isNaN(Json.number(m, "s")), "not a number");
        assertTrue(Double.isNaN(Json.number(m, "missing")));
        assertTrue(Double.isNaN(Json.number(null, "n")));
    }

    @Test
    void malformedTextIsOneLineOfBadInputNamingTheFile() {
        BadInputException e = assertThrows(BadInputException.class, () -> Json.parse("{\"a\": 1,}", "run/analysis.json"));
        assertTrue(e.getMessage().startsWith("run/analysis.json: not valid JSON: "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        assertThrows(BadInputException.class, () -> Json.parse("[1, 2", "f"));
        assertThrows(BadInputException.class, () -> Json.parse("", "f"));
    }
}
