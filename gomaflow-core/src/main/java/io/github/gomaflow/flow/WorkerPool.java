package io.github.gomaflow.flow;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of daemon threads that run one task on every worker at once; the calling thread is
 * worker 0. Dispatch allocates nothing (a volatile generation counter, park/unpark), so an engine
 * step stays allocation-free. Not reentrant: one {@link #runAll} at a time.
 */
final class WorkerPool implements AutoCloseable {
    /** Work for one worker; {@code worker} ∈ [0, size). */
    interface Task {
        void run(int worker);
    }

    private static final int SPINS = 2_000;

    private final Thread[] threads;
    private final AtomicInteger remaining = new AtomicInteger();
    private volatile Task task;
    private volatile int generation;
    private volatile Thread caller;
    private volatile boolean closed;
    private volatile Throwable failure;

    WorkerPool(int size) {
        if (size < 1) throw new IllegalArgumentException("threads must be >= 1, got " + size);
        threads = new Thread[size - 1];
        for (int i = 0; i < threads.length; i++) {
            int worker = i + 1;
            Thread t = new Thread(() -> loop(worker), "gomaflow-engine-" + worker);
            t.setDaemon(true);
            threads[i] = t;
            t.start();
        }
    }

    int size() { return threads.length + 1; }

    /** Runs {@code t} on every worker and returns when all have finished; rethrows a worker's failure. */
    void runAll(Task t) {
        if (threads.length == 0) {
            t.run(0);
            return;
        }
        if (closed) throw new IllegalStateException("engine is closed");
        failure = null;
        task = t;
        caller = Thread.currentThread();
        remaining.set(threads.length);
        generation++;
        for (Thread th : threads) LockSupport.unpark(th);
        Throwable own = null;
        try {
            t.run(0);
        } catch (Throwable e) {
            own = e;
        }
        for (int spin = 0; remaining.get() != 0; spin++) {
            if (spin < SPINS) Thread.onSpinWait();
            else LockSupport.park(this);
        }
        task = null;
        Throwable f = own != null ? own : failure;
        if (f instanceof RuntimeException re) throw re;
        if (f instanceof Error er) throw er;
        if (f != null) throw new IllegalStateException(f);
    }

    private void loop(int worker) {
        int seen = 0;
        while (true) {
            for (int spin = 0; generation == seen && !closed; spin++) {
                if (spin < SPINS) Thread.onSpinWait();
                else LockSupport.park(this);
            }
            if (closed) return;
            seen = generation;
            try {
                task.run(worker);
            } catch (Throwable e) {
                failure = e;
            }
            if (remaining.decrementAndGet() == 0) LockSupport.unpark(caller);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread th : threads) LockSupport.unpark(th);
    }
}
