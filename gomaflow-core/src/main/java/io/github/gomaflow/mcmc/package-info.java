/**
 * Markov chains that produce ensembles.
 *
 * <ul>
 *   <li>{@link io.github.gomaflow.mcmc.FlowSampler}: independence Metropolis–Hastings with proposals
 *       from a trained flow ({@link io.github.gomaflow.mcmc.FlowProposals}), generated in batches, decided
 *       in order in log space by {@link io.github.gomaflow.mcmc.IndependenceMetropolis}.</li>
 *   <li>{@link io.github.gomaflow.mcmc.Hmc} / {@link io.github.gomaflow.mcmc.HmcChain}: the HMC baseline of
 *       the same action (leapfrog or Omelyan, double precision), with step-size tuning by
 *       {@link io.github.gomaflow.mcmc.DualAveraging} during thermalisation.</li>
 *   <li>{@link io.github.gomaflow.mcmc.AcceptanceStatistics}: acceptance, longest rejection run and τ_acc.</li>
 * </ul>
 * Both chains stream their states to an {@link io.github.gomaflow.io.EnsembleWriter} and take their
 * randomness from {@link io.github.gomaflow.rng.Streams} (purposes {@code "mcmc"} and {@code "hmc"}).
 */
package io.github.gomaflow.mcmc;
