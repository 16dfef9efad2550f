package dev.weir.planner.catalog;

import dev.weir.core.type.DataType;
import java.util.Objects;

/**
 * One column of a catalog table: physical (the connector reads or writes it as record data), computed
 * ({@code expression} set) or metadata ({@code metadataKey} set: the connector supplies it from a record's
 * metadata, as Flink's {@code METADATA [FROM 'key'] [VIRTUAL]}).
 *
 * @param expression  the computed column's SQL expression over the physical and metadata columns, or null
 * @param metadataKey the metadata key of a metadata column, or null
 * @param virtual     for a metadata column: read-only, not among the columns a sink is given
 */
public record CatalogColumn(String name, DataType type, String expression, String metadataKey, boolean virtual) {
    public CatalogColumn {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(type, "type is null");
        if (expression != null && metadataKey != null) {
            throw new IllegalArgumentException("column '" + name + "' cannot be both computed and metadata");
        }
    }

    /** A physical column ({@code expression} null) or a computed one. */
    public CatalogColumn(String name, DataType type, String expression) {
        this(name, type, expression, null, false);
    }

    public static CatalogColumn metadata(String name, DataType type, String key, boolean virtual) {
        return new CatalogColumn(name, type, null, Objects.requireNonNull(key, "key is null"), virtual);
    }

    public boolean isComputed() {
        return expression != null;
    }

    public boolean isMetadata() {
        return metadataKey != null;
    }

    /** Whether the connector reads this column: physical and metadata columns. */
    public boolean isRead() {
        return expression == null;
    }

    /** Whether a sink is given this column: physical and non-VIRTUAL metadata columns (Flink's rule). */
    public boolean isWritten() {
        return expression == null && !virtual;
    }

    /** What DESCRIBE shows besides the type: {@code AS expr} or {@code METADATA FROM 'key' [VIRTUAL]}. */
    public String extras() {
        if (isComputed()) {
            return "AS " + expression;
        }
        if (isMetadata()) {
            return "METADATA FROM '" + metadataKey.replace("'", "''") + "'" + (virtual ? " VIRTUAL" : "");
        }
        return "";
    }
}
