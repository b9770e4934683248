package io.github.gomaflow.config;

/**
 * Optimiser named by {@code training.opt}, one of Flux's (legacy {@code Flux.Optimise}) optimisers with
 * Flux's defaults. The learning rate η always comes from {@code base_lr} and {@code lr_scheduler}.
 * See examples/README.md for every name, keyword and default.
 */
public sealed interface OptimizerSpec {
    /** Adam (Kingma &amp; Ba 2015); Flux defaults β = (0.9, 0.999), ε = 1e−8. */
    record Adam(double beta1, double beta2, double epsilon) implements OptimizerSpec {}

    /** AdamW (Loshchilov &amp; Hutter 2019): Adam with decoupled weight decay. */
    record AdamW(double beta1, double beta2, double epsilon, double weightDecay) implements OptimizerSpec {}

    /** Plain gradient descent θ ← θ − η g. */
    record Descent() implements OptimizerSpec {}

    /** The other Flux rules; which of β₁, β₂, ρ a rule uses is listed in {@link Rule}. */
    enum Rule {
        /** Momentum(η, ρ = 0.9). */ MOMENTUM("Momentum", false, true, 0, 0),
        /** Nesterov(η, ρ = 0.9). */ NESTEROV("Nesterov", false, true, 0, 0),
        /** RMSProp(η, ρ = 0.9, ε). */ RMSPROP("RMSProp", false, true, 0, 0),
        /** RAdam(η, β = (0.9, 0.999), ε). */ RADAM("RAdam", true, false, 0.9, 0.999),
        /** AdaMax(η, β = (0.9, 0.999), ε). */ ADAMAX("AdaMax", true, false, 0.9, 0.999),
        /** AdaGrad(η, ε). */ ADAGRAD("AdaGrad", false, false, 0, 0),
        /** AdaDelta(ρ = 0.9, ε): no learning rate. */ ADADELTA("AdaDelta", false, true, 0, 0),
        /** AMSGrad(η, β = (0.9, 0.999), ε). */ AMSGRAD("AMSGrad", true, false, 0.9, 0.999),
        /** NAdam(η, β = (0.9, 0.999), ε). */ NADAM("NAdam", true, false, 0.9, 0.999),
        /** OAdam(η, β = (0.5, 0.9), ε). */ OADAM("OAdam", true, false, 0.5, 0.9),
        /** AdaBelief(η, β = (0.9, 0.999), ε). */ ADABELIEF("AdaBelief", true, false, 0.9, 0.999);

        /** Flux's name. */
        public final String fluxName;
        /** Whether the rule takes β = (β₁, β₂). */
        public final boolean usesBeta;
        /** Whether the rule takes ρ. */
        public final boolean usesRho;
        /** Flux's default β₁, β₂ (0 where unused). */
        public final double defaultBeta1;
        public final double defaultBeta2;

        Rule(String fluxName, boolean usesBeta, boolean usesRho, double defaultBeta1, double defaultBeta2) {
            this.fluxName = fluxName;
            this.usesBeta = usesBeta;
            this.usesRho = usesRho;
            this.defaultBeta1 = defaultBeta1;
            this.defaultBeta2 = defaultBeta2;
        }

        /** Flux's default ρ. */
        public static final double DEFAULT_RHO = 0.9;
    }

    /**
     * One of the {@link Rule}s with its hyper-parameters (unused ones are 0).
     *
     * @param epsilon ε (Flux's constant 1e−8 by default)
     */
    record Flux(Rule rule, double beta1, double beta2, double rho, double epsilon) implements OptimizerSpec {
        /** The rule with Flux's defaults. */
        public static Flux defaults(Rule rule) {
            return new Flux(rule, rule.defaultBeta1, rule.defaultBeta2, rule.usesRho ? Rule.DEFAULT_RHO : 0, Defaults.EPSILON);
        }
    }
}
