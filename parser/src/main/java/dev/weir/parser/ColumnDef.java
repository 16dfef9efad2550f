package dev.weir.parser;

/**
 * A column of a CREATE TABLE: a physical column with a type, a computed column with an expression, or a
 * metadata column whose value the connector supplies.
 */
public sealed interface ColumnDef permits PhysicalColumn, ComputedColumn, MetadataColumn {

    String name();

    /** Where the column's name is. */
    Position position();
}
