/**
 * Neural-network building blocks of the flow: stencil tables of periodic convolutions (the hot
 * loops themselves live in {@link io.github.gomaflow.nn.kernel}).
 */
package io.github.gomaflow.nn;
