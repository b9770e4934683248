import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.action.Target;
import io.github.gomaflow.config.ModelParams;
import io.github.gomaflow.flow.FlowEngine;
import io.github.gomaflow.flow.FlowModel;
import io.github.gomaflow.lattice.Lattice;
import io.github.gomaflow.prior.NormalPrior;
import io.github.gomaflow.prior.PriorTarget;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Training-step time of the standard reverse-KL gradient against the path gradient
 * (docs/ARCHITECTURE.md, "Path gradients") on the example2d model (2D L = 8, 16 layers, hidden
 * [8, 8], k = 3, m² = −4, λ = 8, batch 64), in ONE JVM, alternating 50-step bursts of each for
 * ROUNDS rounds after a warm-up, so both see the same machine load. Prints the medians and the
 * median of the per-round ratios path/standard. Run after building gomaflow-core:
 * {@code java --add-modules jdk.incubator.vector -cp gomaflow-core/target/gomaflow-core-0.1.0-SNAPSHOT.jar
 * scripts/PathBench.java [ROUNDS] [THREADS]}.
 */
public class PathBench {
    static final int BATCH = 64;

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Lattice lattice = new Lattice(8, 8);
        FlowModel model = FlowModel.create(lattice, new ModelParams(2021, 16, List.of(8, 8), 3, 1, 2, true, false));
        Target action = new ScalarPhi4Action(lattice, -4.0, 8.0);
        Target base = new PriorTarget(NormalPrior.standard(), lattice);
        SplittableRandom r = new SplittableRandom(1);
        float[] z = new float[lattice.volume() * BATCH];
        for (int i = 0; i < z.length; i++) z[i] = (float) r.nextGaussian();
        float[] phi = new float[z.length];
        double[] logDet = new double[BATCH];
        double[] s = new double[BATCH];
        float[] grad = new float[model.parameterCount()];
        try (FlowEngine engine = new FlowEngine(model, BATCH, threads)) {
            Runnable standard = () -> engine.lossGradient(z, BATCH, action, phi, logDet, s, grad);
            Runnable path = () -> engine.pathGradient(z, BATCH, base, action, phi, logDet, s, grad);
            for (int w = 0; w < 4; w++) {
                time(standard, 100);
                time(path, 100);
            }
            double[] a = new double[rounds], b = new double[rounds], ratio = new double[rounds];
            for (int k = 0; k < rounds; k++) {
                if (k % 2 == 0) {
                    a[k] = time(standard, 50);
                    b[k] = time(path, 50);
                } else {
                    b[k] = time(path, 50);
                    a[k] = time(standard, 50);
                }
                ratio[k] = b[k] / a[k];
            }
            System.out.printf("example2d training step (B=64), %d threads, %s kernels, %d alternating rounds; medians%n",
                    engine.threads(), engine.kernels(), rounds);
            System.out.printf("standard %.3f ms, path %.3f ms, median of path/standard %.3f%n", median(a), median(b),
                    median(ratio));
        }
    }

    /** ms per call over n calls. */
    static double time(Runnable step, int n) {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) step.run();
        return (System.nanoTime() - t0) / 1e6 / n;
    }

    static double median(double[] x) {
        double[] a = x.clone();
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : 0.5 * (a[a.length / 2 - 1] + a[a.length / 2]);
    }
}
