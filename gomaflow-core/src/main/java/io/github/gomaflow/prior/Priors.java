package io.github.gomaflow.prior;

import io.github.gomaflow.config.PriorSpec;
import java.util.Objects;

/** Builds the {@link Prior} a configuration asks for. */
public final class Priors {
    private Priors() {}

    /**
     * @throws IllegalArgumentException if the parameters are out of range (see the constructors)
     */
    public static Prior of(PriorSpec spec) {
        Objects.requireNonNull(spec, "prior spec");
        return switch (spec) {
            case PriorSpec.Normal n -> new NormalPrior(n.mean(), n.sigma());
            case PriorSpec.Potential p -> new PotentialPrior(p.mSquared(), p.lambda(), p.xmin(), p.xmax());
            case PriorSpec.Univariate u -> new UnivariatePrior(UnivariatePrior.Family.valueOf(u.name().toUpperCase(java.util.Locale.ROOT)),
                    u.a(), u.b());
        };
    }
}
