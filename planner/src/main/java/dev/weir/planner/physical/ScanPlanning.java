package dev.weir.planner.physical;

import dev.weir.core.WeirException;
import dev.weir.core.type.RowType;
import dev.weir.executor.expr.ScalarExpression;
import dev.weir.executor.plan.SourceSpec;
import dev.weir.executor.plan.WatermarkAssignerSpec;
import dev.weir.planner.calcite.CalciteTypes;
import dev.weir.planner.catalog.CatalogColumn;
import dev.weir.planner.catalog.CatalogTable;
import dev.weir.planner.catalog.TableExpressions;
import dev.weir.planner.expr.ExpressionCompiler;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * A table read: the {@link SourceSpec}, a Calc for the table's computed columns (those the plan
 * reads; the others become typed NULLs), and the {@link WatermarkAssignerSpec} of its WATERMARK.
 */
final class ScanPlanning {
    private final PlanContext context;

    ScanPlanning(PlanContext context) {
        this.context = Objects.requireNonNull(context, "context is null");
    }

    Fragment scan(TableScan scan) {
        List<String> qualified = scan.getTable().getQualifiedName();
        String name = qualified.get(qualified.size() - 1);
        CatalogTable table = context.catalog().table(name).orElseThrow(() -> new WeirException(
                "Table '" + name + "' was dropped while planning; run the statement again."));
        Fragment f = new Fragment(context.zone());
        RowType physical = table.sourceRowType(); // physical and metadata columns, as the connector reads them
        // A second read of the same table in one query (a self-join) gets its own ids: "t#2".
        int occurrence = context.nextScanOf(name);
        String alias = occurrence == 1 ? name : name + "#" + occurrence;
        SourceSpec source = new SourceSpec("source-" + alias, name, physical, table.options());
        f.add(source, physical);
        if (PhysicalPlanner.producesUpdates(source)) {
            f.updatingNode = source.describe(); // an upsert or Debezium topic: a changelog from the start
        }
        if (table.hasComputedColumns()) {
            List<RexNode> computed = TableExpressions.computedColumns(table);
            List<RexNode> projections = new ArrayList<>();
            RowType full = table.rowType();
            int physicalIndex = 0;
            int computedIndex = 0;
            ImmutableBitSet needed = context.usedScanColumns().union(watermarkInputs(table));
            var rexBuilder = scan.getCluster().getRexBuilder();
            List<CatalogColumn> columns = table.columns();
            for (int i = 0; i < columns.size(); i++) {
                CatalogColumn c = columns.get(i);
                if (c.isComputed()) {
                    RexNode expr = computed.get(computedIndex++);
                    // an unread computed column costs nothing: a typed NULL keeps the row layout
                    projections.add(needed.get(i) ? expr : rexBuilder.makeNullLiteral(expr.getType()));
                } else {
                    RelDataType t = CalciteTypes.toRelType(scan.getCluster().getTypeFactory(), c.type());
                    projections.add(new RexInputRef(physicalIndex++, t));
                }
            }
            f.addCalc(projections, null, full);
            // A table column is itself, whether or not this query reads (and so computes) it.
            f.origins = tableColumns(alias, full);
        }
        if (table.watermarkColumn() != null) {
            RexNode wm = TableExpressions.watermark(table);
            RowType full = table.rowType();
            String text = ExpressionCompiler.describe(wm, full.names());
            ScalarExpression compiled = ExpressionCompiler.compile(wm, context.zone());
            WatermarkAssignerSpec draft = new WatermarkAssignerSpec("draft", full, table.rowtimeIndex(), compiled,
                    text);
            f.add(new WatermarkAssignerSpec(OperatorIds.derive("watermark-", draft.describe(), f.lineage()), full,
                    table.rowtimeIndex(), compiled, text), full);
            f.origins = tableColumns(alias, full); // the assigner passes rows through unchanged
            f.rowtime = table.rowtimeIndex();
        }
        return f;
    }

    private static List<String> tableColumns(String table, RowType type) {
        List<String> names = new ArrayList<>(type.arity());
        for (String column : type.names()) {
            names.add(table + "." + column);
        }
        return names;
    }

    /** The rowtime column and whatever the WATERMARK expression reads: the assigner needs them. */
    private static ImmutableBitSet watermarkInputs(CatalogTable table) {
        if (table.watermarkColumn() == null) {
            return ImmutableBitSet.of();
        }
        return RelOptUtil.InputFinder.bits(TableExpressions.watermark(table))
                .union(ImmutableBitSet.of(table.rowtimeIndex()));
    }
}
