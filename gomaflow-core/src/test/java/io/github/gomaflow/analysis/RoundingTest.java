package io.github.gomaflow.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoundingTest {
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "0.75031; 0.00523; 0.7503(52)",
            "12.34; 0.27; 12.34(27)",
            "1234.4; 56; 1234(56)",
            "-0.0021; 0.0154; -0.002(15)",
            "0.5; 0.0996; 0.50(10)",
            "123456; 1234; 123500(1200)",
            "1.23e-7; 4.1e-9; 1.230(41)e-07",
            "2.5; 0; 2.50000",
            "2.5; NaN; 2.50000",
            "NaN; 0.1; n/a"})
    void roundsTheValueToTwoSignificantDigitsOfItsError(double value, double error, String expected) {
        assertEquals(expected, Rounding.withError(value, error));
    }
}
