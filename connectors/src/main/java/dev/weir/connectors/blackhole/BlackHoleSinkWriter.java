package dev.weir.connectors.blackhole;

import dev.weir.core.Row;
import dev.weir.executor.connector.SinkWriter;

/** Counts and drops rows; nothing to commit. */
public final class BlackHoleSinkWriter implements SinkWriter {
    private static final byte[] NOTHING = new byte[0];

    private long rowCount;

    @Override
    public void write(Row row) {
        rowCount++;
    }

    /** Rows written so far (for tests and benchmarks). */
    public long rowCount() {
        return rowCount;
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
