package io.github.gomaflow.flow;

import java.util.HashMap;
import java.util.Map;

/**
 * Buffers one worker shares between its layers (docs/ARCHITECTURE.md, "Engine"): a layer asks for
 * a named buffer when its workspace is created and gets the same array as every other layer that
 * asks for that name, grown to the largest size requested. Only used while workspaces are built,
 * never in a hot loop.
 */
public final class WorkerScratch {
    private final Map<String, float[]> buffers = new HashMap<>();

    /** The worker's buffer {@code name} with at least {@code length} floats. */
    public float[] floats(String name, int length) {
        float[] b = buffers.get(name);
        if (b == null || b.length < length) {
            b = new float[length];
            buffers.put(name, b);
        }
        return b;
    }
}
