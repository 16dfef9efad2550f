package dev.weir.executor.operators;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.serde.RowSerializer;
import dev.weir.core.serde.Serializers;
import dev.weir.core.type.RowType;
import dev.weir.executor.operator.Output;
import dev.weir.executor.operator.SnapshotContext;
import dev.weir.executor.operator.StreamOperator;
import dev.weir.executor.plan.DeduplicateSpec;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.StateDescriptor;
import dev.weir.state.ValueState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Keeps the first or last row per key in event-time order (semantics in {@link DeduplicateSpec}).
 * One {@code ValueState<Row>} per key; the watermark is forwarded untouched.
 */
public final class DeduplicateOperator implements StreamOperator {
    static final String KEYED_DIR = "keyed";
    private static final Long NAMESPACE = 0L;

    private final int timeIndex;
    private final boolean keepLast;
    private final RowKeys keys;
    private final KeyedStateBackend backend;
    private final ValueState<Long, Row> kept;

    public DeduplicateOperator(DeduplicateSpec spec, RowType inputType, OperatorContext context) throws IOException {
        Objects.requireNonNull(spec, "spec is null");
        Objects.requireNonNull(inputType, "inputType is null");
        Objects.requireNonNull(context, "context is null");
        this.timeIndex = spec.timeIndex();
        this.keepLast = spec.keepLast();
        this.keys = new RowKeys(spec.keyIndices(), inputType);
        Path restoreDir = context.restoreDir();
        this.backend = keys.openBackend(context, KEYED_DIR);
        try {
            this.kept = backend.valueState(new StateDescriptor<>("deduplicate-kept-row", Serializers.LONG,
                    new RowSerializer(inputType)));
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    @Override
    public void processElement(Row row, Output out) {
        backend.setCurrentKey(keys.key(row));
        Row previous = kept.value(NAMESPACE);
        if (previous != null && !replaces(previous, row)) {
            return;
        }
        Row current = row.kind() == RowKind.INSERT ? row : row.withKind(RowKind.INSERT);
        kept.update(NAMESPACE, current);
        if (previous == null) {
            out.collect(current);
        } else {
            out.collect(previous.withKind(RowKind.UPDATE_BEFORE));
            out.collect(current.withKind(RowKind.UPDATE_AFTER));
        }
    }

    /** Flink's RowTimeDeduplicateFunction.isDuplicate: keep-last takes ties, keep-first only earlier rows. */
    private boolean replaces(Row previous, Row current) {
        Object p = previous.field(timeIndex);
        Object c = current.field(timeIndex);
        if (p == null || c == null) {
            return keepLast;
        }
        long pt = (Long) p;
        long ct = (Long) c;
        return keepLast ? pt <= ct : ct < pt;
    }


    @Override
    public void snapshotState(SnapshotContext context) throws Exception {
        backend.snapshot(context.checkpointId(), context.directory().resolve(KEYED_DIR));
    }

    @Override
    public void close() {
        backend.close();
    }
}
