package dev.weir.executor.plan;

import dev.weir.core.type.RowType;
import java.util.Objects;

/**
 * Flink's ReplicateRows, the last step of {@code INTERSECT ALL} and {@code EXCEPT ALL}: the input's
 * first column is a count {@code n}, and each input row comes out {@code n} times without it, with its
 * own change kind (so a retracted count retracts its copies). A NULL or non-positive count emits
 * nothing. Stateless.
 */
public record ReplicateRowsSpec(String id, RowType outputType) implements OperatorSpec {
    public ReplicateRowsSpec {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(outputType, "outputType is null");
    }

    @Override
    public String describe() {
        return "ReplicateRows(times=[$0], select=[" + String.join(", ", outputType.names()) + "])";
    }
}
