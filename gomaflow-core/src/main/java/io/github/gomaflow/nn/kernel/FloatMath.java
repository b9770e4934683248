package io.github.gomaflow.nn.kernel;

/**
 * exp and tanh in float from IEEE add/mul/fma and bit operations only, so that the scalar kernels,
 * the Vector API kernels and the Vector API's interpreter fallback give bit-identical results (the
 * Vector API's own {@code EXP}/{@code TANH} differ between interpreted and compiled code, which
 * would make results depend on JIT timing). {@code VectorKernels} repeats exactly these steps lane-wise.
 *
 * <p>exp: x = n·ln2 + r with n = round(x·log₂e) (Cody–Waite split of ln2), e^r by a degree-7
 * Taylor polynomial on |r| ≤ ln2/2 (truncation ≤ 1e−8 relative), 2ⁿ by building the exponent
 * bits; x is clamped to [−87, 88]. tanh(x) = sign(x)·(1 − e^{−2|x|})/(1 + e^{−2|x|}), absolute
 * error ≈ 1e−7.
 */
public final class FloatMath {
    static final float LOG2E = 1.44269504f;
    /** 1.5·2²³: adding it rounds a float to an integer (ties to even) in the low mantissa bits. */
    static final float ROUND = 12582912f;
    static final int ROUND_BITS = 0x4B400000;
    static final float LN2_HI = 0.693359375f;
    static final float LN2_LO = -2.12194440e-4f;
    static final float MIN_X = -87f;
    static final float MAX_X = 88f;
    static final float[] POLY = {1f / 5040, 1f / 720, 1f / 120, 1f / 24, 1f / 6, 0.5f, 1f, 1f};

    private FloatMath() { }

    /** e^x. */
    public static float exp(float x) {
        float xc = Math.min(Math.max(x, MIN_X), MAX_X);
        float t = xc * LOG2E + ROUND;
        float n = t - ROUND;
        float r = Math.fma(n, -LN2_HI, xc);
        r = Math.fma(n, -LN2_LO, r);
        float p = POLY[0];
        for (int i = 1; i < POLY.length; i++) p = Math.fma(p, r, POLY[i]);
        int scale = (Float.floatToRawIntBits(t) - ROUND_BITS + 127) << 23;
        return p * Float.intBitsToFloat(scale);
    }

    /** tanh(x). */
    public static float tanh(float x) {
        float e = exp(-2f * Math.abs(x));
        float y = (1f - e) / (1f + e);
        return x < 0f ? -y : y;
    }
}
