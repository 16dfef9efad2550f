package dev.weir.planner.calcite;

import dev.weir.core.type.RowType;
import java.util.Objects;

/**
 * A view as the SQL front end needs it: its query text and its (already validated) output
 * columns, renamed as the CREATE VIEW column list says.
 */
public record ViewDefinition(String name, String query, RowType rowType) {
    public ViewDefinition {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(query, "query is null");
        Objects.requireNonNull(rowType, "rowType is null");
    }
}
