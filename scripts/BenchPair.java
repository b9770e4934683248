import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times the example2d model (2D L=8, 16 coupling layers, hidden [8, 8], k = 3) on two builds of
 * gomaflow-core in ONE JVM (one class loader each), alternating short bursts A B B A …, so both see
 * the same machine load (docs/ARCHITECTURE.md, "Speed"). Reports medians per burst and the median of
 * the per-round ratios new/old for the training step (batch 64) and 8192 samples (forward + S,
 * batches of 512). Used by scripts/bench-compare.sh; run with
 * {@code java --add-modules jdk.incubator.vector scripts/BenchPair.java OLD.jar NEW.jar [ROUNDS] [THREADS]}.
 */
public class BenchPair {
    static final int TRAIN_BATCH = 64;
    static final int SAMPLE_BATCH = 512;

    /** One build's engine and buffers, driven by reflection (the two builds differ in signatures). */
    static final class Side {
        final Object engine;
        final Method lossGradient;
        final Method forward;
        final Object action;
        final float[] zTrain;
        final float[] zSample;
        final float[] phiTrain;
        final float[] phiSample;
        final double[] logDet = new double[SAMPLE_BATCH];
        final double[] s = new double[SAMPLE_BATCH];
        final float[] grad;

        Side(Path jar, int threads) throws Exception {
            ClassLoader cl = new URLClassLoader(new URL[] {jar.toUri().toURL()}, BenchPair.class.getClassLoader().getParent());
            Class<?> lattice = cl.loadClass("io.github.gomaflow.lattice.Lattice");
            Object l = lattice.getConstructor(int[].class).newInstance((Object) new int[] {8, 8});
            Class<?> spec = cl.loadClass("io.github.gomaflow.config.ModelParams");
            // GomalizingFlow's model: the 8-argument constructor every version has
            Object p = spec.getConstructor(long.class, int.class, List.class, int.class, int.class, int.class, boolean.class,
                    boolean.class).newInstance(2021L, 16, List.of(8, 8), 3, 1, 2, true, false);
            Class<?> model = cl.loadClass("io.github.gomaflow.flow.FlowModel");
            Object m = model.getMethod("create", lattice, spec).invoke(null, l, p);
            Class<?> engineClass = cl.loadClass("io.github.gomaflow.flow.FlowEngine");
            Constructor<?> c = engineClass.getConstructor(model, int.class, int.class);
            engine = c.newInstance(m, SAMPLE_BATCH, threads);
            Class<?> act = cl.loadClass("io.github.gomaflow.action.ScalarPhi4Action");
            action = act.getConstructor(lattice, double.class, double.class).newInstance(l, -4.0, 8.0);
            Method lg = null;
            for (Method x : engineClass.getMethods()) if (x.getName().equals("lossGradient")) lg = x;
            lossGradient = lg;
            forward = engineClass.getMethod("forward", float[].class, int.class, float[].class, double[].class);
            int v = 64;
            java.util.SplittableRandom r = new java.util.SplittableRandom(1);
            zTrain = new float[v * TRAIN_BATCH];
            zSample = new float[v * SAMPLE_BATCH];
            for (int i = 0; i < zTrain.length; i++) zTrain[i] = (float) r.nextGaussian();
            for (int i = 0; i < zSample.length; i++) zSample[i] = (float) r.nextGaussian();
            phiTrain = new float[zTrain.length];
            phiSample = new float[zSample.length];
            grad = new float[(int) model.getMethod("parameterCount").invoke(m)];
            actionMethod = act.getMethod("action", float[].class, int.class, double[].class);
        }

        final Method actionMethod;

        /** ms per training step over n steps. */
        double train(int n) throws Exception {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) lossGradient.invoke(engine, zTrain, TRAIN_BATCH, action, phiTrain, logDet, s, grad);
            return (System.nanoTime() - t0) / 1e6 / n;
        }

        /** ms per 8192 samples (forward + S) over n batches of 512. */
        double sample(int n) throws Exception {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                forward.invoke(engine, zSample, SAMPLE_BATCH, phiSample, logDet);
                actionMethod.invoke(action, phiSample, SAMPLE_BATCH, s);
            }
            return (System.nanoTime() - t0) / 1e6 / n * (8192.0 / SAMPLE_BATCH);
        }
    }

    static double median(List<Double> x) {
        double[] a = x.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : 0.5 * (a[a.length / 2 - 1] + a[a.length / 2]);
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        Side[] side = {new Side(Path.of(args[0]), threads), new Side(Path.of(args[1]), threads)};
        for (int w = 0; w < 4; w++) {
            for (Side x : side) {
                x.train(100);
                x.sample(8);
            }
        }
        List<List<Double>> train = List.of(new ArrayList<>(), new ArrayList<>());
        List<List<Double>> sample = List.of(new ArrayList<>(), new ArrayList<>());
        List<Double> trainRatio = new ArrayList<>();
        List<Double> sampleRatio = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            double[] t = new double[2];
            double[] s = new double[2];
            for (int k = 0; k < 2; k++) {
                int i = (r % 2 == 0) ? k : 1 - k; // A B, then B A
                t[i] = side[i].train(50);
                s[i] = side[i].sample(8);
            }
            for (int i = 0; i < 2; i++) {
                train.get(i).add(t[i]);
                sample.get(i).add(s[i]);
            }
            trainRatio.add(t[1] / t[0]);
            sampleRatio.add(s[1] / s[0]);
        }
        String kernels = (String) side[1].engine.getClass().getMethod("kernels").invoke(side[1].engine);
        String oldKernels = (String) side[0].engine.getClass().getMethod("kernels").invoke(side[0].engine);
        System.out.printf("example2d (2D L=8, 16 layers, [8,8]), %d threads, %s/%s kernels, %d alternating rounds in one JVM; medians%n",
                threads, oldKernels, kernels, rounds);
        System.out.printf("%-22s %9s %9s %18s%n", "quantity", "old (ms)", "new (ms)", "median of new/old");
        System.out.printf("%-22s %9.3f %9.3f %18.3f%n", "train step (B=64)", median(train.get(0)), median(train.get(1)), median(trainRatio));
        System.out.printf("%-22s %9.2f %9.2f %18.3f%n", "8192 samples", median(sample.get(0)), median(sample.get(1)), median(sampleRatio));
        System.exit(0);
    }
}
