package dev.weir.planner.catalog;

import dev.weir.core.type.RowType;
import java.util.Objects;

/** A view: a named, validated query with its output columns. */
public record CatalogView(String name, boolean temporary, String query, RowType rowType) {
    public CatalogView {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(query, "query is null");
        Objects.requireNonNull(rowType, "rowType is null");
    }
}
