package io.github.gomaflow.bench;

import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.config.ModelParams;
import io.github.gomaflow.flow.FlowEngine;
import io.github.gomaflow.flow.FlowModel;
import io.github.gomaflow.io.ProgressListener;
import io.github.gomaflow.lattice.Lattice;
import io.github.gomaflow.mcmc.ChainSummary;
import io.github.gomaflow.mcmc.FlowProposals;
import io.github.gomaflow.mcmc.FlowSampler;
import io.github.gomaflow.config.PriorSpec;
import io.github.gomaflow.prior.Priors;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Independence-Metropolis sampling with an example2d-sized flow (2D L=8, 16 coupling layers, CNN
 * 1→8→8→2, untrained: the cost does not depend on the weights): prior draws, flow forward, action,
 * accept/reject, no file output. Score = configurations/s (one op = one configuration).
 * Run: java -jar gomaflow-bench/target/benchmarks.jar Sampler
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class SamplerBenchmark {
    private static final int BATCH = FlowSampler.DEFAULT_BATCH;

    @Param({"1", "2"}) int threads;
    FlowEngine engine;
    FlowSampler sampler;
    long seed;

    @Setup(Level.Trial) public void setUp() {
        Lattice lattice = Lattice.hypercubic(2, 8);
        FlowModel model = FlowModel.create(lattice, new ModelParams(2021, 16, List.of(8, 8), 3, 1, 2, true, false));
        engine = new FlowEngine(model, BATCH, threads);
        sampler = new FlowSampler(new FlowProposals(engine, Priors.of(new PriorSpec.Normal(0, 1)), lattice.volume(), BATCH),
                new ScalarPhi4Action(lattice, -4, 8), BATCH);
    }

    @TearDown(Level.Trial) public void tearDown() { engine.close(); }

    @Benchmark @OperationsPerInvocation(BATCH)
    public ChainSummary batch() throws java.io.IOException {
        return sampler.run(BATCH, 0, seed++, null, ProgressListener.NONE, () -> false);
    }
}
