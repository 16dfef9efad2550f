package dev.weir.conformance;

import dev.weir.core.Row;
import dev.weir.executor.connector.SinkWriter;
import java.util.Objects;

/** Appends every row to its buffer; the conformance jobs run without checkpoints, so nothing is pending. */
final class CollectSinkWriter implements SinkWriter {
    private static final byte[] NOTHING = new byte[0];

    private final CollectedRows buffer;

    CollectSinkWriter(CollectedRows buffer) {
        this.buffer = Objects.requireNonNull(buffer, "buffer is null");
    }

    @Override
    public void write(Row row) {
        buffer.add(row);
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
    }
}
