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
 * One reverse-KL training step of the example2d model (16 layers, CNN 1→8→8→2, k=3) at batch 64:
 * {@link FlowEngine#lossGradient} (forward, S, ∂S/∂φ, backward, chunk-gradient sum), without the
 * optimiser. Score = ms per step. Allocation per step: add {@code -prof gc}.
 * Run: java --add-modules jdk.incubator.vector -jar gomaflow-bench/target/benchmarks.jar TrainStep -f 1 -wi 5 -i 5
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class TrainStepBenchmark {
    @Param({"2d_L8", "2d_L16", "3d_L8"}) String lattice;
    @Param({"1", "2"}) int threads;

    private FlowEngine engine;
    private ScalarPhi4Action action;
    private float[] z;
    private float[] phi;
    private double[] logDet;
    private double[] s;
    private float[] grad;

    @Setup public void setUp() {
        Lattice lat = EngineBenchmark.Case.named(lattice).lattice();
        FlowModel model = FlowModel.create(lat, EngineBenchmark.example2dModel());
        int batch = EngineBenchmark.TRAIN_BATCH;
        engine = new FlowEngine(model, batch, threads);
        action = new ScalarPhi4Action(lat, -4, 8);
        RandomGenerator rng = Streams.stream(1, "bench");
        z = new float[lat.volume() * batch];
        for (int i = 0; i < z.length; i++) z[i] = (float) rng.nextGaussian();
        phi = new float[z.length];
        logDet = new double[batch];
        s = new double[batch];
        grad = new float[model.parameterCount()];
    }

    @TearDown public void tearDown() { engine.close(); }

    @Benchmark public float[] step() {
        engine.lossGradient(z, EngineBenchmark.TRAIN_BATCH, action, phi, logDet, s, grad);
        return grad;
    }
}
