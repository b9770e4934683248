/**
 * Priors of the flow, i.i.d. per site: {@link io.github.gomaflow.prior.NormalPrior} and
 * {@link io.github.gomaflow.prior.PotentialPrior} (density ∝ exp(−m²x² − λx⁴) on an interval),
 * with accurately normalised log-densities and exact samplers; {@link io.github.gomaflow.prior.Priors}
 * builds one from a {@link io.github.gomaflow.config.PriorSpec}.
 */
package io.github.gomaflow.prior;
