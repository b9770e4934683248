package io.github.gomaflow.bench;

import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.lattice.Lattice;
import io.github.gomaflow.mcmc.Hmc;
import io.github.gomaflow.mcmc.Integrator;
import io.github.gomaflow.rng.Streams;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One HMC trajectory of example2d (2D, L=8, m²=−4, λ=8; τ = 1, K = 20) including momentum draws and
 * the accept/reject step. Throughput in trajectories/s = 10⁶ / (µs per op).
 * Run: java -jar gomaflow-bench/target/benchmarks.jar Hmc
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class HmcBenchmark {
    @Param({"8"}) int extent;
    @Param({"2"}) int dimension;
    @Param({"LEAPFROG", "OMELYAN"}) String integrator;
    @Param({"20"}) int steps;
    Hmc hmc;
    RandomGenerator rng;

    @Setup public void setUp() {
        ScalarPhi4Action action = new ScalarPhi4Action(Lattice.hypercubic(dimension, extent), -4, 8);
        hmc = new Hmc(action, Integrator.valueOf(integrator), 1.0, steps);
        rng = Streams.stream(1, "bench");
        for (int i = 0; i < 200; i++) hmc.trajectory(rng);
    }

    @Benchmark public boolean trajectory() { return hmc.trajectory(rng); }
}
