package io.github.gomaflow.spark;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.distributed.TaskBackend;
import io.github.gomaflow.distributed.TaskResult;
import io.github.gomaflow.distributed.TaskRunner;
import io.github.gomaflow.distributed.TaskSpec;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;

/**
 * {@link TaskBackend} on Apache Spark: one Spark task per {@link TaskSpec}, {@code spark.task.cpus} =
 * the threads each task's command uses, results collected to the driver (docs/DISTRIBUTED.md).
 *
 * <p>A task whose command fails returns its exit code (the sweep records the point as failed and a
 * restart retrains it); a task whose executor is lost is retried by Spark
 * ({@code spark.task.maxFailures}). Executors need gomaflow's jars: the {@code gomaflow-spark} launcher
 * passes them in the system property {@value #JARS_PROPERTY} ({@code spark.jars}); under
 * {@code spark-submit} give them with {@code --jars}.
 */
public final class SparkTaskBackend implements TaskBackend {
    /** Comma-separated jars that executors need (gomaflow and its libraries). */
    public static final String JARS_PROPERTY = "gomaflow.spark.jars";
    private static final Pattern LOCAL = Pattern.compile("local\\[(\\d+|\\*)(?:,\\s*\\d+)?]");

    @Override public List<TaskResult> run(String master, List<TaskSpec> tasks, int cpusPerTask, PrintWriter log) {
        validate(master, cpusPerTask);
        SparkConf conf = new SparkConf()
                .setAppName("gomaflow " + tasks.get(0).args().get(0))
                .setMaster(master)
                .set("spark.task.cpus", Integer.toString(cpusPerTask))
                .set("spark.ui.enabled", "false")
                // executors run the Vector API kernels, like the driver
                .setIfMissing("spark.executor.extraJavaOptions", "--add-modules=jdk.incubator.vector")
                .setIfMissing("spark.driver.maxResultSize", "0");
        if (master.startsWith("local")) {
            // local mode talks to itself only: keep the driver on the loopback interface
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1").setIfMissing("spark.driver.host", "127.0.0.1");
        }
        String jars = System.getProperty(JARS_PROPERTY);
        if (jars != null && !jars.isBlank()) conf.set("spark.jars", jars);
        log.printf(Locale.ROOT, "spark: %d tasks on %s, %d cores each%n", tasks.size(), master, cpusPerTask);
        log.flush();
        long start = System.nanoTime();
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("WARN");
            List<TaskResult> results = sc.parallelize(tasks, tasks.size()).map(new Execute()).collect();
            log.printf(Locale.ROOT, "spark: %d tasks done in %.1f s%n", results.size(), (System.nanoTime() - start) * 1e-9);
            log.flush();
            return results;
        }
    }

    /** Fails fast on a master that cannot run a task of this size (local[N] with N &lt; cores per task). */
    static void validate(String master, int cpusPerTask) {
        if (cpusPerTask < 1) throw new BadInputException("--threads must be >= 1 for Spark tasks, got " + cpusPerTask);
        if (master == null || master.isBlank()) throw new BadInputException("--spark needs a master: local[N] or spark://host:port");
        Matcher m = LOCAL.matcher(master);
        if (m.matches() && !m.group(1).equals("*") && Integer.parseInt(m.group(1)) < cpusPerTask) {
            throw new BadInputException("--spark " + master + ": tasks need " + cpusPerTask + " cores (--threads) but the local master has "
                    + m.group(1) + "; use local[" + cpusPerTask + "] or fewer --threads");
        }
        if (!m.matches() && !master.equals("local") && !master.startsWith("spark://") && !master.startsWith("yarn")
                && !master.startsWith("k8s://")) {
            throw new BadInputException("--spark " + master + ": allowed: local[N], spark://host:port, yarn, k8s://…");
        }
    }

    /** The function Spark ships to executors. */
    static final class Execute implements Function<TaskSpec, TaskResult> {
        private static final long serialVersionUID = 1L;

        @Override public TaskResult call(TaskSpec spec) {
            return TaskRunner.execute(spec);
        }
    }
}
