package io.github.gomaflow.io.bson;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.config.GomaConfig;
import io.github.gomaflow.config.ModelParams;
import io.github.gomaflow.flow.ParameterLayout;
import io.github.gomaflow.lattice.Lattice;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * GomalizingFlow.jl's own files, read through {@link JuliaValues} (format and mapping in
 * docs/FORMATS.md):
 * <ul>
 *   <li>{@code trained_model*.bson}: a {@code Flux.Chain} of {@code AffineCoupling(net, mask)}, each net a
 *       chain of (circular padding, {@code Flux.Conv}) pairs, mapped onto gomaflow's RealNVP parameters;</li>
 *   <li>{@code history*.bson}: the independence-Metropolis chain {@code (x, logq, logp, accepted)}.</li>
 * </ul>
 * Axis order: a Julia lattice array (x₁, …, x_d) is column-major, so its memory order is gomaflow's site
 * order with axis μ of gomaflow = Julia axis d − μ. {@code Flux.Conv} is a true convolution (it flips its
 * kernel) and gomaflow's a cross-correlation: gomaflow's tap with offsets (o₀, …, o_{d−1}) is Julia's kernel
 * element a_k = r − o_{d−k} (r = k÷2).
 */
public final class GomalizingFlowFiles {
    private GomalizingFlowFiles() {}

    /** What a GomalizingFlow BSON file holds. */
    public enum Kind { MODEL, HISTORY }

    /**
     * @param extents  gomaflow's lattice extents (Julia's size reversed)
     * @param cfgs     [n·V] configurations in gomaflow's site order
     * @param logQ     log q of each chain state
     * @param logP     −S of each chain state
     * @param accepted whether each step accepted
     */
    public record History(int[] extents, float[] cfgs, double[] logQ, double[] logP, boolean[] accepted) {
        public int size() { return logQ.length; }
    }

    /** MODEL for a file with {@code trained_model}, HISTORY for one with {@code history}. */
    public static Kind kind(Map<String, Object> file, Path path) {
        if (file.containsKey("trained_model")) return Kind.MODEL;
        if (file.containsKey("history")) return Kind.HISTORY;
        throw new BadInputException(path + ": a BSON file, but not a GomalizingFlow trained_model*.bson or history*.bson"
                + " (top-level keys: " + String.join(", ", file.keySet()) + ")");
    }

    /** Reads a {@code history*.bson}. */
    public static History readHistory(Path path) {
        Map<String, Object> file = Bson.read(path);
        if (kind(file, path) != Kind.HISTORY) throw new BadInputException(path + ": holds a trained model, not a history");
        JuliaValues j = new JuliaValues(file, path.toString());
        List<Object> fields = j.structFields(file.get("history"), "NamedTuple", "history");
        if (fields.size() != 4) throw j.bad("history has " + fields.size() + " fields, expected (x, logq, logp, accepted)");
        JuliaValues.JuliaArray logq = j.array(fields.get(1), "history.logq");
        JuliaValues.JuliaArray logp = j.array(fields.get(2), "history.logp");
        JuliaValues.JuliaArray acc = j.array(fields.get(3), "history.accepted");
        List<Object> xs = Bson.list(j.resolve(fields.get(0)), "history.x", path.toString());
        int n = xs.size();
        if (logq.length() != n || logp.length() != n || acc.length() != n || acc.bools() == null) {
            throw j.bad("history has " + n + " configurations but " + logq.length() + " logq, " + logp.length() + " logp, "
                    + acc.length() + " accepted");
        }
        int[] extents = null;
        float[] cfgs = null;
        int v = 0;
        for (int i = 0; i < n; i++) {
            JuliaValues.JuliaArray x = j.array(xs.get(i), "history.x[" + (i + 1) + "]");
            if (x.floats() == null) throw j.bad("history.x[" + (i + 1) + "] is not a Float32 array");
            if (extents == null) {
                extents = reversed(x.size());
                new Lattice(extents);
                v = x.length();
                cfgs = new float[Math.multiplyExact(n, v)];
            } else if (!java.util.Arrays.equals(reversed(x.size()), extents)) {
                throw j.bad("history.x[" + (i + 1) + "] has size " + java.util.Arrays.toString(x.size()) + ", the first has "
                        + java.util.Arrays.toString(reversed(extents)));
            }
            System.arraycopy(x.floats(), 0, cfgs, i * v, v);
        }
        double[] q = new double[n], p = new double[n];
        for (int i = 0; i < n; i++) {
            q[i] = logq.floats()[i];
            p[i] = logp.floats()[i];
        }
        return new History(extents, cfgs, q, p, acc.bools());
    }

    /**
     * Reads a {@code trained_model*.bson} into gomaflow's parameter layout for {@code config}'s model.
     *
     * @throws BadInputException naming the file and the mismatch when the file is not GomalizingFlow's
     *                           RealNVP or does not match the configuration
     */
    public static float[] readModel(Path path, GomaConfig config) {
        return readModel(Bson.read(path), path, config, null);
    }

    /** One convolution of the imported model: its place in gomaflow's layout and Julia's arrays. */
    private record ConvArrays(int layer, int conv, JuliaValues.JuliaArray weight, JuliaValues.JuliaArray bias) {}

    private static float[] readModel(Map<String, Object> file, Path path, GomaConfig config, List<ConvArrays> convs) {
        if (kind(file, path) != Kind.MODEL) throw new BadInputException(path + ": holds a history, not a trained model");
        JuliaValues j = new JuliaValues(file, path.toString());
        ModelParams m = config.model();
        if (m.useBn()) throw j.bad("import of batch-norm models is not supported ([model] use_bn = true in the configuration)");
        if (m.fourierBase()) throw j.bad("GomalizingFlow's models have no Fourier base layer ([model] fourier_base = true in the configuration)");
        if (m.z2Equivariant()) {
            throw j.bad("GomalizingFlow models are not Z2-equivariant; set [model] z2_equivariant = false to import one");
        }
        if (m.combinationalConv().enabled()) {
            throw j.bad("import of combinational-convolution models is not supported ([model] combinational_conv = \""
                    + m.combinationalConv().configName() + "\" in the configuration)");
        }
        int d = config.physical().dimension();
        ParameterLayout layout = new ParameterLayout(d, m);
        Lattice lattice = config.physical().lattice();
        byte[] parity = lattice.checkerboardParity();
        List<Object> chain = j.structFields(file.get("trained_model"), "Chain", "trained_model");
        List<Object> layers = j.tuple(chain.get(0), "trained_model layers");
        if (layers.size() != layout.layers()) {
            throw j.bad("has " + layers.size() + " coupling layers, the configuration's [model] n_layers = " + layout.layers());
        }
        float[] params = new float[layout.totalParameterCount()];
        for (int l = 0; l < layers.size(); l++) {
            String where = "layer " + (l + 1);
            List<Object> coupling = j.structFields(layers.get(l), "AffineCoupling", where);
            if (coupling.size() != 2) throw j.bad(where + " has " + coupling.size() + " fields, expected (net, mask)");
            checkMask(j, j.array(coupling.get(1), where + " mask"), parity, l, lattice, where);
            List<Object> net = j.tuple(j.structFields(coupling.get(0), "Chain", where + " net").get(0), where + " net");
            int conv = 0;
            for (Object item : net) {
                String type = j.typeName(item);
                if (!type.endsWith("Conv")) continue;
                if (conv >= layout.convolutions()) throw j.bad(where + " has more convolutions than [model] hidden_sizes allows");
                List<Object> fields = j.structFields(item, "Conv", where + " conv " + (conv + 1));
                mapConvolution(j, fields, layout, l, conv, d, conv == layout.convolutions() - 1 && m.useFinalTanh(), params,
                        where + " conv " + (conv + 1));
                if (convs != null) {
                    convs.add(new ConvArrays(l, conv, j.array(fields.get(1), where + " weight"), j.array(fields.get(2), where + " bias")));
                }
                conv++;
            }
            if (conv != layout.convolutions()) {
                throw j.bad(where + " has " + conv + " convolutions, the configuration needs " + layout.convolutions());
            }
        }
        return params;
    }

    private static void checkMask(JuliaValues j, JuliaValues.JuliaArray mask, byte[] parity, int layer, Lattice lattice,
                                  String where) {
        if (mask.floats() == null || !java.util.Arrays.equals(reversed(mask.size()), lattice.extents())) {
            throw j.bad(where + " mask has size " + java.util.Arrays.toString(mask.size()) + ", the lattice is "
                    + java.util.Arrays.toString(reversed(lattice.extents())) + " in Julia's order");
        }
        for (int site = 0; site < parity.length; site++) {
            boolean frozen = mask.floats()[site] != 0;
            if (frozen != (parity[site] != (layer & 1))) {
                throw j.bad(where + " has a mask other than gomaflow's checkerboard (frozen where the site parity differs"
                        + " from the layer's); this model cannot be imported");
            }
        }
    }

    private static void mapConvolution(JuliaValues j, List<Object> fields, ParameterLayout layout, int layer, int conv, int d,
                                       boolean tanh, float[] params, String where) {
        String act = j.typeName(fields.get(0));
        String expected = tanh ? "tanh" : "leakyrelu";
        if (!act.endsWith("#" + expected)) throw j.bad(where + " has activation " + act + ", expected " + expected);
        JuliaValues.JuliaArray w = j.array(fields.get(1), where + " weight");
        JuliaValues.JuliaArray b = j.array(fields.get(2), where + " bias");
        int k = layout.kernelSize(), cin = layout.inChannels(conv), cout = layout.outChannels(conv);
        int[] want = new int[d + 2];
        for (int i = 0; i < d; i++) want[i] = k;
        want[d] = cin;
        want[d + 1] = cout;
        if (w.floats() == null || !java.util.Arrays.equals(w.size(), want)) {
            throw j.bad(where + " weight has size " + java.util.Arrays.toString(w.size()) + ", the configuration needs "
                    + java.util.Arrays.toString(want));
        }
        if (b.floats() == null || b.length() != cout) throw j.bad(where + " bias has " + b.length() + " elements, expected " + cout);
        scatterWeight(w.floats(), layout, layer, conv, d, params);
        scatterBias(b.floats(), layout, layer, conv, params);
    }

    /** Julia's Conv weight W[a₁…a_d, c_in, c_out] (column-major) into gomaflow's flat layout (docs/FORMATS.md). */
    private static void scatterWeight(float[] w, ParameterLayout layout, int layer, int conv, int d, float[] dest) {
        int k = layout.kernelSize(), cin = layout.inChannels(conv), cout = layout.outChannels(conv);
        int r = k / 2, taps = layout.taps();
        for (int co = 0; co < cout; co++) {
            for (int ci = 0; ci < cin; ci++) {
                for (int tap = 0; tap < taps; tap++) {
                    int[] o = layout.tapOffset(tap);
                    int juliaIndex = 0, stride = 1;
                    for (int axis = 0; axis < d; axis++) {     // Julia axis `axis` (fastest first) is gomaflow's d−1−axis
                        juliaIndex += (r - o[d - 1 - axis]) * stride;
                        stride *= k;
                    }
                    juliaIndex += stride * (ci + cin * co);
                    dest[layout.weightIndex(layer, conv, co, ci, tap)] = w[juliaIndex];
                }
            }
        }
    }

    private static void scatterBias(float[] b, ParameterLayout layout, int layer, int conv, float[] dest) {
        System.arraycopy(b, 0, dest, layout.biasOffset(layer, conv), layout.outChannels(conv));
    }

    /**
     * Flux's ADAM state of a {@code trained_model*.bson} ({@code opt}), mapped onto gomaflow's layout.
     *
     * @param steps   t, the number of updates taken (Flux keeps β^(t+1) per array)
     * @param m       first moments [P] in gomaflow's flat layout
     * @param v       second moments [P]
     */
    public record AdamState(double eta, double beta1, double beta2, double epsilon, long steps, float[] m, float[] v) {}

    /**
     * Reads the {@code opt} entry of a {@code trained_model*.bson}: a {@code Flux.Optimise.ADAM(eta, beta,
     * epsilon, state)} whose state is an {@code IdDict} from each parameter array to (mt, vt, βp).
     * The keys are matched to the model's convolutions by their contents (the file stores the model
     * and the optimiser's keys as separate arrays) and every parameter must have a state.
     *
     * @return empty if the file has no {@code opt} or an optimiser other than ADAM, or ADAM that has
     *         not stepped yet
     * @throws BadInputException naming the file when the state is malformed or does not cover the model
     */
    public static java.util.Optional<AdamState> readAdamState(Path path, GomaConfig config) {
        Map<String, Object> file = Bson.read(path);
        if (kind(file, path) != Kind.MODEL) throw new BadInputException(path + ": holds a history, not a trained model");
        List<ConvArrays> convs = new java.util.ArrayList<>();
        float[] params = readModel(file, path, config, convs);
        if (!file.containsKey("opt")) return java.util.Optional.empty();
        JuliaValues j = new JuliaValues(file, path.toString());
        String type = j.typeName(file.get("opt"));
        if (!type.endsWith("ADAM") && !type.endsWith(".Adam")) return java.util.Optional.empty();
        List<Object> opt = j.structFields(file.get("opt"), type.substring(type.lastIndexOf('.') + 1), "opt");
        if (opt.size() != 4) throw j.bad("opt (" + type + ") has " + opt.size() + " fields, expected (eta, beta, epsilon, state)");
        double eta = number(j, opt.get(0), "opt.eta");
        List<Object> beta = j.tuple(opt.get(1), "opt.beta");
        if (beta.size() != 2) throw j.bad("opt.beta has " + beta.size() + " elements, expected 2");
        double beta1 = number(j, beta.get(0), "opt.beta[1]"), beta2 = number(j, beta.get(1), "opt.beta[2]");
        double epsilon = number(j, opt.get(2), "opt.epsilon");
        List<Object> dict = j.structFields(opt.get(3), "IdDict", "opt.state");
        if (dict.size() != 2) throw j.bad("opt.state has " + dict.size() + " fields, expected (keys, values)");
        List<Object> keys = Bson.list(j.resolve(dict.get(0)), "opt.state keys", path.toString());
        List<Object> values = Bson.list(j.resolve(dict.get(1)), "opt.state values", path.toString());
        if (keys.size() != values.size()) throw j.bad("opt.state has " + keys.size() + " keys but " + values.size() + " values");
        if (keys.isEmpty()) return java.util.Optional.empty();
        ParameterLayout layout = new ParameterLayout(config.physical().dimension(), config.model());
        int d = config.physical().dimension();
        float[] m = new float[params.length];
        float[] v = new float[params.length];
        boolean[] covered = new boolean[2 * convs.size()];
        long steps = -1;
        for (int i = 0; i < keys.size(); i++) {
            JuliaValues.JuliaArray key = j.array(keys.get(i), "opt.state key " + (i + 1));
            int match = -1;
            for (int c = 0; c < 2 * convs.size() && match < 0; c++) {
                ConvArrays ca = convs.get(c / 2);
                JuliaValues.JuliaArray a = c % 2 == 0 ? ca.weight() : ca.bias();
                if (!covered[c] && java.util.Arrays.equals(a.size(), key.size()) && java.util.Arrays.equals(a.floats(), key.floats())) {
                    match = c;
                }
            }
            if (match < 0) throw j.bad("opt.state key " + (i + 1) + " is none of the model's weights or biases");
            covered[match] = true;
            List<Object> state = j.tuple(values.get(i), "opt.state value " + (i + 1));
            if (state.size() != 3) throw j.bad("opt.state value " + (i + 1) + " has " + state.size() + " elements, expected (mt, vt, βp)");
            JuliaValues.JuliaArray mt = j.array(state.get(0), "opt.state mt " + (i + 1));
            JuliaValues.JuliaArray vt = j.array(state.get(1), "opt.state vt " + (i + 1));
            JuliaValues.JuliaArray bp = j.array(state.get(2), "opt.state βp " + (i + 1));
            if (!java.util.Arrays.equals(mt.size(), key.size()) || !java.util.Arrays.equals(vt.size(), key.size())
                    || bp.floats() == null || bp.length() != 2) {
                throw j.bad("opt.state value " + (i + 1) + " does not have the shape of its parameter");
            }
            // Flux: βp starts at β and is multiplied by β after every update, so after t updates βp = β^(t+1)
            long t = Math.round(Math.log(bp.floats()[0]) / Math.log(beta1)) - 1;
            long t2 = Math.round(Math.log(bp.floats()[1]) / Math.log(beta2)) - 1;
            if (t < 0 || (t != t2 && t < 10_000) || (steps >= 0 && t != steps)) {
                throw j.bad("opt.state βp of key " + (i + 1) + " gives step " + t + " (β₂: " + t2 + "), other keys " + steps);
            }
            steps = t;
            ConvArrays ca = convs.get(match / 2);
            if (match % 2 == 0) {
                scatterWeight(mt.floats(), layout, ca.layer(), ca.conv(), d, m);
                scatterWeight(vt.floats(), layout, ca.layer(), ca.conv(), d, v);
            } else {
                scatterBias(mt.floats(), layout, ca.layer(), ca.conv(), m);
                scatterBias(vt.floats(), layout, ca.layer(), ca.conv(), v);
            }
        }
        for (int c = 0; c < covered.length; c++) {
            if (!covered[c]) {
                throw j.bad("opt.state has no entry for layer " + (convs.get(c / 2).layer() + 1) + " conv "
                        + (convs.get(c / 2).conv() + 1) + (c % 2 == 0 ? " weight" : " bias"));
            }
        }
        return java.util.Optional.of(new AdamState(eta, beta1, beta2, epsilon, steps, m, v));
    }

    private static double number(JuliaValues j, Object v, String what) {
        Object r = j.resolve(v);
        if (r instanceof Number n) return n.doubleValue();
        throw j.bad(what + " is not a number");
    }

    static int[] reversed(int[] a) {
        int[] r = new int[a.length];
        for (int i = 0; i < a.length; i++) r[i] = a[a.length - 1 - i];
        return r;
    }
}
