package dev.weir.shell;

import dev.weir.core.Row;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The bounded hand-over between a SELECT's job (producer, on the job thread) and the shell that
 * shows its rows (consumer). A full queue blocks the job: back-pressure, never an unbounded
 * buffer. {@link #close()} releases a blocked producer so a cancelled job reaches its cancel check.
 */
final class ResultQueue {
    /** How long a blocked producer waits before looking again whether the consumer went away. */
    private static final long OFFER_SLICE_MILLIS = 50;
    private static final Map<String, ResultQueue> OPEN = new ConcurrentHashMap<>();

    private final BlockingQueue<Row> queue;
    private volatile boolean ended;
    private volatile boolean closed;

    ResultQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Makes the queue findable by the collecting sink of the job that will fill it. */
    static void register(String id, ResultQueue queue) {
        OPEN.put(id, queue);
    }

    static ResultQueue lookup(String id) {
        ResultQueue queue = OPEN.get(id);
        if (queue == null) {
            throw new IllegalStateException("no result queue '" + id + "': the query was already closed");
        }
        return queue;
    }

    static void unregister(String id) {
        OPEN.remove(id);
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

    /** Consumer: moves up to {@code max} rows into {@code into}, waiting at most {@code waitMillis} for the first. */
    void take(List<Row> into, int max, long waitMillis) throws InterruptedException {
        Row first = queue.poll(waitMillis, TimeUnit.MILLISECONDS);
        if (first == null) {
            return;
        }
        into.add(first);
        queue.drainTo(into, max - 1);
    }

    /** Consumer: whether the producer ended and every row was taken. */
    boolean isExhausted() {
        return ended && queue.isEmpty();
    }
}
