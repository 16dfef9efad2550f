package dev.weir.planner.catalog;

import dev.weir.core.type.RowType;
import dev.weir.executor.connector.TableContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A table created by CREATE TABLE, already validated: its columns in declaration order,
 * watermark, primary key and connector options. The options include
 * {@link TableContext#PRIMARY_KEY_OPTION} when the table has a primary key and
 * {@link TableContext#METADATA_OPTION} when it has metadata columns.
 *
 * @param watermarkColumn     the rowtime column, or null when the table has no WATERMARK
 * @param watermarkExpression the WATERMARK expression text over all columns, or null
 * @param comment             the COMMENT, or null
 */
public record CatalogTable(String name, boolean temporary, List<CatalogColumn> columns, String watermarkColumn,
        String watermarkExpression, List<String> primaryKey, Map<String, String> options, String comment) {
    public CatalogTable {
        Objects.requireNonNull(name, "name is null");
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        Map<String, String> withKey = new LinkedHashMap<>(options);
        if (!primaryKey.isEmpty()) {
            // connectors see the key through their options (upsert-kafka keys records by it)
            withKey.put(TableContext.PRIMARY_KEY_OPTION, TableContext.encodePrimaryKey(primaryKey));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (CatalogColumn c : columns) {
            if (c.isMetadata()) {
                metadata.put(c.name(), c.metadataKey());
            }
        }
        if (!metadata.isEmpty()) {
            // and which of their schema's columns are metadata, under which key
            withKey.put(TableContext.METADATA_OPTION, TableContext.encodeMetadata(metadata));
        }
        options = java.util.Collections.unmodifiableMap(withKey);
    }

    /**
     * The columns a sink is given, in declaration order: the physical columns and the non-VIRTUAL
     * metadata columns (INSERT INTO must supply exactly these, as in Flink).
     */
    public RowType physicalRowType() {
        List<RowType.Field> fields = new ArrayList<>();
        for (CatalogColumn c : columns) {
            if (c.isWritten()) {
                fields.add(new RowType.Field(c.name(), c.type()));
            }
        }
        return new RowType(fields);
    }

    /**
     * The columns the connector reads, in declaration order: the physical and all metadata columns.
     * Computed columns are evaluated over this row.
     */
    public RowType sourceRowType() {
        List<RowType.Field> fields = new ArrayList<>();
        for (CatalogColumn c : columns) {
            if (c.isRead()) {
                fields.add(new RowType.Field(c.name(), c.type()));
            }
        }
        return new RowType(fields);
    }

    /** All columns, physical, metadata and computed, in declaration order: what queries see. */
    public RowType rowType() {
        List<RowType.Field> fields = new ArrayList<>();
        for (CatalogColumn c : columns) {
            fields.add(new RowType.Field(c.name(), c.type()));
        }
        return new RowType(fields);
    }

    public boolean hasComputedColumns() {
        for (CatalogColumn c : columns) {
            if (c.isComputed()) {
                return true;
            }
        }
        return false;
    }

    /** Index of the rowtime column among all columns, or -1. */
    public int rowtimeIndex() {
        return watermarkColumn == null ? -1 : rowType().indexOf(watermarkColumn);
    }

    public String connector() {
        return options.get("connector");
    }
}
