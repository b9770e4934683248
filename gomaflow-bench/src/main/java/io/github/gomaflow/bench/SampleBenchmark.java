package io.github.gomaflow.bench;

import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.flow.EngineBenchmark;
import io.github.gomaflow.flow.FlowEngine;
import io.github.gomaflow.flow.FlowModel;
import io.github.gomaflow.lattice.Lattice;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * 8192 configurations of the example2d model through the flow with log q and S: 16 batches of 512
 * prior draws (drawn once in setup, not timed) → {@link FlowEngine#forward}, log q = log r(z) − log det J,
 * S(φ). Score = ms per 8192 configurations.
 * Run: java --add-modules jdk.incubator.vector -jar gomaflow-bench/target/benchmarks.jar SampleBenchmark -f 1 -wi 5 -i 5
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class SampleBenchmark {
    private static final int BATCH = EngineBenchmark.SAMPLE_BATCH;
    private static final int TOTAL = 8192;

    @Param({"2d_L8", "2d_L16", "3d_L8"}) String lattice;
    @Param({"1", "2"}) int threads;

    private FlowEngine engine;
    private ScalarPhi4Action action;
    private int volume;
    private float[] z;
    private float[] phi;
    private double[] logDet;
    private double[] logQ;
    private double[] s;

    @Setup public void setUp() {
        Lattice lat = EngineBenchmark.Case.named(lattice).lattice();
        engine = new FlowEngine(FlowModel.create(lat, EngineBenchmark.example2dModel()), BATCH, threads);
        action = new ScalarPhi4Action(lat, -4, 8);
        volume = lat.volume();
        RandomGenerator rng = Streams.stream(1, "bench");
        z = new float[volume * BATCH];
        for (int i = 0; i < z.length; i++) z[i] = (float) rng.nextGaussian();
        phi = new float[z.length];
        logDet = new double[BATCH];
        logQ = new double[BATCH];
        s = new double[BATCH];
    }

    @TearDown public void tearDown() { engine.close(); }

    @Benchmark public double sample8192() {
        double sum = 0;
        for (int done = 0; done < TOTAL; done += BATCH) {
            engine.forward(z, BATCH, phi, logDet);
            EngineBenchmark.logQ(z, BATCH, volume, logDet, logQ);
            action.action(phi, BATCH, s);
            sum += logQ[0] + s[0];
        }
        return sum;
    }
}
