package dev.weir.server;

import dev.weir.core.Row;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The bounded hand-over between a SELECT's job (the producer, on the job thread) and the JDBC
 * fetches of its result set (the consumer, on server threads). A full queue blocks the job —
 * back-pressure instead of an unbounded buffer; {@link #close()} releases a blocked producer and
 * makes it drop whatever it still writes, so a cancelled job reaches its next cancel check.
 */
final class ResultChannel {
    /** How long a blocked producer waits before looking again whether the consumer went away. */
    private static final long OFFER_SLICE_MILLIS = 50;

    private final BlockingQueue<Row> queue;
    private volatile boolean ended;
    private volatile boolean closed;

    ResultChannel(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Producer: hands over one row, waiting while the queue is full; drops it once closed. */
    void put(Row row) throws InterruptedException {
        if (queue.offer(row)) {
            return;
        }
        while (!closed) {
            if (queue.offer(row, OFFER_SLICE_MILLIS, TimeUnit.MILLISECONDS)) {
                return;
            }
        }
    }

    /** Producer: every row has been handed over (a bounded query finished). */
    void end() {
        ended = true;
    }

    /** Consumer: stop; a blocked or later {@link #put} returns at once without keeping its row. */
    void close() {
        closed = true;
        queue.clear();
    }

    /**
     * Consumer: moves up to {@code max} rows into {@code into}, waiting at most {@code waitMillis}
     * for the first one; returns without waiting when rows are already there.
     */
    void take(List<Row> into, int max, long waitMillis) throws InterruptedException {
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
    boolean isExhausted() {
        return ended && queue.isEmpty();
    }
}
