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

    /** potential_M2_LAMBDA (no commas: JMH splits -p values on commas) or normal (N(0,1)). */
    @Param({"potential_-4_8", "potential_1_8", "potential_-0.53_8", "normal"}) String prior;
    Prior p;
    RandomGenerator rng;
    float[] z;

    @Setup public void setUp() {
        if (prior.equals("normal")) {
            p = new NormalPrior(0, 1);
        } else {
            String[] parts = prior.split("_");
            p = new PotentialPrior(Double.parseDouble(parts[1]), Double.parseDouble(parts[2]));
        }
        rng = Streams.stream(1, "bench-prior");
        z = new float[N];
    }

    /** Score = samples per second. */
    @Benchmark @OperationsPerInvocation(N) public float[] sample() {
        p.sample(rng, z, N);
        return z;
    }
}
