package dev.weir.parser;

/** A column of a CREATE TABLE: a physical column with a type, or a computed column with an expression. */
public sealed interface ColumnDef permits PhysicalColumn, ComputedColumn {

    String name();

    /** Where the column's name is. */
    Position position();
}
