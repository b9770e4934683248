/**
 * Double-precision reference implementation of the affine-coupling flow (forward, inverse,
 * log-det, reverse-KL loss and its hand-written gradient), written for clarity rather than speed.
 * It follows the shared definitions of {@link io.github.gomaflow.flow.ParameterLayout} and
 * {@link io.github.gomaflow.flow.FlowModel} exactly and is itself verified by central finite
 * differences, so the fast float engine can be tested against it.
 */
package io.github.gomaflow.reference;
