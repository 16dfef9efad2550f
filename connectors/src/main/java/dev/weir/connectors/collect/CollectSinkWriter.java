package dev.weir.connectors.collect;

import dev.weir.core.Row;
import dev.weir.core.WeirException;
import dev.weir.executor.connector.SinkWriter;
import java.util.Objects;

/**
 * Writes into a {@link CollectQueue}; everything is visible at once, so there is nothing to
 * commit (a collected query never resumes from a checkpoint).
 */
final class CollectSinkWriter implements SinkWriter {
    private static final byte[] NOTHING = new byte[0];

    private final String id;
    private final CollectQueue queue;
    private boolean finished;

    CollectSinkWriter(String id, CollectQueue queue) {
        this.id = Objects.requireNonNull(id, "id is null");
        this.queue = Objects.requireNonNull(queue, "queue is null");
    }

    @Override
    public void write(Row row) throws InterruptedException {
        queue.put(row);
    }

    @Override
    public byte[] prepareCommit(long checkpointId) {
        return NOTHING;
    }

    @Override
    public void commit(long checkpointId) {
    }

    @Override
    public void finish() {
        finished = true;
        queue.end();
    }

    /** Closed without {@link #finish()}: the job failed or was cancelled, so tell the consumer. */
    @Override
    public void close() {
        if (!finished) {
            queue.fail(new WeirException("The job collecting rows for query '" + id
                    + "' stopped before the end of its input."));
        }
        CollectQueues.unregister(id);
    }
}
