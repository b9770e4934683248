package io.github.gomaflow.cli;

import java.math.BigDecimal;
import picocli.CommandLine.TypeConversionException;

/**
 * Integer options written as a physicist writes them: {@code 100000}, {@code 1e5}, {@code 1E5},
 * {@code 100_000}. A value that is not a whole number ({@code 1.5e0}) or does not fit is refused with
 * the allowed form and range.
 */
final class Counts {
    private Counts() {}

    static long parseLong(String text) {
        return parse(text, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    static int parseInt(String text) {
        return (int) parse(text, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    private static long parse(String text, long min, long max) {
        String t = text.strip().replace("_", "");
        try {
            BigDecimal d = new BigDecimal(t);
            if (d.signum() != 0 && d.stripTrailingZeros().scale() > 0) {
                throw new TypeConversionException("'" + text + "' is not a whole number; allowed: an integer such as 100000,"
                        + " 1e5 or 100_000");
            }
            if (d.compareTo(BigDecimal.valueOf(min)) < 0 || d.compareTo(BigDecimal.valueOf(max)) > 0) {
                throw new TypeConversionException("'" + text + "' is out of range; allowed: " + min + " … " + max);
            }
            return d.longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new TypeConversionException("'" + text + "' is not an integer; allowed: e.g. 100000, 1e5 or 100_000");
        }
    }
}
