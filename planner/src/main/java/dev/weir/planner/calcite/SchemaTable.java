package dev.weir.planner.calcite;

import dev.weir.core.type.RowType;
import java.util.Objects;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.TemporalTable;
import org.apache.calcite.schema.impl.AbstractTable;

/**
 * A catalog table as Calcite sees it: just its columns. Scans of it are planned by name.
 *
 * <p>Temporal, so that Calcite's validator accepts {@code FOR SYSTEM_TIME AS OF} on any table, as
 * Flink's does: whether the table is a versioned table (a primary key and an event-time attribute)
 * is checked with Flink's messages by the temporal join's validation and planning, which know the
 * catalog.
 */
class SchemaTable extends AbstractTable implements TemporalTable {
    private final RowType rowType;

    SchemaTable(RowType rowType) {
        this.rowType = Objects.requireNonNull(rowType, "rowType is null");
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
        return CalciteTypes.toRelType(typeFactory, rowType);
    }

    /** Calcite asks only whether a table is temporal; Weir's versioned tables have no system period columns. */
    @Override
    public String getSysStartFieldName() {
        return "";
    }

    @Override
    public String getSysEndFieldName() {
        return "";
    }
}
