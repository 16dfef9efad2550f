package dev.weir.executor.plan;

import dev.weir.core.type.RowType;
import java.util.Map;
import java.util.Objects;

/**
 * Writes rows into a table through its connector. The input already has the table's columns.
 *
 * @param updatingInput whether the rows written are an updating changelog (-U/+U/-D), not insert-only: a
 *                      sink with its own {@code sink.parallelism} then needs its input hashed on its primary
 *                      key (see {@link PlanParallelism})
 */
public record SinkSpec(String id, String tableName, RowType outputType, Map<String, String> options,
        boolean updatingInput) implements OperatorSpec {
    public SinkSpec {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(tableName, "tableName is null");
        Objects.requireNonNull(outputType, "outputType is null");
        options = Map.copyOf(options);
    }

    /** A sink of an insert-only input. */
    public SinkSpec(String id, String tableName, RowType outputType, Map<String, String> options) {
        this(id, tableName, outputType, options, false);
    }

    /** This sink with {@code updatingInput} set. */
    public SinkSpec updating(boolean updating) {
        return updating == updatingInput ? this : new SinkSpec(id, tableName, outputType, options, updating);
    }

    public String connector() {
        return options.get("connector");
    }

    @Override
    public String describe() {
        return "Sink(table=[" + tableName + "], connector=[" + connector() + "], fields=" + outputType.names() + ")";
    }
}
