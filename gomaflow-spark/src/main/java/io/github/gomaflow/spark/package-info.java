/**
 * gomaflow on Apache Spark: the {@link io.github.gomaflow.distributed.TaskBackend} that runs sweep points
 * and Markov chains as Spark tasks. Built only with {@code mvn -P spark}; see docs/DISTRIBUTED.md.
 */
package io.github.gomaflow.spark;
