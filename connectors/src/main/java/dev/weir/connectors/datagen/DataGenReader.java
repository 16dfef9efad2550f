package dev.weir.connectors.datagen;

import dev.weir.connectors.filesystem.FileFormatOptions;
import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.executor.connector.InputStatus;
import dev.weir.executor.connector.SourceReader;
import dev.weir.executor.connector.TableContext;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Generates one subtask's share of a datagen table. Subtask {@code s} of {@code p} produces the
 * global rows {@code s, s+p, s+2p, ...}; every value is a pure function of (column, global row)
 * and the anchor time, so the position is just the number of rows emitted (plus the anchor); after
 * a rescale, also the owned rows emitted ahead by the old subtasks ({@link DataGenPosition}).
 *
 * <p>Difference from Flink: Flink draws random values from a seeded-per-run random generator and
 * a restored Flink job produces different random values; Weir reproduces the same rows.
 */
public final class DataGenReader implements SourceReader {
    /** Rows per poll: large enough to amortise the per-poll cost, small enough for quick checkpoints. */
    static final int BATCH_SIZE = 1024;
    /** Per-subtask rates at or above this are not throttled at all (no clock reads). */
    static final double UNTHROTTLED_RATE = 1e8;

    private final FieldGenerator[] generators;
    private final int arity;
    private final int stride;
    private final int firstRow;
    private final long totalRows;
    private final long anchorMillis;
    private final TokenBucket bucket;
    /** The next owned global row to consider; every owned row below it is emitted. */
    private long nextRow;
    /** Owned rows at or above {@link #nextRow} emitted before a rescale (sorted), skipped when reached. */
    private long[] skip = new long[0];
    private int skipIndex;
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
        this.totalRows = spec.totalRows();
        if (context.restoredState() != null) {
            DataGenPosition position = DataGenPosition.decode(spec.table(), context.restoredState(), s, p);
            this.nextRow = position.cursor();
            this.skip = position.extras();
            this.emitted = (nextRow - s) / p + skip.length;
            this.anchorMillis = position.anchorMillis();
        } else {
            this.nextRow = s;
            this.anchorMillis = millisClock.getAsLong();
        }
        this.generators = spec.generators(anchorMillis, FileFormatOptions.zone(context));
        this.arity = generators.length;
        double rate = spec.rowsPerSecond() / p;
        this.bucket = rate >= UNTHROTTLED_RATE ? null
                : new TokenBucket(rate, (long) Math.min(BATCH_SIZE, Math.ceil(rate)), nanoClock);
    }

    /** Owned rows not emitted yet (at most {@code Long.MAX_VALUE} for an unbounded table). */
    private long remaining() {
        if (totalRows == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        long owned = nextRow >= totalRows ? 0 : (totalRows - nextRow + stride - 1) / stride;
        return owned - (skip.length - skipIndex);
    }

    @Override
    public InputStatus pollNext(Consumer<Row> out) {
        long remaining = remaining();
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
        long row = nextRow;
        for (long i = 0; i < n; row += stride) {
            if (skipIndex < skip.length && skip[skipIndex] == row) {
                skipIndex++; // emitted before a rescale, by the subtask that owned it then
                continue;
            }
            Object[] values = new Object[arity];
            for (int f = 0; f < values.length; f++) {
                values[f] = gens[f].value(row);
            }
            out.accept(Row.wrap(RowKind.INSERT, values));
            i++;
        }
        nextRow = row;
        emitted += n;
        return remaining() <= 0 ? InputStatus.END_OF_INPUT : InputStatus.MORE_AVAILABLE;
    }

    /** Rows emitted by this reader, including those before the restored position. */
    public long emittedRows() {
        return emitted;
    }

    @Override
    public byte[] snapshotPosition(long checkpointId) {
        while (skipIndex < skip.length && skip[skipIndex] < nextRow) {
            skipIndex++;
        }
        long[] left = skipIndex == 0 ? skip : java.util.Arrays.copyOfRange(skip, skipIndex, skip.length);
        return new DataGenPosition(anchorMillis, nextRow, left).encode(firstRow, stride);
    }
}
