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
    static final float P0 = 1f / 5040;
    static final float P1 = 1f / 720;
    static final float P2 = 1f / 120;
    static final float P3 = 1f / 24;
    static final float P4 = 1f / 6;
    static final float P5 = 0.5f;
    static final float P6 = 1f;
    static final float P7 = 1f;

    private FloatMath() { }

    /** e^x. */
    public static float exp(float x) {
        float xc = Math.min(Math.max(x, MIN_X), MAX_X);
        float t = xc * LOG2E + ROUND;
        float n = t - ROUND;
        float r = Math.fma(n, -LN2_HI, xc);
        r = Math.fma(n, -LN2_LO, r);
        float p = Math.fma(P0, r, P1);
        p = Math.fma(p, r, P2);
        p = Math.fma(p, r, P3);
        p = Math.fma(p, r, P4);
        p = Math.fma(p, r, P5);
        p = Math.fma(p, r, P6);
        p = Math.fma(p, r, P7);
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
