package io.github.gomaflow.nn.kernel;

/**
 * Chooses the kernel implementation once per JVM, the pattern of Apache Lucene's vectorization
 * provider: the Vector API kernels when the {@code jdk.incubator.vector} module is present and a
 * self-check passes, else the plain-Java {@link ScalarKernels}. The system property
 * {@code gomaflow.kernels=scalar|vector} forces a choice ({@code vector} fails loudly if unavailable).
 */
public final class Kernels {
    /** System property that forces the implementation. */
    public static final String PROPERTY = "gomaflow.kernels";

    private static volatile FlowKernels selected;

    private Kernels() { }

    /** The implementation chosen at start-up (see class doc). */
    public static FlowKernels selected() {
        FlowKernels k = selected;
        if (k == null) {
            synchronized (Kernels.class) {
                if (selected == null) selected = choose(System.getProperty(PROPERTY, "auto"));
                k = selected;
            }
        }
        return k;
    }

    /** The plain-Java implementation. */
    public static FlowKernels scalar() { return new ScalarKernels(); }

    /**
     * The Vector API implementation.
     *
     * @throws UnsupportedOperationException if the module is absent or the kernels do not work
     */
    public static FlowKernels vector() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            throw new UnsupportedOperationException(
                    "the Vector API is not available: run java with --add-modules jdk.incubator.vector");
        }
        try {
            FlowKernels k = (FlowKernels) Class.forName("io.github.gomaflow.nn.kernel.VectorKernels")
                    .getDeclaredConstructor().newInstance();
            selfCheck(k);
            return k;
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new UnsupportedOperationException("the Vector API kernels could not be loaded: " + e, e);
        }
    }

    static FlowKernels choose(String property) {
        return switch (property) {
            case "scalar" -> scalar();
            case "vector" -> vector();
            case "auto" -> {
                try {
                    yield vector();
                } catch (UnsupportedOperationException e) {
                    yield scalar();
                }
            }
            default -> throw new IllegalArgumentException(
                    "system property " + PROPERTY + " must be scalar or vector, got '" + property + "'");
        };
    }

    /** A one-site convolution against the scalar kernels, so a broken Vector API falls back. */
    private static void selfCheck(FlowKernels k) {
        int s = k.laneMultiple();
        float[] in = new float[s];
        for (int b = 0; b < s; b++) in[b] = b - 0.5f * s;
        float[] wp = {0.5f, -2f};
        float[] bias = {0.25f, 1f};
        float[] got = new float[2 * s];
        float[] want = new float[2 * s];
        int[] nbr = {0};
        int[] sites = {0};
        k.convolve(in, 1, wp, bias, got, 2, s, nbr, 1, sites, 1, s, FlowKernels.LEAKY_RELU, null);
        new ScalarKernels().convolve(in, 1, wp, bias, want, 2, s, nbr, 1, sites, 1, s, FlowKernels.LEAKY_RELU, null);
        if (!java.util.Arrays.equals(got, want)) {
            throw new UnsupportedOperationException("Vector API self-check failed");
        }
    }
}
