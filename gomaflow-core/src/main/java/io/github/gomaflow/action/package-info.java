/**
 * The lattice φ⁴ action S(φ) = Σ_x [(m²+2d)φ² + λφ⁴ − 2Σ_μ φ(x)φ(x+μ̂)] and its gradient for field
 * batches ({@link io.github.gomaflow.action.ScalarPhi4Action}), and exact free-field (λ = 0)
 * references: propagator, correlators and an exact Gaussian sampler
 * ({@link io.github.gomaflow.action.FreeField}).
 */
package io.github.gomaflow.action;
