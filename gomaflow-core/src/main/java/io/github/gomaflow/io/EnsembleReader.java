package io.github.gomaflow.io;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.lattice.Lattice;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads an ensemble (docs/OUTPUTS.md) and streams its configurations.
 *
 * <p>Accepted files: a NumPy {@code .npz} archive (zip entries STORED or DEFLATED, ZIP64 allowed) with
 * <pre>
 *   cfgs          float32 [n, L₀, …, L_{d−1}]   C order = our site order (direction 0 slowest)
 *   log_q         float64 [n]   (NaN for HMC)        optional
 *   log_p         float64 [n]   (= −S)               optional
 *   accepted      bool    [n]                        optional
 *   lattice_shape int64   [d]                        optional, must match cfgs
 *   m2, lam       float64 []    (0-d)                optional
 *   source        int8    []    0 flow, 1 hmc, 2 cluster  optional
 *   n_requested   int64   [1]   chain length asked for optional; more than n: the chain was stopped early
 * </pre>
 * or a plain {@code .npy} holding {@code cfgs} alone (then m², λ and the per-sample arrays are unknown).
 *
 * <p>The per-sample arrays (8 bytes per sample) are loaded on {@link #open}; configurations are read
 * sequentially with {@link #read(float[], int)}, so memory does not grow with n·V. Not thread-safe.
 */
public final class EnsembleReader implements AutoCloseable {
    /** Value of {@link #source()} for a flow (independence Metropolis) ensemble. */
    public static final int SOURCE_FLOW = 0;
    /** Value of {@link #source()} for an HMC ensemble. */
    public static final int SOURCE_HMC = 1;
    /** Value of {@link #source()} for a cluster (embedded-Ising Wolff) ensemble. */
    public static final int SOURCE_CLUSTER = 2;
    /** Value of {@link #source()} when the file does not say. */
    public static final int SOURCE_UNKNOWN = -1;

    private final Path path;
    private final ZipFile zip;
    private final NpyReader cfgs;
    private final long n;
    private final Lattice lattice;
    private final double mSquared;
    private final double lambda;
    private final int source;
    private final double[] logQ;
    private final double[] logP;
    private final boolean[] accepted;
    private long requested = -1;
    private double[] proposalLogQ;
    private double[] proposalLogP;
    private long position;

    private EnsembleReader(Path path, ZipFile zip, NpyReader cfgs, Lattice lattice, double mSquared, double lambda,
                           int source, double[] logQ, double[] logP, boolean[] accepted) {
        this.path = path;
        this.zip = zip;
        this.cfgs = cfgs;
        this.n = cfgs.header().dim(0);
        this.lattice = lattice;
        this.mSquared = mSquared;
        this.lambda = lambda;
        this.source = source;
        this.logQ = logQ;
        this.logP = logP;
        this.accepted = accepted;
    }

    /**
     * Opens an ensemble file ({@code .npz} or {@code .npy}, recognised by content).
     *
     * @throws BadInputException if the file is missing, unreadable, corrupt, truncated, or has a wrong dtype/shape
     */
    public static EnsembleReader open(Path path) {
        String name = path.toString();
        RegularFiles.require(path, "an ensemble (.npz or .npy)", Long.MAX_VALUE);
        byte[] magic;
        try (InputStream in = Files.newInputStream(path)) {
            magic = in.readNBytes(4);
        } catch (NoSuchFileException e) {
            throw new BadInputException(name + ": no such ensemble file");
        } catch (IOException e) {
            throw new BadInputException(name + ": cannot read ensemble file (" + e.getMessage() + ")", e);
        }
        try {
            if (magic.length == 4 && magic[0] == 'P' && magic[1] == 'K') return openNpz(path);
            if (magic.length >= 1 && (magic[0] & 0xFF) == 0x93) return openNpy(path);
        } catch (ZipException e) {
            throw new BadInputException(name + ": not a valid .npz (zip) archive, corrupt or truncated (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new BadInputException(name + ": cannot read ensemble file (" + e.getMessage() + ")", e);
        }
        throw new BadInputException(name + ": not an ensemble (expected a NumPy .npz archive or .npy array)");
    }

    private static EnsembleReader openNpy(Path path) throws IOException {
        String name = path.toString();
        InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        try {
            NpyReader cfgs = NpyReader.open(in, name);
            Lattice lattice = checkCfgs(cfgs, name);
            long expected = cfgs.header().dataOffset() + cfgs.header().dataBytes();
            long size = Files.size(path);
            if (size < expected) {
                throw new BadInputException(name + ": is truncated: shape " + cfgs.header().shapeString() + " needs "
                        + expected + " bytes, the file has " + size);
            }
            return new EnsembleReader(path, null, cfgs, lattice, Double.NaN, Double.NaN, SOURCE_UNKNOWN, null, null, null);
        } catch (RuntimeException | IOException e) {
            in.close();
            throw e;
        }
    }

    private static EnsembleReader openNpz(Path path) throws IOException {
        String name = path.toString();
        ZipFile zip = new ZipFile(path.toFile());
        try {
            ZipEntry cfgEntry = zip.getEntry("cfgs.npy");
            if (cfgEntry == null) throw new BadInputException(name + ": has no array 'cfgs' (entries: " + entryNames(zip) + ")");
            String cfgName = name + ":cfgs.npy";
            NpyReader cfgs = NpyReader.openZipEntry(zip, cfgEntry, cfgName);
            Lattice lattice = checkCfgs(cfgs, cfgName);
            long expected = cfgs.header().dataOffset() + cfgs.header().dataBytes();
            if (cfgEntry.getSize() >= 0 && cfgEntry.getSize() < expected) {
                throw new BadInputException(cfgName + ": is truncated: shape " + cfgs.header().shapeString() + " needs "
                        + expected + " bytes, the entry has " + cfgEntry.getSize());
            }
            int n = (int) cfgs.header().dim(0);
            long[] shape = readLongs(zip, name, "lattice_shape");
            if (shape != null && !Arrays.equals(shape, Arrays.copyOfRange(cfgs.header().shape(), 1, cfgs.header().rank()))) {
                throw new BadInputException(name + ": lattice_shape " + Arrays.toString(shape) + " does not match cfgs shape "
                        + cfgs.header().shapeString());
            }
            double[] logQ = perSample(readDoubles(zip, name, "log_q"), n, name, "log_q");
            double[] logP = perSample(readDoubles(zip, name, "log_p"), n, name, "log_p");
            boolean[] acc = readBooleans(zip, name, "accepted");
            if (acc != null && acc.length != n) {
                throw new BadInputException(name + ": accepted has " + acc.length + " entries, cfgs has " + n + " configurations");
            }
            double m2 = scalar(readDoubles(zip, name, "m2"), name, "m2");
            double lam = scalar(readDoubles(zip, name, "lam"), name, "lam");
            long[] src = readLongs(zip, name, "source");
            int source = src == null ? SOURCE_UNKNOWN : (int) src[0];
            long[] req = readLongs(zip, name, "n_requested");
            EnsembleReader r = new EnsembleReader(path, zip, cfgs, lattice, m2, lam, source, logQ, logP, acc);
            if (req != null && req.length == 1 && req[0] > 0) r.requested = req[0];
            r.proposalLogQ = perSample(readDoubles(zip, name, "proposal_log_q"), n, name, "proposal_log_q");
            r.proposalLogP = perSample(readDoubles(zip, name, "proposal_log_p"), n, name, "proposal_log_p");
            if ((r.proposalLogQ == null) != (r.proposalLogP == null)) {
                throw new BadInputException(name + ": has only one of proposal_log_q and proposal_log_p");
            }
            return r;
        } catch (RuntimeException | IOException e) {
            zip.close();
            throw e;
        }
    }

    private static Lattice checkCfgs(NpyReader cfgs, String name) {
        NpyHeader h = cfgs.header();
        cfgs.requireDescr("cfgs", "<f4");
        if (h.rank() < 2 || h.rank() > 1 + Lattice.MAX_DIMENSION) {
            throw new BadInputException(name + ": cfgs has shape " + h.shapeString() + "; expected [n, L0, ..., L(d-1)] with d = 1..4");
        }
        if (h.dim(0) < 1 || h.dim(0) > Integer.MAX_VALUE - 16) {
            throw new BadInputException(name + ": cfgs holds " + h.dim(0) + " configurations; need 1.." + (Integer.MAX_VALUE - 16));
        }
        int[] extents = new int[h.rank() - 1];
        for (int i = 0; i < extents.length; i++) {
            if (h.dim(i + 1) < 2 || h.dim(i + 1) > (1 << 20)) {
                throw new BadInputException(name + ": cfgs has shape " + h.shapeString() + "; every lattice extent must be >= 2");
            }
            extents[i] = (int) h.dim(i + 1);
        }
        try {
            return new Lattice(extents);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(name + ": cfgs shape " + h.shapeString() + ": " + e.getMessage(), e);
        }
    }

    private static NpyReader entry(ZipFile zip, String name, String array) throws IOException {
        ZipEntry e = zip.getEntry(array + ".npy");
        if (e == null) return null;
        return NpyReader.openZipEntry(zip, e, name + ":" + array + ".npy");
    }

    private static double[] readDoubles(ZipFile zip, String name, String array) throws IOException {
        NpyReader r = entry(zip, name, array);
        return r == null ? null : r.readAllDoubles();
    }

    private static long[] readLongs(ZipFile zip, String name, String array) throws IOException {
        NpyReader r = entry(zip, name, array);
        if (r == null) return null;
        long[] v = r.readAllLongs();
        if (v.length == 0) throw new BadInputException(name + ": " + array + " is empty");
        return v;
    }

    private static boolean[] readBooleans(ZipFile zip, String name, String array) throws IOException {
        NpyReader r = entry(zip, name, array);
        return r == null ? null : r.readAllBooleans();
    }

    private static double[] perSample(double[] v, int n, String name, String array) {
        if (v != null && v.length != n) {
            throw new BadInputException(name + ": " + array + " has " + v.length + " entries, cfgs has " + n + " configurations");
        }
        return v;
    }

    private static double scalar(double[] v, String name, String array) {
        if (v == null) return Double.NaN;
        if (v.length != 1) throw new BadInputException(name + ": " + array + " must be a scalar, has " + v.length + " elements");
        return v[0];
    }

    private static String entryNames(ZipFile zip) {
        StringBuilder sb = new StringBuilder();
        zip.stream().limit(20).forEach(e -> sb.append(sb.isEmpty() ? "" : ", ").append(e.getName()));
        return sb.isEmpty() ? "none" : sb.toString();
    }

    /** The file. */
    public Path path() { return path; }

    /** Number of configurations n. */
    public int size() { return (int) n; }

    /** The lattice of the configurations. */
    public Lattice lattice() { return lattice; }

    /** m² of the action, or NaN if the file does not record it. */
    public double mSquared() { return mSquared; }

    /** λ of the action, or NaN if the file does not record it. */
    public double lambda() { return lambda; }

    /** {@link #SOURCE_FLOW}, {@link #SOURCE_HMC}, {@link #SOURCE_CLUSTER} or {@link #SOURCE_UNKNOWN}. */
    public int source() { return source; }

    /** log q of the proposal offered at each step (i.i.d. from q), or null if the file has none. */
    public double[] proposalLogQ() { return proposalLogQ; }

    /** −S of the proposal offered at each step, or null. */
    public double[] proposalLogP() { return proposalLogP; }

    /** The chain length that was asked for (member n_requested), or −1 if the file does not say. */
    public long requested() { return requested; }

    /** log q per sample (shared, do not modify), or null if absent. */
    public double[] logQ() { return logQ; }

    /** log p = −S per sample (shared, do not modify), or null if absent. */
    public double[] logP() { return logP; }

    /** Accept flag per sample (shared, do not modify), or null if absent. */
    public boolean[] accepted() { return accepted; }

    /** Index of the next configuration {@link #read} returns. */
    public long position() { return position; }

    /**
     * Reads up to {@code max} next configurations into {@code dst}, layout {@code dst[c·V + site]} (written).
     *
     * @return number of configurations read; 0 at the end
     * @throws BadInputException if the data end early or are corrupt
     */
    public int read(float[] dst, int max) throws IOException {
        int count = (int) Math.min(max, n - position);
        if (count <= 0) return 0;
        int v = lattice.volume();
        try {
            cfgs.readFloats(dst, 0, count * v);
        } catch (ZipException e) {
            throw new BadInputException(cfgs.source() + ": corrupt compressed data near configuration " + position
                    + " (" + e.getMessage() + ")", e);
        } catch (java.io.EOFException e) {
            throw new BadInputException(cfgs.source() + ": is truncated near configuration " + position, e);
        }
        position += count;
        if (position == n && zip != null) cfgs.verifyEnd();
        return count;
    }

    /** Skips the next {@code count} configurations (e.g. thermalisation). */
    public void skip(long count, float[] scratch) throws IOException {
        int per = scratch.length / lattice.volume();
        long left = Math.min(count, n - position);
        while (left > 0) {
            int got = read(scratch, (int) Math.min(per, left));
            left -= got;
        }
    }

    @Override public void close() throws IOException {
        // the cfgs stream belongs to the zip (closed with it) or to the file
        if (zip != null) zip.close();
        else cfgs.close();
    }
}
