package io.github.gomaflow.distributed;

import java.io.Serializable;
import java.util.Map;

/**
 * What a {@link TaskSpec} produced.
 *
 * @param name     the task's name
 * @param exitCode the command's exit code
 * @param output   what the command printed (stdout, then stderr), for the driver's log
 * @param files    the collected files (path relative to the collected directory, '/'-separated → bytes)
 * @param host     where it ran
 */
public record TaskResult(String name, int exitCode, String output, Map<String, byte[]> files, String host)
        implements Serializable {}
