package io.github.gomaflow.config;

/**
 * The {@code [model] combinational_conv} option: GomalizingFlow's combinational convolutions (its
 * notebooks {@code 2d_flow_2C1} … {@code 4d_flow_4C3}, docs/ARCHITECTURE.md "Combinational
 * convolutions"). Every convolution of a coupling layer's conditioner is replaced by the C(d, k)
 * convolutions whose kernels span only k of the d lattice directions (one per k-subset of
 * directions, each with its own weights and bias), combined by their mean:
 * <pre>
 *   y = (1/n) Σ_i a(conv_i(x))         "dCk"                 (activation per subset, then the mean)
 *   y = a((1/n) Σ_i conv_i(x))         "dCk_activation_last" (the mean, then the activation)
 * </pre>
 * with n = C(d, k) and a the convolution's activation (leaky ReLU, the last one tanh when
 * {@code use_final_tanh}).
 *
 * @param dimension      d, the lattice dimension the name was written for (0 when off)
 * @param k              directions per sub-convolution, 1 ≤ k &lt; d (0 when off)
 * @param activationLast the mean before the activation ({@code _activation_last}) instead of after it
 */
public record CombinationalConv(int dimension, int k, boolean activationLast) {
    /** Full d-dimensional convolutions (the default, {@code combinational_conv = ""}). */
    public static final CombinationalConv NONE = new CombinationalConv(0, 0, false);

    /** The suffix of GomalizingFlow's notebooks for the mean-before-activation variant. */
    static final String ACTIVATION_LAST = "_activation_last";

    public CombinationalConv {
        boolean off = dimension == 0 && k == 0 && !activationLast;
        if (!off && (k < 1 || k >= dimension)) {
            throw new IllegalArgumentException("combinational convolution needs 1 <= k < d, got " + dimension + "C" + k);
        }
    }

    /** Whether the conditioner uses combinational instead of full convolutions. */
    public boolean enabled() { return k > 0; }

    /**
     * Parses GomalizingFlow's name: {@code ""} (off), {@code "dCk"} or {@code "dCk_activation_last"}
     * with digits d, k.
     *
     * @return the option, or null if the text is none of these forms (the caller reports it)
     */
    static CombinationalConv parse(String text) {
        if (text.isEmpty()) return NONE;
        boolean last = text.endsWith(ACTIVATION_LAST);
        String core = last ? text.substring(0, text.length() - ACTIVATION_LAST.length()) : text;
        if (!core.matches("[1-9]C[1-9]")) return null;
        int d = core.charAt(0) - '0';
        int k = core.charAt(2) - '0';
        if (k >= d) return null;
        return new CombinationalConv(d, k, last);
    }

    /** The configuration text: {@code ""}, {@code "dCk"} or {@code "dCk_activation_last"}. */
    public String configName() {
        if (!enabled()) return "";
        return dimension + "C" + k + (activationLast ? ACTIVATION_LAST : "");
    }

    /** n = C(d, k), the number of sub-convolutions (1 when off). */
    public int subsets() {
        if (!enabled()) return 1;
        long n = 1;
        for (int i = 0; i < k; i++) n = n * (dimension - i) / (i + 1);
        return (int) n;
    }
}
