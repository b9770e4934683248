/**
 * Double-precision reference implementation of the affine-coupling flow (forward, inverse,
 * log-det, log q, reverse-KL loss and its hand-written gradient), written for clarity rather than
 * speed. It follows the shared definitions of {@link io.github.gomaflow.flow.ParameterLayout} and
 * {@link io.github.gomaflow.flow.FlowModel} exactly and is itself verified by central finite
 * differences, so the fast float engine can be tested against it.
 *
 * <ul>
 *   <li>{@link io.github.gomaflow.reference.ReferenceFlow} — the flow; {@code fromFloat} takes the
 *       engine's {@code float[]} parameters; {@code toDouble}/{@code toFloat} convert arrays.</li>
 *   <li>{@code ReferenceCombinationalCnn} — the conditioner with combinational convolutions (each
 *       sub-convolution a full-kernel convolution zero off its directions).</li>
 *   <li>{@link io.github.gomaflow.reference.ReferenceConvolution} — naive periodic convolution with
 *       backward, for kernel tests.</li>
 *   <li>{@link io.github.gomaflow.reference.FlowFixtures} — specs, random far-from-identity parameters
 *       and prior samples for tests.</li>
 * </ul>
 *
 * <p>Batch norm ({@code use_bn}) is placed as in GomalizingFlow's {@code create_model}: after every
 * convolution, the last included, before its activation; γ, β learnable (init 1, 0) and stored after
 * the convolution parameters, so {@code ParameterLayout} is unchanged (see ReferenceBatchNorm).
 */
package io.github.gomaflow.reference;
