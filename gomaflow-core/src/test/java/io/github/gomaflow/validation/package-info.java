/**
 * End-to-end physics validation (slow profile, {@code @Tag("slow")}; see docs/VALIDATION.md): trained
 * flows and HMC, through the same library calls as the CLI, against exact free-field results, against
 * each other, and against the published χ₂ of the tutorial point.
 */
package io.github.gomaflow.validation;
