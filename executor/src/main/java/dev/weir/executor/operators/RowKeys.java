package dev.weir.executor.operators;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.serde.RowSerializer;
import dev.weir.core.serde.TypeSerializer;
import dev.weir.core.type.RowType;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.StateBackendContext;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The key of a keyed operator: a {@link Row} of its key columns, the same row the hash exchange
 * routes by, serialized with a {@link RowSerializer} of the key types. One place for what every
 * keyed operator needs: the key of a row and its keyed state backend.
 */
final class RowKeys {
    private static final Row EMPTY_KEY = Row.of();

    private final int[] keyIndices;
    private final TypeSerializer<Object> serializer;

    @SuppressWarnings({"unchecked", "rawtypes"})
    RowKeys(int[] keyIndices, RowType inputType) {
        this.keyIndices = keyIndices.clone();
        RowType.Builder keyType = RowType.builder();
        for (int k : keyIndices) {
            keyType.add(inputType.field(k).name(), inputType.type(k));
        }
        this.serializer = (TypeSerializer) new RowSerializer(keyType.build());
    }

    /** Whether there are no key columns (one global key). */
    boolean isEmpty() {
        return keyIndices.length == 0;
    }

    /** The key of {@code row}; the empty row for operators without key columns (one global key). */
    Row key(Row row) {
        if (keyIndices.length == 0) {
            return EMPTY_KEY;
        }
        Object[] values = new Object[keyIndices.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = row.field(keyIndices[i]);
        }
        return Row.wrap(RowKind.INSERT, values);
    }

    /** The operator's keyed state backend, restored from {@code <restore dir>/<keyedDir>} when restoring. */
    KeyedStateBackend openBackend(OperatorContext context, String keyedDir) throws IOException {
        Path restoreDir = context.restoreDir();
        return context.backendFactory().create(context.backendType(),
                new StateBackendContext(context.operatorId(), serializer, context.maxParallelism(),
                        context.keyGroupRange(), context.workingDir()),
                restoreDir == null ? null : restoreDir.resolve(keyedDir));
    }
}
