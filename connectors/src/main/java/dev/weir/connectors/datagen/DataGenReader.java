package dev.weir.connectors.datagen;

import dev.weir.connectors.filesystem.FileFormatOptions;
import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.WeirException;
import dev.weir.executor.connector.InputStatus;
import dev.weir.executor.connector.SourceReader;
import dev.weir.executor.connector.TableContext;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Generates one subtask's share of a datagen table. Subtask {@code s} of {@code p} produces the
 * global rows {@code s, s+p, s+2p, ...}; every value is a pure function of (column, global row)
 * and the anchor time, so the position is just the number of rows emitted (plus the anchor).
 *
 * <p>Difference from Flink: Flink draws random values from a seeded-per-run random generator and
 * a restored Flink job produces different random values; Weir reproduces the same rows.
 */
public final class DataGenReader implements SourceReader {
    /** Rows per poll: large enough to amortise the per-poll cost, small enough for quick checkpoints. */
    static final int BATCH_SIZE = 1024;
    /** Per-subtask rates at or above this are not throttled at all (no clock reads). */
    static final double UNTHROTTLED_RATE = 1e8;
    private static final byte POSITION_VERSION = 1;

    private final FieldGenerator[] generators;
    private final int arity;
    private final long stride;
    private final long firstRow;
    private final long localRows;
    private final long anchorMillis;
    private final TokenBucket bucket;
    private long emitted;

    DataGenReader(DataGenSpec spec, TableContext context) {
        this(spec, context, System::nanoTime, System::currentTimeMillis);
    }

    /** Clocks are injectable so tests can check the rate limit without waiting. */
    DataGenReader(DataGenSpec spec, TableContext context, LongSupplier nanoClock, LongSupplier millisClock) {
        Objects.requireNonNull(spec, "spec is null");
        Objects.requireNonNull(context, "context is null");
        int p = Math.max(1, context.parallelism());
        int s = context.subtaskIndex();
        this.stride = p;
        this.firstRow = s;
        long total = spec.totalRows();
        this.localRows = total == Long.MAX_VALUE ? Long.MAX_VALUE : (total > s ? (total - s + p - 1) / p : 0);
        if (context.restoredState() != null) {
            ByteBuffer b = ByteBuffer.wrap(context.restoredState());
            if (b.remaining() != 17 || b.get() != POSITION_VERSION) {
                throw new WeirException("Table '" + spec.table() + "': the datagen position in the checkpoint is "
                        + "not readable (unknown version or length). Restore from a checkpoint written by this "
                        + "Weir version, or start the job without restoring.");
            }
            this.emitted = b.getLong();
            this.anchorMillis = b.getLong();
        } else {
            this.anchorMillis = millisClock.getAsLong();
        }
        this.generators = spec.generators(anchorMillis, FileFormatOptions.zone(context));
        this.arity = generators.length;
        double rate = spec.rowsPerSecond() / p;
        this.bucket = rate >= UNTHROTTLED_RATE ? null
                : new TokenBucket(rate, (long) Math.min(BATCH_SIZE, Math.ceil(rate)), nanoClock);
    }

    @Override
    public InputStatus pollNext(Consumer<Row> out) {
        long remaining = localRows - emitted;
        if (remaining <= 0) {
            return InputStatus.END_OF_INPUT;
        }
        long n = Math.min(BATCH_SIZE, remaining);
        if (bucket != null) {
            n = bucket.acquireUpTo(n);
            if (n == 0) {
                return InputStatus.NOTHING_AVAILABLE;
            }
        }
        FieldGenerator[] gens = generators;
        long row = firstRow + emitted * stride;
        for (long i = 0; i < n; i++) {
            Object[] values = new Object[arity];
            for (int f = 0; f < values.length; f++) {
                values[f] = gens[f].value(row);
            }
            out.accept(Row.wrap(RowKind.INSERT, values));
            row += stride;
        }
        emitted += n;
        return emitted >= localRows ? InputStatus.END_OF_INPUT : InputStatus.MORE_AVAILABLE;
    }

    /** Rows emitted by this reader, including those before the restored position. */
    public long emittedRows() {
        return emitted;
    }

    @Override
    public byte[] snapshotPosition(long checkpointId) {
        return ByteBuffer.allocate(17).put(POSITION_VERSION).putLong(emitted).putLong(anchorMillis).array();
    }
}
