package dev.weir.executor.plan;

import dev.weir.core.type.RowType;
import java.util.Objects;

/**
 * Flink's {@code LIMIT n [OFFSET m]} without ORDER BY on a stream: the first {@code m + n} rows to
 * arrive, of which the first {@code m} are skipped. Insert-only: a kept row is never replaced, so
 * once {@code m + n} rows have passed the operator emits nothing more while the job goes on
 * reading (as Flink). Runs as a Top-N with no partition and no order whose ties keep arrival
 * order ({@link #asRank()}); all rows go to one key, the empty key.
 *
 * <p>Output columns: the input's columns, then the row number ({@code BIGINT NOT NULL}) when
 * {@code offset > 0}, for the Calc that skips the first {@code offset} rows.
 */
public record LimitSpec(String id, RowType outputType, long offset, long fetch) implements OperatorSpec {
    public LimitSpec {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(outputType, "outputType is null");
        if (offset < 0 || fetch < 1) {
            throw new IllegalArgumentException("LIMIT needs offset >= 0 and fetch >= 1, got " + offset + ", " + fetch);
        }
    }

    /** No key columns: every row goes to the one subtask that owns the empty key. */
    public int[] keyIndices() {
        return new int[0];
    }

    /** The same operator as a Rank: no partition, no order, the first {@code offset + fetch} rows. */
    public RankSpec asRank() {
        return new RankSpec(id, outputType, new int[0], SortOrder.none(), offset + fetch, offset > 0);
    }

    @Override
    public String describe() {
        return "Limit(offset=[" + offset + "], fetch=[" + fetch + "])";
    }

    @Override
    public String stateDescription() {
        return "the first " + (offset + fetch) + " rows, one global key, kept forever";
    }
}
