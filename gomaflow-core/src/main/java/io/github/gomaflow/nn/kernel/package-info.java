/**
 * Allocation-free hot loops of the flow engine behind one interface, {@link io.github.gomaflow.nn.kernel.FlowKernels}:
 * periodic convolution (forward, transposed, weight gradient), fused activations and the affine
 * coupling update and its backward. A Vector API implementation (lanes over the batch index) and a
 * plain-Java fallback, chosen once by {@link io.github.gomaflow.nn.kernel.Kernels}.
 */
package io.github.gomaflow.nn.kernel;
