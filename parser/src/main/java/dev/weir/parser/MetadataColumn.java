package dev.weir.parser;

import java.util.Objects;

/**
 * {@code name TYPE METADATA [FROM 'key'] [VIRTUAL] [COMMENT '...']}: a column whose value the connector
 * supplies from a record's metadata (a Kafka record's offset, timestamp, ...), as in Flink.
 *
 * @param key the metadata key: the {@code FROM} string, or the column name when there is no {@code FROM}
 * @param virtual true for {@code VIRTUAL}: read-only, not part of the columns a sink is given
 */
public record MetadataColumn(String name, TypeSpec type, String key, boolean virtual, Position position)
        implements ColumnDef {

    public MetadataColumn {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(type, "type is null");
        Objects.requireNonNull(key, "key is null");
        Objects.requireNonNull(position, "position is null");
    }
}
