package io.github.gomaflow.bench;

import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.lattice.Lattice;
import io.github.gomaflow.rng.Streams;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** φ⁴ action and gradient for a batch. Run: java -jar gomaflow-bench/target/benchmarks.jar Action */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ActionBenchmark {
    @Param({"8"}) int extent;
    @Param({"64"}) int batch;
    ScalarPhi4Action action;
    float[] phi;
    float[] grad;
    double[] s;

    @Setup public void setUp() {
        Lattice lattice = Lattice.hypercubic(2, extent);
        action = new ScalarPhi4Action(lattice, -4, 8);
        RandomGenerator rng = Streams.stream(1, "bench");
        phi = new float[lattice.volume() * batch];
        for (int i = 0; i < phi.length; i++) phi[i] = (float) rng.nextGaussian();
        grad = new float[phi.length];
        s = new double[batch];
    }

    @Benchmark public double[] action() { action.action(phi, batch, s); return s; }

    @Benchmark public float[] gradient() { action.gradient(phi, batch, 1f, grad); return grad; }
}
