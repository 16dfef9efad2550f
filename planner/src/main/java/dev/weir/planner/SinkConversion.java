package dev.weir.planner;

import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.parser.SqlText;
import dev.weir.planner.calcite.CalciteTypes;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Puts a projection on top of a query so that it produces exactly the sink's columns, in order,
 * with the sink's types: implicit casts where Flink allows them, NULL for columns an INSERT's
 * column list leaves out, and a positioned error naming both types otherwise.
 */
final class SinkConversion {
    private SinkConversion() {
    }

    static RelNode toSink(RelNode query, SqlNode validated, SqlText text, String sinkName, RowType sink,
            List<String> targetColumns) {
        RelDataType queryType = query.getRowType();
        List<String> targets = targetColumns.isEmpty() ? sink.names() : targetColumns;
        for (String t : targets) {
            if (sink.indexOf(t) < 0) {
                throw text.errorAt(1, 1, "Unknown target column '" + t + "' of table '" + sinkName + "'. Columns: "
                        + String.join(", ", sink.names()) + ".");
            }
        }
        if (queryType.getFieldCount() != targets.size()) {
            throw text.errorAt(1, 1, "Column count mismatch: table '" + sinkName + "' expects " + targets.size()
                    + " columns " + targets + " but the query produces " + queryType.getFieldCount() + " columns "
                    + queryType.getFieldNames() + ". Make the SELECT list match the table's columns.");
        }
        RexBuilder rex = query.getCluster().getRexBuilder();
        List<RexNode> projections = new ArrayList<>();
        for (int i = 0; i < sink.arity(); i++) {
            RowType.Field column = sink.field(i);
            RelDataType sinkRelType = CalciteTypes.toRelType(rex.getTypeFactory(), column.type());
            int queryIndex = targets.indexOf(column.name());
            if (queryIndex < 0) {
                if (!column.type().isNullable()) {
                    throw text.errorAt(1, 1, "Column '" + column.name() + "' of table '" + sinkName + "' is NOT NULL "
                            + "but the INSERT's column list leaves it out. Add it to the column list.");
                }
                projections.add(rex.makeNullLiteral(sinkRelType));
                continue;
            }
            RexNode ref = RexInputRef.of(queryIndex, queryType);
            RelDataType fromRel = ref.getType();
            SqlParserPos pos = itemPosition(validated, queryIndex);
            DataType from;
            if (fromRel.getSqlTypeName() == org.apache.calcite.sql.type.SqlTypeName.NULL) {
                projections.add(rex.makeNullLiteral(sinkRelType));
                continue;
            }
            try {
                from = CalciteTypes.toDataType(fromRel);
            } catch (RuntimeException e) {
                throw text.errorAt(pos.getLineNum(), pos.getColumnNum(), e.getMessage());
            }
            if (!dev.weir.planner.physical.SinkTypes.implicitlyCastable(from, column.type())) {
                throw text.errorAt(pos.getLineNum(), pos.getColumnNum(), "Incompatible types for sink column '"
                        + column.name() + "' (position " + (i + 1) + ") of table '" + sinkName + "': the query "
                        + "produces " + from + " but the column is " + column.type() + ". Add an explicit CAST(... AS "
                        + column.type().nullable(true) + ").");
            }
            RelDataType target = rex.getTypeFactory().createTypeWithNullability(sinkRelType, fromRel.isNullable());
            projections.add(from.nullable(true).equals(column.type().nullable(true)) ? ref
                    : rex.makeCast(target, ref, true, false));
        }
        return LogicalProject.create(query, List.of(), projections, sink.names(), java.util.Set.of());
    }

    private static SqlParserPos itemPosition(SqlNode validated, int index) {
        SqlParserPos pos = validated.getParserPosition();
        if (validated instanceof SqlSelect select && index < select.getSelectList().size()) {
            pos = select.getSelectList().get(index).getParserPosition();
        }
        if (pos.getLineNum() < 1 || pos.getColumnNum() < 1) {
            return new SqlParserPos(1, 1);
        }
        return pos;
    }
}
