package io.github.gomaflow.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Test helper: writes .npy arrays and .npz archives byte by byte (independent of production writers). */
public final class NpyFixtures {
    private NpyFixtures() {}

    /** A complete .npy file. */
    public static byte[] npy(String descr, long[] shape, byte[] data, int version, boolean fortranOrder) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) s.append(i > 0 ? ", " : "").append(shape[i]);
        if (shape.length == 1) s.append(',');
        s.append(')');
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortranOrder ? "True" : "False")
                + ", 'shape': " + s + ", }";
        int prefix = version == 1 ? 10 : 12;
        int total = prefix + dict.length() + 1;
        int padded = (total + 63) / 64 * 64;
        String header = dict + " ".repeat(padded - total) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
        byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
        if (version == 1) {
            out.write(h.length & 0xFF);
            out.write(h.length >>> 8);
        } else {
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(h.length).array());
        }
        out.writeBytes(h);
        out.writeBytes(data);
        return out.toByteArray();
    }

    public static byte[] npy(String descr, long[] shape, byte[] data) { return npy(descr, shape, data, 1, false); }

    public static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) b.putFloat(x);
        return b.array();
    }

    public static byte[] doubles(double... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) b.putDouble(x);
        return b.array();
    }

    public static byte[] longs(long... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) b.putLong(x);
        return b.array();
    }

    public static byte[] booleans(boolean... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) b[i] = (byte) (v[i] ? 1 : 0);
        return b;
    }

    /** A zip of named entries, each STORED or DEFLATED. */
    public static void writeZip(Path file, Map<String, byte[]> entries, boolean deflate) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry z = new ZipEntry(e.getKey());
                byte[] data = e.getValue();
                if (!deflate) {
                    z.setMethod(ZipEntry.STORED);
                    z.setSize(data.length);
                    z.setCompressedSize(data.length);
                    CRC32 crc = new CRC32();
                    crc.update(data);
                    z.setCrc(crc.getValue());
                }
                zip.putNextEntry(z);
                zip.write(data);
                zip.closeEntry();
            }
        }
    }

    /** The entries of a full ensemble; cfgs layout [c·V + site], extents (L₀…). */
    public static Map<String, byte[]> ensemble(int[] extents, float[] cfgs, double m2, double lam, boolean[] accepted) {
        int v = 1;
        for (int e : extents) v *= e;
        int n = cfgs.length / v;
        long[] shape = new long[extents.length + 1];
        shape[0] = n;
        long[] lat = new long[extents.length];
        for (int i = 0; i < extents.length; i++) { shape[i + 1] = extents[i]; lat[i] = extents[i]; }
        double[] logQ = new double[n];
        double[] logP = new double[n];
        java.util.Arrays.fill(logQ, Double.NaN);
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("cfgs.npy", npy("<f4", shape, floats(cfgs)));
        m.put("log_q.npy", npy("<f8", new long[] {n}, doubles(logQ)));
        m.put("log_p.npy", npy("<f8", new long[] {n}, doubles(logP)));
        m.put("accepted.npy", npy("|b1", new long[] {n}, booleans(accepted)));
        m.put("lattice_shape.npy", npy("<i8", new long[] {extents.length}, longs(lat)));
        m.put("m2.npy", npy("<f8", new long[0], doubles(m2)));
        m.put("lam.npy", npy("<f8", new long[0], doubles(lam)));
        m.put("source.npy", npy("|i1", new long[0], new byte[] {1}));
        return m;
    }

    /** Writes a full ensemble .npz (STORED) with every sample accepted. */
    public static Path writeEnsemble(Path file, int[] extents, float[] cfgs, double m2, double lam) throws IOException {
        int v = 1;
        for (int e : extents) v *= e;
        boolean[] acc = new boolean[cfgs.length / v];
        java.util.Arrays.fill(acc, true);
        writeZip(file, ensemble(extents, cfgs, m2, lam, acc), false);
        return file;
    }

    /** True if {@code python3 -c "import numpy"} works (for JUnit assumptions). */
    public static boolean numpyAvailable() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            return p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
