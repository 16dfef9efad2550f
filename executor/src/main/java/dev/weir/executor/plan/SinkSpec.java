package dev.weir.executor.plan;

import dev.weir.core.type.RowType;
import java.util.Map;
import java.util.Objects;

/** Writes rows into a table through its connector. The input already has the table's columns. */
public record SinkSpec(String id, String tableName, RowType outputType, Map<String, String> options)
        implements OperatorSpec {
    public SinkSpec {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(tableName, "tableName is null");
        Objects.requireNonNull(outputType, "outputType is null");
        options = Map.copyOf(options);
    }

    public String connector() {
        return options.get("connector");
    }

    @Override
    public String describe() {
        return "Sink(table=[" + tableName + "], connector=[" + connector() + "], fields=" + outputType.names() + ")";
    }
}
