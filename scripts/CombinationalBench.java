import io.github.gomaflow.action.ScalarPhi4Action;
import io.github.gomaflow.config.CombinationalConv;
import io.github.gomaflow.config.ModelParams;
import io.github.gomaflow.flow.FlowEngine;
import io.github.gomaflow.flow.FlowModel;
import io.github.gomaflow.lattice.Lattice;
import io.github.gomaflow.nn.kernel.Kernels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Training-step and forward times of full against combinational convolutions (README, "Performance"),
 * alternating the models in ONE JVM so that they see the same machine load: hidden [8, 8], kernel 3,
 * batch 64, m² = −4, λ = 5.113, 15 warm-up and 15 timed steps per model and round, two rounds. Run with
 * {@code java --add-modules jdk.incubator.vector -cp "$APP/gomaflow-cli.jar:$APP/lib/*"
 * scripts/CombinationalBench.java D L LAYERS THREADS full 4C1 4C3_activation_last …} where
 * {@code APP=gomaflow-cli/target/$(cat gomaflow-cli/target/.build-stamp)} (after any {@code ./gomaflow} call).
 */
public class CombinationalBench {
    public static void main(String[] a) throws Exception {
        int d = Integer.parseInt(a[0]);
        int[] extents = new int[d];
        Arrays.fill(extents, Integer.parseInt(a[1]));
        int layers = Integer.parseInt(a[2]);
        int threads = Integer.parseInt(a[3]);
        Lattice lattice = new Lattice(extents);
        int batch = 64;
        SplittableRandom rng = new SplittableRandom(1);
        float[] z = new float[lattice.volume() * batch];
        for (int i = 0; i < z.length; i++) z[i] = (float) (rng.nextDouble() * 2 - 1);
        ScalarPhi4Action action = new ScalarPhi4Action(lattice, -4.0, 5.113);
        for (int round = 1; round <= 2; round++) {
            for (int i = 4; i < a.length; i++) {
                String name = a[i];
                CombinationalConv cc = name.equals("full") ? CombinationalConv.NONE
                        : new CombinationalConv(name.charAt(0) - '0', name.charAt(2) - '0', name.endsWith("_activation_last"));
                FlowModel m = FlowModel.create(lattice, new ModelParams(2021, layers, List.of(8, 8), 3, 1, 2, true, false, cc));
                float[] phi = new float[z.length];
                double[] logDet = new double[batch];
                double[] s = new double[batch];
                float[] grad = new float[m.parameterCount()];
                try (FlowEngine e = new FlowEngine(m, batch, threads, Kernels.selected())) {
                    for (int k = 0; k < 15; k++) e.lossGradient(z, batch, action, phi, logDet, s, grad);
                    long t0 = System.nanoTime();
                    for (int k = 0; k < 15; k++) e.lossGradient(z, batch, action, phi, logDet, s, grad);
                    long t1 = System.nanoTime();
                    for (int k = 0; k < 15; k++) e.forward(z, batch, phi, logDet);
                    long t2 = System.nanoTime();
                    System.out.printf("round %d %-22s step %7.1f ms  forward %6.1f ms  (load %s)%n", round, name,
                            (t1 - t0) / 15e6, (t2 - t1) / 15e6, Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
                }
            }
        }
    }
}
