package io.github.gomaflow.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Turns the strings of {@code training.prior}, {@code training.opt} and {@code training.lr_scheduler}
 * into specs, through {@link JuliaSyntax}. Never evaluates anything. The accepted forms:
 *
 * <ul>
 *   <li>prior: {@code Normal[{T}](μ, σ)}, {@code Normal[{T}](μ)} (σ = 1), {@code Normal[{T}]()} (0, 1);
 *       {@code Potential[{T}](; m²=…, λ=…[, xmin=…, xmax=…])} with spellings {@code m2}/{@code M2} and
 *       {@code lam}/{@code lambda}; T is Float32 or Float64; default interval
 *       [{@link Defaults#POTENTIAL_XMIN}, {@link Defaults#POTENTIAL_XMAX}].</li>
 *   <li>opt: {@code Adam}, {@code AdamW}, {@code Descent} (also Flux's older {@code ADAM}, {@code ADAMW}),
 *       also Momentum, Nesterov, RMSProp, RAdam, AdaMax, AdaGrad, AdaDelta, AMSGrad, NAdam,
 *       OAdam, AdaBelief (and Flux's older capital spellings), optionally with empty parentheses or keywords
 *       {@code β1}/{@code beta1}, {@code β2}/{@code beta2} (rules with β), {@code ρ}/{@code rho} (Momentum,
 *       Nesterov, RMSProp, AdaDelta), {@code ε}/{@code eps}/{@code epsilon} and, for AdamW,
 *       {@code decay}/{@code weight_decay}.
 *       Positional arguments are refused: Flux's first one is the learning rate, which is {@code base_lr}.</li>
 *   <li>lr_scheduler: {@code ""} (constant), {@code Step(start, decay, [n₁, n₂, …])},
 *       {@code Step(start, decay, n)}, {@code Exp(start, decay)}, {@code Poly(start, degree, max_iter)},
 *       {@code Inv(start, decay, degree)}, the cyclic {@code Triangle}, {@code TriangleDecay2}, {@code Sin},
 *       {@code SinDecay2}, {@code CosAnneal} (alias {@code Cosine}) with ParameterSchedulers' positional
 *       (range, offset, period) and {@code TriangleExp}, {@code SinExp} with (range, offset, period, decay);
 *       ParameterSchedulers' keyword forms ({@code start}/{@code λ}, {@code decay}/{@code γ},
 *       {@code step_sizes}, {@code p}, {@code max_iter}; {@code λ0}/{@code l0}, {@code λ1}/{@code l1},
 *       {@code period}) too.</li>
 * </ul>
 */
final class SpecParser {
    private SpecParser() {}

    static final String PRIOR_ALLOWED =
            "Normal(μ, σ), Uniform(a, b), Cauchy(μ, σ), Laplace(μ, θ), Logistic(μ, θ), Gumbel(μ, θ), TDist(ν) or"
                    + " Potential(; m²=…, λ=…[, xmin=…, xmax=…]), optionally typed {Float32}/{Float64}";
    static final String OPT_ALLOWED = "one of Flux's Descent, Momentum, Nesterov, RMSProp, Adam, RAdam, AdaMax, AdaGrad,"
            + " AdaDelta, AMSGrad, NAdam, AdamW, OAdam, AdaBelief, optionally with keywords as in Adam(β1=0.9, β2=0.999,"
            + " ε=1e-8), RMSProp(ρ=0.9) or AdamW(decay=1e-4)";
    static final String SCHEDULE_ALLOWED = "\"\" (constant), Step(start, decay, [n1, n2, …]), Step(start, decay, n), "
            + "Exp(start, decay), Poly(start, degree, max_iter), Inv(start, decay, degree), "
            + "Triangle/TriangleDecay2/Sin/SinDecay2/CosAnneal(range, offset, period), TriangleExp/SinExp(range, offset, period, decay), "
            + "Sequence([schedule or rate, …], [n1, …]), Loop(schedule, period), Shifted(schedule, offset) "
            + "or OneCycle(nsteps, maxval; startval, endval, percent_start)";

    static PriorSpec prior(String text) throws SpecSyntaxException {
        JuliaCall c = JuliaSyntax.parse(text);
        checkTypeParameter(c);
        requireParentheses(c);
        switch (c.name()) {
            case "Normal" -> {
                if (!c.keywords().isEmpty()) throw at(c.keywords().values().iterator().next(), "Normal takes no keywords");
                if (c.positional().size() > 2) throw at(c.positional().get(2), "Normal takes at most 2 arguments (μ, σ)");
                double mean = c.positional().isEmpty() ? 0.0 : number(c.positional().get(0), "μ");
                double sigma = c.positional().size() < 2 ? 1.0 : number(c.positional().get(1), "σ");
                if (!(sigma > 0)) throw at(c.positional().get(1), "σ must be > 0, got " + sigma);
                return new PriorSpec.Normal(mean, sigma);
            }
            case "Potential" -> {
                if (!c.positional().isEmpty()) {
                    throw at(c.positional().get(0), "Potential takes keywords only, as in Potential(; m²=-4, λ=8)");
                }
                Map<String, JuliaCall.Value> kw = keywords(c, ordered("m²", "m²", "m2", "m²", "M2", "m²",
                        "λ", "λ", "lam", "λ", "lambda", "λ", "xmin", "xmin", "xmax", "xmax"));
                for (String required : List.of("m²", "λ")) {
                    if (!kw.containsKey(required)) {
                        throw new SpecSyntaxException("Potential needs the keyword " + required, c.endColumn());
                    }
                }
                double m2 = number(kw.get("m²"), "m²");
                double lambda = number(kw.get("λ"), "λ");
                if (lambda < 0) throw at(kw.get("λ"), "λ must be >= 0, got " + lambda);
                double xmin = kw.containsKey("xmin") ? number(kw.get("xmin"), "xmin") : Defaults.POTENTIAL_XMIN;
                double xmax = kw.containsKey("xmax") ? number(kw.get("xmax"), "xmax") : Defaults.POTENTIAL_XMAX;
                if (!(xmin < xmax)) {
                    throw new SpecSyntaxException("xmin must be < xmax, got [" + xmin + ", " + xmax + "]",
                            kw.containsKey("xmin") ? kw.get("xmin").column() : kw.get("xmax").column());
                }
                return new PriorSpec.Potential(m2, lambda, xmin, xmax);
            }
            case "Uniform", "Cauchy", "Laplace", "Logistic", "Gumbel" -> {
                if (!c.keywords().isEmpty()) throw at(c.keywords().values().iterator().next(), c.name() + " takes no keywords");
                if (c.positional().size() > 2) throw at(c.positional().get(2), c.name() + " takes at most 2 arguments");
                boolean uniform = c.name().equals("Uniform");
                double a = c.positional().isEmpty() ? 0.0 : number(c.positional().get(0), uniform ? "a" : "μ");
                double b = c.positional().size() < 2 ? 1.0 : number(c.positional().get(1), uniform ? "b" : "scale");
                if (uniform && !(b > a)) throw at(c.positional().size() < 2 ? c.positional().get(0) : c.positional().get(1), "Uniform needs a < b, got " + a + ", " + b);
                if (!uniform && !(b > 0)) throw at(c.positional().get(1), "the scale must be > 0, got " + b);
                if (c.positional().size() == 1 && uniform) throw at(c.positional().get(0), "Uniform takes 0 or 2 arguments (a, b)");
                return new PriorSpec.Univariate(c.name(), a, b);
            }
            case "TDist" -> {
                if (!c.keywords().isEmpty() || c.positional().size() != 1) {
                    throw new SpecSyntaxException("TDist takes exactly one argument, the degrees of freedom ν", c.nameColumn());
                }
                double nu = number(c.positional().get(0), "ν");
                if (!(nu > 0)) throw at(c.positional().get(0), "ν must be > 0, got " + nu);
                return new PriorSpec.Univariate("TDist", nu, 1.0);
            }
            default -> throw unknownName(c, List.of("Normal", "Uniform", "Cauchy", "Laplace", "Logistic", "Gumbel", "TDist", "Potential"),
                    "prior");
        }
    }

    static OptimizerSpec optimizer(String text) throws SpecSyntaxException {
        JuliaCall c = JuliaSyntax.parse(text);
        if (c.typeParameter() != null) throw new SpecSyntaxException("an optimiser takes no type parameter", c.nameColumn());
        if (!c.positional().isEmpty()) {
            throw at(c.positional().get(0), "positional arguments are not accepted (Flux's first one is the learning"
                    + " rate, which comes from base_lr); use keywords");
        }
        switch (c.name()) {
            case "Adam", "ADAM", "AdamW", "ADAMW" -> {
                boolean w = c.name().endsWith("W");
                Map<String, String> names = ordered("β1", "β1", "beta1", "β1", "β2", "β2", "beta2", "β2",
                        "ε", "ε", "eps", "ε", "epsilon", "ε");
                if (w) names.putAll(Map.of("decay", "decay", "weight_decay", "decay"));
                Map<String, JuliaCall.Value> kw = keywords(c, names);
                double b1 = optional(kw, "β1", Defaults.BETA1);
                double b2 = optional(kw, "β2", Defaults.BETA2);
                double eps = optional(kw, "ε", Defaults.EPSILON);
                for (String k : List.of("β1", "β2")) {
                    double b = optional(kw, k, 0.5);
                    if (!(b >= 0 && b < 1)) throw at(kw.get(k), k + " must be in [0, 1), got " + b);
                }
                if (!(eps > 0)) throw at(kw.get("ε"), "ε must be > 0, got " + eps);
                if (!w) return new OptimizerSpec.Adam(b1, b2, eps);
                double decay = optional(kw, "decay", Defaults.ADAMW_DECAY);
                if (!(decay >= 0)) throw at(kw.get("decay"), "decay must be >= 0, got " + decay);
                return new OptimizerSpec.AdamW(b1, b2, eps, decay);
            }
            case "Descent" -> {
                if (!c.keywords().isEmpty()) throw at(c.keywords().values().iterator().next(), "Descent takes no keywords");
                return new OptimizerSpec.Descent();
            }
            default -> {
                OptimizerSpec.Rule rule = fluxRule(c.name());
                if (rule == null) throw unknownName(c, OPTIMISER_NAMES, "optimiser");
                Map<String, String> names = ordered("ε", "ε", "eps", "ε", "epsilon", "ε");
                if (rule.usesBeta) names.putAll(ordered("β1", "β1", "beta1", "β1", "β2", "β2", "beta2", "β2"));
                if (rule.usesRho) names.putAll(ordered("ρ", "ρ", "rho", "ρ"));
                Map<String, JuliaCall.Value> kw = keywords(c, names);
                OptimizerSpec.Flux d = OptimizerSpec.Flux.defaults(rule);
                double b1 = optional(kw, "β1", d.beta1());
                double b2 = optional(kw, "β2", d.beta2());
                double rho = optional(kw, "ρ", d.rho());
                double eps = optional(kw, "ε", d.epsilon());
                for (String k : List.of("β1", "β2", "ρ")) {
                    double b = optional(kw, k, 0.5);
                    if (!(b >= 0 && b < 1)) throw at(kw.get(k), k + " must be in [0, 1), got " + b);
                }
                if (!(eps > 0)) throw at(kw.get("ε"), "ε must be > 0, got " + eps);
                return new OptimizerSpec.Flux(rule, b1, b2, rho, eps);
            }
        }
    }

    /** Every optimiser name accepted, in Flux's current spelling. */
    static final List<String> OPTIMISER_NAMES = List.of("Descent", "Momentum", "Nesterov", "RMSProp", "Adam", "RAdam",
            "AdaMax", "AdaGrad", "AdaDelta", "AMSGrad", "NAdam", "AdamW", "OAdam", "AdaBelief");

    /** The rule for a Flux name, also Flux's older all-capital spellings (RADAM, ADAGrad, ADADelta, NADAM, OADAM). */
    private static OptimizerSpec.Rule fluxRule(String name) {
        for (OptimizerSpec.Rule r : OptimizerSpec.Rule.values()) if (r.fluxName.equals(name)) return r;
        return switch (name) {
            case "RADAM" -> OptimizerSpec.Rule.RADAM;
            case "ADAGrad", "ADAGRAD" -> OptimizerSpec.Rule.ADAGRAD;
            case "ADADelta", "ADADELTA" -> OptimizerSpec.Rule.ADADELTA;
            case "NADAM" -> OptimizerSpec.Rule.NADAM;
            case "OADAM" -> OptimizerSpec.Rule.OADAM;
            default -> null;
        };
    }

    static ScheduleSpec schedule(String text) throws SpecSyntaxException {
        if (text.isBlank()) return new ScheduleSpec.Constant();
        return schedule(JuliaSyntax.parse(text));
    }

    private static ScheduleSpec schedule(JuliaCall c) throws SpecSyntaxException {
        if (c.typeParameter() != null) throw new SpecSyntaxException("a schedule takes no type parameter", c.nameColumn());
        requireParentheses(c);
        switch (c.name()) {
            case "Step" -> {
                List<JuliaCall.Value> a = arguments(c, List.of("start", "decay", "step_sizes"),
                        ordered("start", "start", "λ", "start", "decay", "decay", "γ", "decay", "step_sizes", "step_sizes"));
                double start = positive(a.get(0), "start");
                double decay = decayFactor(a.get(1));
                if (a.get(2) instanceof JuliaCall.Num n) return new ScheduleSpec.StepEvery(start, decay, count(n, "step size"));
                if (!(a.get(2) instanceof JuliaCall.Vec v) || v.elements().isEmpty()) {
                    throw at(a.get(2), "step sizes must be an integer or a non-empty list of integers such as [200]");
                }
                List<Integer> sizes = new ArrayList<>();
                for (JuliaCall.Value e : v.elements()) sizes.add(count(integer(e, "step size"), "step size"));
                return new ScheduleSpec.Step(start, decay, sizes);
            }
            case "Exp" -> {
                List<JuliaCall.Value> a = arguments(c, List.of("start", "decay"),
                        ordered("start", "start", "λ", "start", "decay", "decay", "γ", "decay"));
                return new ScheduleSpec.Exp(positive(a.get(0), "start"), decayFactor(a.get(1)));
            }
            case "CosAnneal", "Cosine" -> {
                // restart (ParameterSchedulers' 4th positional argument or keyword, default true) is taken off first
                boolean restart = true;
                JuliaCall plain = c;
                JuliaCall.Value r = c.keywords().get("restart");
                if (r == null && c.positional().size() == 4) r = c.positional().get(3);
                if (r != null) {
                    if (!(r instanceof JuliaCall.Bool b)) throw at(r, "restart must be true or false");
                    restart = b.value();
                    java.util.Map<String, JuliaCall.Value> kw = new java.util.LinkedHashMap<>(c.keywords());
                    kw.remove("restart");
                    plain = new JuliaCall(c.name(), c.nameColumn(), c.typeParameter(), c.hasArguments(),
                            c.positional().size() == 4 ? c.positional().subList(0, 3) : c.positional(), kw, c.endColumn());
                }
                Cyclic ro = rangeOffset(plain, 3);
                if (ro.args().get(2) instanceof JuliaCall.Num n) {
                    return new ScheduleSpec.Cosine(ro.range() + ro.offset(), ro.offset(), count(n, "period"), restart);
                }
                List<JuliaCall.Value> a = ro.args();
                throw at(a.get(2), "period must be an integer >= 1");
            }
            case "Poly" -> {
                List<JuliaCall.Value> a = arguments(c, List.of("start", "degree", "max_iter"),
                        ordered("start", "start", "λ", "start", "degree", "degree", "p", "degree", "max_iter", "max_iter"));
                return new ScheduleSpec.Poly(positive(a.get(0), "start"), count(integer(a.get(1), "degree"), "degree"),
                        count(integer(a.get(2), "max_iter"), "max_iter"));
            }
            case "Sequence" -> {
                List<JuliaCall.Value> a = arguments(c, List.of("schedules", "step_sizes"),
                        ordered("schedules", "schedules", "step_sizes", "step_sizes"));
                if (!(a.get(0) instanceof JuliaCall.Vec sv) || sv.elements().isEmpty()) {
                    throw at(a.get(0), "Sequence needs a list of schedules or numbers such as [1e-3, Exp(1e-3, 0.9)]");
                }
                if (!(a.get(1) instanceof JuliaCall.Vec nv) || nv.elements().size() != sv.elements().size()) {
                    throw at(a.get(1), "Sequence needs one step size per schedule, as in [10, 90]");
                }
                List<ScheduleSpec> parts = new ArrayList<>();
                for (JuliaCall.Value e : sv.elements()) {
                    if (e instanceof JuliaCall.Nested n) parts.add(schedule(n.call()));
                    else parts.add(new ScheduleSpec.Fixed(positive(e, "a rate in Sequence")));
                }
                List<Integer> sizes = new ArrayList<>();
                for (JuliaCall.Value e : nv.elements()) sizes.add(count(integer(e, "step size"), "step size"));
                return new ScheduleSpec.Sequence(parts, sizes);
            }
            case "Loop", "Shifted" -> {
                boolean loop = c.name().equals("Loop");
                List<JuliaCall.Value> a = arguments(c, List.of("schedule", loop ? "period" : "offset"),
                        loop ? ordered("f", "schedule", "schedule", "schedule", "period", "period")
                             : ordered("schedule", "schedule", "offset", "offset"));
                if (!(a.get(0) instanceof JuliaCall.Nested n)) throw at(a.get(0), c.name() + " needs a schedule such as Exp(1e-3, 0.9)");
                ScheduleSpec inner = schedule(n.call());
                int k = count(integer(a.get(1), loop ? "period" : "offset"), loop ? "period" : "offset");
                return loop ? new ScheduleSpec.Loop(inner, k) : new ScheduleSpec.Shifted(inner, k);
            }
            case "OneCycle" -> {
                if (c.positional().size() != 2) {
                    throw new SpecSyntaxException("OneCycle takes 2 positional arguments (nsteps, maxval), got "
                            + c.positional().size(), c.endColumn());
                }
                int nsteps = count(integer(c.positional().get(0), "nsteps"), "nsteps");
                double max = positive(c.positional().get(1), "maxval");
                Map<String, JuliaCall.Value> kw = keywords(c, ordered("startval", "startval", "endval", "endval",
                        "percent_start", "percent_start"));
                double start = kw.containsKey("startval") ? positive(kw.get("startval"), "startval") : max / 25;
                double end = kw.containsKey("endval") ? positive(kw.get("endval"), "endval") : max / 1e5;
                double pct = optional(kw, "percent_start", 0.25);
                if (!(pct > 0 && pct < 1)) throw at(kw.get("percent_start"), "percent_start must be in (0, 1), got " + pct);
                ScheduleSpec.OneCycle one = new ScheduleSpec.OneCycle(nsteps, max, start, end, pct);
                if (one.warmup() >= nsteps) {
                    throw at(c.positional().get(0), "nsteps = " + nsteps + " leaves no epoch after the warm-up of " + one.warmup());
                }
                return one;
            }
            case "Inv" -> {
                List<JuliaCall.Value> a = arguments(c, List.of("start", "decay", "degree"),
                        ordered("start", "start", "λ", "start", "decay", "decay", "γ", "decay", "degree", "degree", "p", "degree"));
                double decay = number(a.get(1), "decay");
                if (!(decay >= 0)) throw at(a.get(1), "decay must be >= 0, got " + decay);
                return new ScheduleSpec.Inv(positive(a.get(0), "start"), decay, count(integer(a.get(2), "degree"), "degree"));
            }
            default -> {
                ScheduleSpec.Shape shape = null;
                for (ScheduleSpec.Shape sh : ScheduleSpec.Shape.values()) if (sh.juliaName.equals(c.name())) shape = sh;
                if (shape == null) throw unknownName(c, SCHEDULE_NAMES, "schedule");
                Cyclic ro = rangeOffset(c, shape.hasDecay() ? 4 : 3);
                List<JuliaCall.Value> a = ro.args();
                int period = count(integer(a.get(2), "period"), "period");
                double decay = shape.hasDecay() ? decayFactor(a.get(3)) : 1.0;
                return new ScheduleSpec.Wave(shape, ro.range(), ro.offset(), period, decay);
            }
        }
    }

    /** Every schedule name accepted. */
    static final List<String> SCHEDULE_NAMES = List.of("Step", "Exp", "Poly", "Inv", "Triangle", "TriangleDecay2",
            "TriangleExp", "Sin", "SinDecay2", "SinExp", "CosAnneal", "Sequence", "Loop", "Shifted", "OneCycle");

    /** Cyclic arguments: the range, the offset and all arguments in canonical order. */
    private record Cyclic(double range, double offset, List<JuliaCall.Value> args) {}

    /**
     * ParameterSchedulers' cyclic arguments: positional (range, offset, period[, decay]) or keywords
     * (λ0, λ1, period[, γ]) meaning range = |λ0 − λ1|, offset = min(λ0, λ1).
     */
    private static Cyclic rangeOffset(JuliaCall c, int count) throws SpecSyntaxException {
        boolean keywords = c.positional().isEmpty() && !c.keywords().isEmpty();
        List<String> names = count == 4 ? List.of("λ0", "λ1", "period", "γ") : List.of("λ0", "λ1", "period");
        List<JuliaCall.Value> a = arguments(c, keywords ? names
                : count == 4 ? List.of("range", "offset", "period", "decay") : List.of("range", "offset", "period"),
                ordered("λ0", "λ0", "l0", "λ0", "λ1", "λ1", "l1", "λ1", "period", "period", "γ", "γ", "decay", "γ"));
        double x = number(a.get(0), keywords ? "λ0" : "range");
        double y = number(a.get(1), keywords ? "λ1" : "offset");
        double range = keywords ? Math.abs(x - y) : x;
        double offset = keywords ? Math.min(x, y) : y;
        if (!(range >= 0)) throw at(a.get(0), "range must be >= 0, got " + x);
        if (!(offset >= 0)) throw at(a.get(1), (keywords ? "λ0 and λ1" : "offset") + " must be >= 0, got " + y);
        if (!(range + offset > 0)) throw at(a.get(0), "the largest rate range + offset must be > 0");
        return new Cyclic(range, offset, a);
    }

    private static JuliaCall.Num integer(JuliaCall.Value v, String what) throws SpecSyntaxException {
        if (v instanceof JuliaCall.Num n) return n;
        throw at(v, what + " must be an integer >= 1");
    }

    /** All arguments, given either positionally or as keywords (not both), in the order of {@code names}. */
    private static List<JuliaCall.Value> arguments(JuliaCall c, List<String> names, Map<String, String> aliases)
            throws SpecSyntaxException {
        if (!c.positional().isEmpty() && !c.keywords().isEmpty()) {
            throw at(c.keywords().values().iterator().next(), c.name() + " takes either positional or keyword arguments");
        }
        if (!c.positional().isEmpty()) {
            if (c.positional().size() != names.size()) {
                throw new SpecSyntaxException(c.name() + " takes " + names.size() + " arguments " + names + ", got "
                        + c.positional().size(), c.positional().size() > names.size()
                        ? c.positional().get(names.size()).column() : c.endColumn());
            }
            return c.positional();
        }
        Map<String, JuliaCall.Value> kw = keywords(c, aliases);
        List<JuliaCall.Value> out = new ArrayList<>();
        for (String n : names) {
            if (!kw.containsKey(n)) throw new SpecSyntaxException(c.name() + " needs the argument " + n, c.endColumn());
            out.add(kw.get(n));
        }
        return out;
    }

    /** Keywords renamed to their canonical names; unknown or repeated (under two spellings) keywords are errors. */
    private static Map<String, JuliaCall.Value> keywords(JuliaCall c, Map<String, String> aliases)
            throws SpecSyntaxException {
        Map<String, JuliaCall.Value> out = new HashMap<>();
        for (Map.Entry<String, JuliaCall.Value> e : c.keywords().entrySet()) {
            String canonical = aliases.get(e.getKey());
            if (canonical == null) {
                String hint = DidYouMean.suggest(e.getKey(), aliases.keySet());
                throw at(e.getValue(), "unknown keyword '" + e.getKey() + "' for " + c.name()
                        + (hint == null ? "" : " (did you mean '" + hint + "'?)")
                        + "; keywords: " + String.join(", ", new LinkedHashSet<>(aliases.values())));
            }
            if (out.put(canonical, e.getValue()) != null) throw at(e.getValue(), canonical + " given twice");
        }
        return out;
    }

    /** An insertion-ordered map from alternating key, value arguments (messages list keywords in this order). */
    private static Map<String, String> ordered(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) m.put(keyValues[i], keyValues[i + 1]);
        return m;
    }

    private static double optional(Map<String, JuliaCall.Value> kw, String key, double fallback)
            throws SpecSyntaxException {
        return kw.containsKey(key) ? number(kw.get(key), key) : fallback;
    }

    private static double number(JuliaCall.Value v, String what) throws SpecSyntaxException {
        if (v instanceof JuliaCall.Num n) return n.value();
        throw at(v, what + " must be a number");
    }

    private static double positive(JuliaCall.Value v, String what) throws SpecSyntaxException {
        double x = number(v, what);
        if (!(x > 0)) throw at(v, what + " must be > 0, got " + x);
        return x;
    }

    private static double decayFactor(JuliaCall.Value v) throws SpecSyntaxException {
        double x = number(v, "decay");
        if (!(x > 0 && x <= 1)) throw at(v, "decay must be in (0, 1], got " + x);
        return x;
    }

    private static int count(JuliaCall.Num n, String what) throws SpecSyntaxException {
        if (!n.integer() || n.value() < 1 || n.value() > Integer.MAX_VALUE) {
            throw at(n, what + " must be an integer >= 1, got " + n.text());
        }
        return (int) n.value();
    }

    private static void checkTypeParameter(JuliaCall c) throws SpecSyntaxException {
        String t = c.typeParameter();
        if (t != null && !t.equals("Float32") && !t.equals("Float64")) {
            throw new SpecSyntaxException("unknown type parameter {" + t + "}; use {Float32} or {Float64}",
                    c.nameColumn() + c.name().length() + 1);
        }
    }

    private static void requireParentheses(JuliaCall c) throws SpecSyntaxException {
        if (!c.hasArguments()) throw new SpecSyntaxException("expected '(' after " + c.name(), c.endColumn());
    }

    private static SpecSyntaxException unknownName(JuliaCall c, List<String> known, String what) {
        String hint = DidYouMean.suggest(c.name(), known);
        return new SpecSyntaxException("unknown " + what + " '" + c.name() + "'"
                + (hint == null ? "" : " (did you mean '" + hint + "'?)"), c.nameColumn());
    }

    private static SpecSyntaxException at(JuliaCall.Value v, String message) {
        return new SpecSyntaxException(message, v.column());
    }
}
