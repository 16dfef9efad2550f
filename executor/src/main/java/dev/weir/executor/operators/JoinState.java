package dev.weir.executor.operators;

import dev.weir.core.Row;
import dev.weir.core.serde.RowSerializer;
import dev.weir.core.serde.Serializers;
import dev.weir.core.type.RowType;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.MapState;
import dev.weir.state.StateDescriptor;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The rows a regular, semi or anti join keeps for the current key, per input: each distinct row
 * (change kind erased) to its {@code [copies, matches]} ({@link JoinCounts}). With a state TTL every
 * write and removal also goes to {@link JoinStateTtl}, which drops rows not written for that long.
 */
final class JoinState {
    private static final Long NAMESPACE = 0L;

    private final List<MapState<Long, Row, long[]>> rows;
    /** Null without a state TTL. */
    private final JoinStateTtl ttl;

    /**
     * @param stateNames the names of the left and the right input's map states (part of the checkpoint layout)
     * @param ttlMillis  {@code table.exec.state.ttl}; 0 keeps rows until retracted
     */
    JoinState(KeyedStateBackend backend, List<String> stateNames, List<RowType> inputTypes, long ttlMillis,
            LongSupplier clock) {
        this.rows = List.of(
                backend.mapState(new StateDescriptor<>(stateNames.get(0), Serializers.LONG, JoinCounts.SERIALIZER),
                        new RowSerializer(inputTypes.get(0))),
                backend.mapState(new StateDescriptor<>(stateNames.get(1), Serializers.LONG, JoinCounts.SERIALIZER),
                        new RowSerializer(inputTypes.get(1))));
        this.ttl = ttlMillis > 0 ? new JoinStateTtl(ttlMillis, clock, backend, rows, inputTypes) : null;
    }

    /** Drops the rows whose TTL has run out by now (nothing without a TTL); call before each row and watermark. */
    void expire() throws Exception {
        if (ttl != null) {
            ttl.advance();
        }
    }

    /** The current key's rows of {@code input}: a live view, not to be changed while iterated. */
    Map<Row, long[]> entries(int input) {
        return rows.get(input).readEntries(NAMESPACE);
    }

    long[] get(int input, Row row) {
        return rows.get(input).get(NAMESPACE, row);
    }

    void put(int input, Row row, long[] counts) {
        rows.get(input).put(NAMESPACE, row, counts);
        if (ttl != null) {
            ttl.written(input, row);
        }
    }

    void remove(int input, Row row) {
        rows.get(input).remove(NAMESPACE, row);
        if (ttl != null) {
            ttl.removed(input, row);
        }
    }

    /** Keys with a pending state-TTL timer (tests). */
    int keysWithTtlTimers() {
        return ttl == null ? 0 : ttl.keysWithTimers();
    }
}
