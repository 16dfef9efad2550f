package dev.weir.executor.plan;

import dev.weir.core.type.RowType;
import java.util.Map;
import java.util.Objects;

/** Reads a table's physical columns through its connector. */
public record SourceSpec(String id, String tableName, RowType outputType, Map<String, String> options)
        implements OperatorSpec {
    public SourceSpec {
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
        return "TableSourceScan(table=[" + tableName + "], connector=[" + connector() + "], fields=" + outputType.names()
                + ")";
    }
}
