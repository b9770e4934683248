package io.github.gomaflow.bench;

import io.github.gomaflow.prior.NormalPrior;
import io.github.gomaflow.prior.PotentialPrior;
import io.github.gomaflow.prior.Prior;
import io.github.gomaflow.rng.Streams;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Prior samples per second: one example2d batch (V·B = 64·64 = 4096 values) per invocation.
 * Run: java -jar gomaflow-bench/target/benchmarks.jar Prior
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class PriorBenchmark {
    private static final int N = 4096;

    @Param({"potential(-4,8)", "potential(1,8)", "potential(-0.53,8)", "normal"}) String prior;
    Prior p;
    RandomGenerator rng;
    float[] z;

    @Setup public void setUp() {
        p = switch (prior) {
            case "potential(-4,8)" -> new PotentialPrior(-4, 8);
            case "potential(1,8)" -> new PotentialPrior(1, 8);
            case "potential(-0.53,8)" -> new PotentialPrior(-0.53, 8);
            default -> new NormalPrior(0, 1);
        };
        rng = Streams.stream(1, "bench-prior");
        z = new float[N];
    }

    /** Score = samples per second. */
    @Benchmark @OperationsPerInvocation(N) public float[] sample() {
        p.sample(rng, z, N);
        return z;
    }
}
