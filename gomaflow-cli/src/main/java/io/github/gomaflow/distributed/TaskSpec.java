package io.github.gomaflow.distributed;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * One unit of remote work: a gomaflow command line run in a fresh working directory of an executor
 * (see docs/DISTRIBUTED.md). No shared file system is needed: inputs travel with the task and the
 * files it writes travel back.
 *
 * @param name    label for progress and errors (a run or chain name)
 * @param args    the command line; every occurrence of {@link #WORK} in an argument is replaced by the
 *                working directory
 * @param inputs  files written into the working directory before the command runs (relative name → bytes)
 * @param collect directory, relative to the working directory, whose regular files are returned
 */
public record TaskSpec(String name, List<String> args, Map<String, byte[]> inputs, String collect) implements Serializable {
    /** Placeholder for the task's working directory in {@link #args}. */
    public static final String WORK = "{work}";

    public TaskSpec {
        args = List.copyOf(args);
        inputs = Map.copyOf(inputs);
    }
}
