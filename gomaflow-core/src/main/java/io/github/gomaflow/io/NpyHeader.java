package io.github.gomaflow.io;

import java.util.Arrays;

/**
 * The header of one NumPy {@code .npy} array: dtype descriptor, memory order and shape.
 *
 * @param descr        NumPy dtype string, e.g. {@code "<f4"}, {@code "|b1"}
 * @param fortranOrder true for column-major data (not supported by the readers)
 * @param shape        array shape (copied; empty for a 0-d scalar)
 * @param dataOffset   bytes from the start of the array file to the first data byte
 */
public record NpyHeader(String descr, boolean fortranOrder, long[] shape, long dataOffset) {
    public NpyHeader {
        shape = shape.clone();
    }

    @Override public long[] shape() { return shape.clone(); }

    /** Number of dimensions. */
    public int rank() { return shape.length; }

    /** Extent of dimension i. */
    public long dim(int i) { return shape[i]; }

    /** Number of elements, Π shape (1 for a 0-d scalar). */
    public long count() {
        long c = 1;
        for (long s : shape) c = Math.multiplyExact(c, s);
        return c;
    }

    /** Bytes per element of the supported dtypes, or −1 for an unsupported one. */
    public int itemSize() {
        return switch (descr) {
            case "<f4", "<i4" -> 4;
            case "<f8", "<i8" -> 8;
            case "|b1", "|i1", "|u1", "<b1", "<i1", "<u1" -> 1;
            default -> -1;
        };
    }

    /** Bytes of data the header promises. */
    public long dataBytes() { return Math.multiplyExact(count(), (long) Math.max(itemSize(), 0)); }

    /** Shape as NumPy prints it, e.g. {@code (10, 8, 8)}. */
    public String shapeString() {
        if (shape.length == 1) return "(" + shape[0] + ",)";
        String s = Arrays.toString(shape);
        return "(" + s.substring(1, s.length() - 1) + ")";
    }

    @Override public boolean equals(Object o) {
        return o instanceof NpyHeader h && h.descr.equals(descr) && h.fortranOrder == fortranOrder
                && Arrays.equals(h.shape, shape) && h.dataOffset == dataOffset;
    }

    @Override public int hashCode() { return descr.hashCode() * 31 + Arrays.hashCode(shape); }

    @Override public String toString() { return "NpyHeader[" + descr + ", shape=" + shapeString() + "]"; }
}
