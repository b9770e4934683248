package io.github.gomaflow.io;

import io.github.gomaflow.lattice.Lattice;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Streams a Markov chain to a NumPy {@code .npz} ensemble (docs/OUTPUTS.md) in constant memory. The
 * archive holds STORED entries (ZIP64 when needed), readable by {@code numpy.load}:
 * <pre>
 *   cfgs          float32 [n, L₀, …, L_{d−1}]   configurations, C order (= our site order)
 *   log_q         float64 [n]   log q(φ) of the chain's current state (NaN for HMC)
 *   log_p         float64 [n]   −S(φ) (unnormalised log p)
 *   accepted      bool    [n]   whether this step's proposal was accepted
 *   lattice_shape int64   [d]
 *   m2, lam       float64 []    the action's m² and λ
 *   source        int8    []    0 = flow (independence Metropolis), 1 = HMC, 2 = cluster
 *   n_requested   int64   [1]   the chain length asked for; n &lt; n_requested marks a chain stopped early
 *                               (Ctrl-C), which is a valid, shorter chain
 *   proposal_log_q, proposal_log_p  float64 [n]   (flow chains) the proposal offered at each step: i.i.d. from
 *                               q, for the free energy log Z (docs/ANALYSIS.md)
 * </pre>
 * Each per-sample array is streamed into a temporary {@code .npy} next to the output; {@link #close()}
 * assembles the archive under a temporary name, renames it atomically to the output and deletes
 * the temporaries. {@link #abort()} deletes everything instead. Not thread-safe.
 */
public final class EnsembleWriter implements AutoCloseable {
    /** Who produced the chain; stored as {@code source}. */
    public enum Source {
        FLOW((byte) 0), HMC((byte) 1), CLUSTER((byte) 2);

        private final byte code;

        Source(byte code) { this.code = code; }

        public byte code() { return code; }
    }

    private final Path out;
    private final Lattice lattice;
    private final double mSquared;
    private final double lambda;
    private final Source source;
    private final boolean forceZip64;
    private final NpyWriter cfgs;
    private final NpyWriter logQ;
    private final NpyWriter logP;
    private final NpyWriter accepted;
    private final long requested;
    private NpyWriter proposalLogQ;
    private NpyWriter proposalLogP;
    private boolean finished;

    /**
     * Starts an ensemble. Temporary files are created in {@code out}'s directory.
     *
     * @param expectedCount the anticipated number of samples (sizes headers only; any count may be written)
     */
    public EnsembleWriter(Path out, Lattice lattice, double mSquared, double lambda, Source source, long expectedCount)
            throws IOException {
        this(out, lattice, mSquared, lambda, source, expectedCount, false);
    }

    EnsembleWriter(Path out, Lattice lattice, double mSquared, double lambda, Source source, long expectedCount,
                   boolean forceZip64) throws IOException {
        this.out = out.toAbsolutePath();
        this.lattice = lattice;
        this.mSquared = mSquared;
        this.lambda = lambda;
        this.source = source;
        this.forceZip64 = forceZip64;
        Path dir = this.out.getParent();
        Files.createDirectories(dir);
        Temporaries.removeStale(dir);
        this.requested = expectedCount;
        NpyWriter c = null, q = null, p = null, a = null;
        try {
            c = new NpyWriter(Temporaries.next(this.out, "cfgs.npy"), NpyWriter.DType.FLOAT32, lattice.extents(), expectedCount);
            q = new NpyWriter(Temporaries.next(this.out, "log_q.npy"), NpyWriter.DType.FLOAT64, new int[0], expectedCount);
            p = new NpyWriter(Temporaries.next(this.out, "log_p.npy"), NpyWriter.DType.FLOAT64, new int[0], expectedCount);
            a = new NpyWriter(Temporaries.next(this.out, "accepted.npy"), NpyWriter.DType.BOOL, new int[0], expectedCount);
        } catch (IOException | RuntimeException e) {
            for (NpyWriter w : new NpyWriter[] {c, q, p, a}) discard(w);
            throw e;
        }
        cfgs = c;
        logQ = q;
        logP = p;
        accepted = a;
    }

    /**
     * Appends one sample of the chain.
     *
     * @param phi    the configuration, V values in site order at {@code phi[offset .. offset+V)} (read)
     * @param logQ   log q(φ) (NaN when unknown, e.g. HMC)
     * @param logP   −S(φ)
     * @param wasAccepted whether this step's proposal was accepted
     */
    public void append(float[] phi, int offset, double logQ, double logP, boolean wasAccepted) throws IOException {
        if (finished) throw new IllegalStateException("ensemble " + out + " is already closed");
        try {
            cfgs.writeFloats(phi, offset, lattice.volume());
            this.logQ.writeDouble(logQ);
            this.logP.writeDouble(logP);
            accepted.writeBoolean(wasAccepted);
        } catch (IOException e) {
            throw IoErrors.naming(out, e);
        }
    }

    /**
     * Records the proposal offered at this step (for the free energy: the proposals are i.i.d. from the
     * flow, the chain's states are not). Written as {@code proposal_log_q} and {@code proposal_log_p}.
     *
     * @param logQ log q of the proposal
     * @param logP −S of the proposal
     */
    public void appendProposal(double logQ, double logP) throws IOException {
        if (finished) throw new IllegalStateException("ensemble " + out + " is already closed");
        try {
            if (proposalLogQ == null) {
                proposalLogQ = new NpyWriter(Temporaries.next(out, "proposal_log_q.npy"), NpyWriter.DType.FLOAT64, new int[0], requested);
                proposalLogP = new NpyWriter(Temporaries.next(out, "proposal_log_p.npy"), NpyWriter.DType.FLOAT64, new int[0], requested);
            }
            proposalLogQ.writeDouble(logQ);
            proposalLogP.writeDouble(logP);
        } catch (IOException e) {
            throw IoErrors.naming(out, e);
        }
    }

    /** Samples appended so far. */
    public long count() { return accepted.records(); }

    public Path path() { return out; }

    /** Writes the archive with every sample appended so far and moves it to the output path. */
    @Override public void close() throws IOException {
        if (finished) return;
        finished = true;
        Path tmp = null;
        try {
            for (NpyWriter w : new NpyWriter[] {cfgs, logQ, logP, accepted}) w.close();
            if (proposalLogQ != null) {
                proposalLogQ.close();
                proposalLogP.close();
            }
            // not createTempFile: its owner-only permissions would carry over to the ensemble
            tmp = Temporaries.next(out, "tmp");
            try (StoredZipWriter zip = new StoredZipWriter(tmp, forceZip64)) {
                zip.addFile("cfgs.npy", cfgs.file());
                zip.addFile("log_q.npy", logQ.file());
                zip.addFile("log_p.npy", logP.file());
                zip.addFile("accepted.npy", accepted.file());
                zip.addBytes("lattice_shape.npy", NpyWriter.int64Vector(lattice.extents()));
                zip.addBytes("m2.npy", NpyWriter.scalar(mSquared));
                zip.addBytes("lam.npy", NpyWriter.scalar(lambda));
                zip.addBytes("source.npy", NpyWriter.scalar(source.code()));
                zip.addBytes("n_requested.npy", NpyWriter.int64Vector(new int[] {(int) Math.min(Integer.MAX_VALUE, requested)}));
                if (proposalLogQ != null) {
                    zip.addFile("proposal_log_q.npy", proposalLogQ.file());
                    zip.addFile("proposal_log_p.npy", proposalLogP.file());
                }
            }
            try {
                Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw IoErrors.naming(out, e);
        } finally {
            if (tmp != null) Files.deleteIfExists(tmp);
            for (NpyWriter w : new NpyWriter[] {cfgs, logQ, logP, accepted, proposalLogQ, proposalLogP}) discard(w);
        }
    }

    /** Deletes the temporaries without writing an archive. */
    public void abort() {
        finished = true;
        for (NpyWriter w : new NpyWriter[] {cfgs, logQ, logP, accepted, proposalLogQ, proposalLogP}) discard(w);
    }

    private static void discard(NpyWriter w) {
        if (w == null) return;
        try {
            w.close();
        } catch (IOException | RuntimeException ignored) {
            // the file is being thrown away
        }
        try {
            Files.deleteIfExists(w.file());
        } catch (IOException ignored) {
            // best effort: a stray temporary is harmless
        }
    }
}
