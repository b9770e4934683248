/**
 * Running gomaflow commands as tasks elsewhere: {@link io.github.gomaflow.distributed.TaskSpec} (a command
 * line plus its input files), {@link io.github.gomaflow.distributed.TaskRunner} (runs one in a temporary
 * directory and returns the files it wrote) and {@link io.github.gomaflow.distributed.TaskBackend} (a
 * cluster; the Spark one is in the optional gomaflow-spark module). See docs/DISTRIBUTED.md.
 */
package io.github.gomaflow.distributed;
