package dev.weir.planner.physical;

import dev.weir.core.type.RowType;
import dev.weir.executor.plan.ReplicateRowsSpec;
import dev.weir.planner.calcite.CalciteTypes;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Intersect;
import org.apache.calcite.rel.core.Minus;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.core.SetOp;
import org.apache.calcite.rel.logical.LogicalIntersect;
import org.apache.calcite.rel.logical.LogicalMinus;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.tools.RelBuilder;

/**
 * {@code INTERSECT ALL} and {@code EXCEPT ALL} as Flink plans them (its RewriteIntersectAllRule and
 * RewriteMinusAllRule): the inputs, each marked, under one UNION ALL; a group aggregate over all
 * columns counts each distinct row per input (NULLs equal, as set operations need); a filter keeps
 * the rows the operation keeps, with how many copies — the least count for INTERSECT ALL, the first
 * input's count minus the others' for EXCEPT ALL — and {@link ReplicateRows} emits that many. The
 * result is updating (the aggregate's), as in Flink.
 */
final class SetOperationsAll {
    private SetOperationsAll() {
    }

    static boolean contains(RelNode rel) {
        if ((rel instanceof Intersect || rel instanceof Minus) && ((SetOp) rel).all) {
            return true;
        }
        for (RelNode input : rel.getInputs()) {
            if (contains(input)) {
                return true;
            }
        }
        return false;
    }

    static RelNode rewrite(RelNode rel) {
        return rel.accept(new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                RelNode visited = super.visit(other);
                if (visited instanceof LogicalIntersect i && i.all) {
                    return replicate(i, true);
                }
                if (visited instanceof LogicalMinus m && m.all) {
                    return replicate(m, false);
                }
                return visited;
            }
        });
    }

    /** The operators computing {@code rel}: its input's, then a {@link ReplicateRowsSpec}. */
    static Fragment translate(ReplicateRows rel, PlanContext context) {
        Fragment f = context.translateInOrder(rel.getInput());
        RowType outType = CalciteTypes.toRowType(rel.getRowType());
        ReplicateRowsSpec draft = new ReplicateRowsSpec("draft", outType);
        // Stateless: the id only has to be unique, so the position keeps two identical ones apart.
        f.add(new ReplicateRowsSpec(OperatorIds.derive("replicate-", draft.describe(), f.lineage() + "\n#"
                + f.ops.size()), outType), outType);
        return f;
    }

    private static RelNode replicate(SetOp op, boolean intersect) {
        RelBuilder b = RelFactories.LOGICAL_BUILDER.create(op.getCluster(), null);
        int width = op.getRowType().getFieldCount();
        int inputs = op.getInputs().size();
        RelDataType bool = b.getTypeFactory().createTypeWithNullability(
                b.getTypeFactory().createSqlType(SqlTypeName.BOOLEAN), true);
        for (int i = 0; i < inputs; i++) {
            b.push(op.getInput(i));
            List<RexNode> columns = new ArrayList<>(b.fields());
            if (intersect) {
                // one marker per input, set only in its own rows: COUNT(marker j) counts input j's copies
                for (int j = 0; j < inputs; j++) {
                    columns.add(i == j ? b.literal(true) : b.getRexBuilder().makeNullLiteral(bool));
                }
            } else {
                columns.add(b.literal(i == 0 ? 1L : -1L)); // SUM(marker): first input's copies minus the others'
            }
            b.project(columns);
        }
        b.union(true, inputs);
        List<RelBuilder.AggCall> counts = new ArrayList<>();
        for (int j = 0; j < (intersect ? inputs : 1); j++) {
            counts.add(intersect ? b.count(false, "c" + j, b.field(width + j)) : b.sum(false, "c0", b.field(width)));
        }
        b.aggregate(b.groupKey(b.fields().subList(0, width)), counts);
        RexNode times = b.field(width);
        List<RexNode> kept = new ArrayList<>();
        for (int j = 0; j < (intersect ? inputs : 1); j++) {
            RexNode count = b.field(width + j);
            kept.add(b.call(SqlStdOperatorTable.GREATER_THAN_OR_EQUAL, count, b.literal(1L)));
            if (j > 0) {
                times = b.call(SqlStdOperatorTable.CASE, b.call(SqlStdOperatorTable.LESS_THAN, count, times), count,
                        times);
            }
        }
        b.filter(kept);
        List<RexNode> projected = new ArrayList<>(width + 1);
        projected.add(times);
        projected.addAll(b.fields().subList(0, width));
        List<String> names = new ArrayList<>(width + 1);
        names.add("times");
        names.addAll(op.getRowType().getFieldNames());
        b.project(projected, names);
        return new ReplicateRows(op.getCluster(), op.getTraitSet(), b.build());
    }
}
