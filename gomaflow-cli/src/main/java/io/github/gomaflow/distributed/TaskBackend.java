package io.github.gomaflow.distributed;

import io.github.gomaflow.BadInputException;
import java.io.PrintWriter;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Runs {@link TaskSpec}s on a cluster. The only implementation, Apache Spark, lives in the optional
 * {@code gomaflow-spark} module and is found with {@link ServiceLoader}, so the default build carries no
 * Spark classes (docs/DISTRIBUTED.md).
 */
public interface TaskBackend {
    /**
     * Runs every task once (a task that throws is retried by the cluster), each with {@code cpusPerTask}
     * cores, and returns the results in the order of {@code tasks}.
     *
     * @param master e.g. {@code local[2]} or {@code spark://host:7077}
     * @param log    one line per finished task
     */
    List<TaskResult> run(String master, List<TaskSpec> tasks, int cpusPerTask, PrintWriter log) throws Exception;

    /**
     * The backend on the class path.
     *
     * @throws BadInputException naming how to get one when this build has none
     */
    static TaskBackend find(String master) {
        for (TaskBackend b : ServiceLoader.load(TaskBackend.class)) return b;
        throw new BadInputException("--spark " + master + ": this build of gomaflow has no Spark support; build it with"
                + " 'mvn -P spark -pl gomaflow-spark -am package' and run 'bin/gomaflow-spark' instead of './gomaflow'"
                + " (see docs/DISTRIBUTED.md)");
    }
}
