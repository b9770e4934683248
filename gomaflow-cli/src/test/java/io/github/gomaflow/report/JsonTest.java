package io.github.gomaflow.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gomaflow.BadInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void parsesNestedValuesInFileOrder() {
        Object v = Json.parse("""
                {"n": 1000, "acceptance": 0.43e0, "ok": true, "none": null,
                 "observables": {"chi2": {"value": 0.75, "error": 0.01, "tau_int": NaN}},
                 "G_t": [{"value": 1.5, "error": -Infinity}], "s": "a\\"b\\u00e9\\n"}
                """, "t");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of("n", "acceptance", "ok", "none", "observables", "G_t", "s"), List.copyOf(m.keySet()));
        assertEquals(1000.0, m.get("n"));
        assertEquals(0.43, Json.number(m, "acceptance"), 0.0);
        assertEquals(Boolean.TRUE, m.get("ok"));
        assertNull(m.get("none"));
        Map<?, ?> chi2 = (Map<?, ?>) ((Map<?, ?>) m.get("observables")).get("chi2");
        assertTrue(Double.isNaN(Json.number(chi2, "tau_int")));
        assertEquals(Double.NEGATIVE_INFINITY, Json.number((Map<?, ?>) ((List<?>) m.get("G_t")).get(0), "error"));
        assertEquals("a\"bé\n", m.get("s"));
        assertTrue(Double.isNaN(Json.number(m, "missing")));
        assertEquals(List.of(), Json.parse(" [ ] ", "t"));
    }

    @Test
    void malformedTextIsBadInputNamingSourceAndPosition() {
        BadInputException e = assertThrows(BadInputException.class, () -> Json.parse("{\"a\": 1,}", "run/analysis.json"));
        assertTrue(e.getMessage().startsWith("run/analysis.json: not valid JSON at character 8"), e.getMessage());
        assertThrows(BadInputException.class, () -> Json.parse("{\"a\": 1} x", "f"));
        assertThrows(BadInputException.class, () -> Json.parse("[1, 2", "f"));
        assertThrows(BadInputException.class, () -> Json.parse("\"abc", "f"));
        assertThrows(BadInputException.class, () -> Json.parse("", "f"));
        assertThrows(BadInputException.class, () -> Json.parse("{\"a\": 1.2.3}", "f"));
    }
}
