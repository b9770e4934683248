/** JMH benchmarks of gomaflow's hot paths (action, priors, …); run {@code java -jar gomaflow-bench/target/benchmarks.jar}. */
package io.github.gomaflow.bench;
