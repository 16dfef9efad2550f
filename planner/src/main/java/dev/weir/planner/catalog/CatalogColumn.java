package dev.weir.planner.catalog;

import dev.weir.core.type.DataType;
import java.util.Objects;

/**
 * One column of a catalog table.
 *
 * @param expression the computed column's SQL expression over the physical columns, or null for
 *                   a physical column (one the connector reads or writes)
 */
public record CatalogColumn(String name, DataType type, String expression) {
    public CatalogColumn {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(type, "type is null");
    }

    public boolean isComputed() {
        return expression != null;
    }
}
