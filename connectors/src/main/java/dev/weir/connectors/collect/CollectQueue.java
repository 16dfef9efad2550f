package dev.weir.connectors.collect;

import dev.weir.core.Row;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The bounded hand-over between a query's job (the producer: the {@value CollectSinkFactory#IDENTIFIER}
 * sink's writers, on job threads) and whoever shows or checks its rows (the consumer: the shell's
 * result view, a JDBC result set's fetches, the conformance runner). A full queue blocks the job —
 * back-pressure instead of an unbounded buffer. {@link #close()} releases a blocked producer and
 * makes it drop whatever it still writes, so a cancelled job reaches its next cancel check.
 *
 * <p>The producer signals the end of its input with {@link #end()} (once per writer: a sink with
 * N subtasks has N writers) or that it stopped early with {@link #fail(Throwable)}; the consumer
 * sees them as {@link #isExhausted()} and {@link #failure()}.
 */
public final class CollectQueue {
    /** How long a blocked producer waits before looking again whether the consumer went away. */
    private static final long OFFER_SLICE_MILLIS = 50;

    private final BlockingQueue<Row> queue;
    private final Object producerLock = new Object();
    /** Writers that have not ended yet; known once the first writer attaches. */
    private int openProducers = -1;
    private volatile boolean ended;
    private volatile Throwable failure;
    private volatile boolean closed;

    public CollectQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /**
     * Producer: a sink of {@code parallelism} subtasks writes here, so the input ends only when all
     * of them {@linkplain #end() ended}. Idempotent per job.
     */
    void attach(int parallelism) {
        synchronized (producerLock) {
            if (openProducers < 0) {
                openProducers = Math.max(1, parallelism);
            }
        }
    }

    /** Producer: hands over one row, waiting while the queue is full; drops it once closed. */
    public void put(Row row) throws InterruptedException {
        if (queue.offer(row)) {
            return;
        }
        while (!closed) {
            if (queue.offer(row, OFFER_SLICE_MILLIS, TimeUnit.MILLISECONDS)) {
                return;
            }
        }
    }

    /** Producer: one writer handed over every row; the input ends when the last writer ends. */
    public void end() {
        synchronized (producerLock) {
            if (openProducers > 1) {
                openProducers--;
                return;
            }
            openProducers = 0;
        }
        ended = true;
    }

    /** Producer: the job stopped before the end of its input; the first cause is kept. */
    public void fail(Throwable cause) {
        Objects.requireNonNull(cause, "cause is null");
        synchronized (producerLock) {
            if (failure == null && !ended) {
                failure = cause;
            }
        }
    }

    /** Consumer: stop; a blocked or later {@link #put} returns at once without keeping its row. */
    public void close() {
        closed = true;
        queue.clear();
    }

    /**
     * Consumer: moves up to {@code max} rows into {@code into}, waiting at most {@code waitMillis}
     * for the first one; returns without waiting when rows are already there.
     */
    public void take(List<Row> into, int max, long waitMillis) throws InterruptedException {
        Row first = queue.poll(waitMillis, TimeUnit.MILLISECONDS);
        if (first == null) {
            return;
        }
        into.add(first);
        if (max > 1) {
            queue.drainTo(into, max - 1);
        }
    }

    /** Consumer: whether the producer ended and every row was taken. */
    public boolean isExhausted() {
        return ended && queue.isEmpty();
    }

    /** Consumer: why the producer stopped before the end of its input, or null. */
    public Throwable failure() {
        return failure;
    }

    /** Consumer: whether no more rows will come — exhausted, or failed and every row taken. */
    public boolean isDone() {
        return (ended || failure != null) && queue.isEmpty();
    }
}
