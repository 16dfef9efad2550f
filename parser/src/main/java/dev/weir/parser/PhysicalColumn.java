package dev.weir.parser;

import java.util.Objects;

/**
 * {@code name TYPE [NOT NULL | NULL] [PRIMARY KEY NOT ENFORCED] [COMMENT '...']}.
 *
 * @param notNull true only if {@code NOT NULL} was written; primary key columns are not marked here
 */
public record PhysicalColumn(String name, TypeSpec type, boolean notNull, Position position) implements ColumnDef {

    public PhysicalColumn {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(type, "type is null");
        Objects.requireNonNull(position, "position is null");
    }
}
