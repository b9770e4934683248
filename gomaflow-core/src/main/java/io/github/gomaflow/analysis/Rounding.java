package io.github.gomaflow.analysis;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * A value rounded to its error, as physicists quote it: two significant digits of the error, the value
 * to the same decimal place, the error in parentheses in units of the last digits —
 * 0.75031 ± 0.00523 → {@code 0.7503(52)}; 12.34 ± 0.27 → {@code 12.34(27)}; 1234 ± 56 → {@code 1234(56)}.
 * Very large or small numbers use {@code 1.23(4)e-07}. Without a usable error the value is shown with
 * six significant digits.
 */
public final class Rounding {
    private Rounding() {}

    /** {@code value(error)}; "n/a" for a non-finite value. */
    public static String withError(double value, double error) {
        if (!Double.isFinite(value)) return "n/a";
        if (!(error > 0) || !Double.isFinite(error)) return String.format(Locale.ROOT, "%.6g", value);
        double scale = Math.max(Math.abs(value), error);
        int exponent = (int) Math.floor(Math.log10(scale));
        if (exponent > 5 || exponent < -4) {
            double unit = Math.pow(10, exponent);
            return withError(value / unit, error / unit) + "e" + (exponent < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
        }
        int decimals = 1 - (int) Math.floor(Math.log10(error));      // two significant digits of the error
        BigDecimal e = new BigDecimal(error).setScale(decimals, RoundingMode.HALF_UP);
        if (e.unscaledValue().abs().toString().length() > 2) {        // 9.96 → 10.0: one decimal fewer
            decimals--;
            e = new BigDecimal(error).setScale(decimals, RoundingMode.HALF_UP);
        }
        BigDecimal v = new BigDecimal(value).setScale(Math.max(decimals, 0), RoundingMode.HALF_UP);
        if (decimals >= 0) return v.toPlainString() + "(" + e.unscaledValue() + ")";
        BigDecimal unit = BigDecimal.ONE.movePointLeft(decimals);       // error ≥ 100: round to tens, hundreds …
        BigDecimal vr = new BigDecimal(value).divide(unit, 0, RoundingMode.HALF_UP).multiply(unit);
        BigDecimal er = new BigDecimal(error).divide(unit, 0, RoundingMode.HALF_UP).multiply(unit);
        return vr.toPlainString() + "(" + er.toPlainString() + ")";
    }
}
