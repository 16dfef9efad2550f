package dev.weir.planner.calcite;

import dev.weir.core.type.RowType;
import java.util.Objects;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.impl.AbstractTable;

/** A catalog table as Calcite sees it: just its columns. Scans of it are planned by name. */
final class SchemaTable extends AbstractTable {
    private final RowType rowType;

    SchemaTable(RowType rowType) {
        this.rowType = Objects.requireNonNull(rowType, "rowType is null");
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
        return CalciteTypes.toRelType(typeFactory, rowType);
    }
}
