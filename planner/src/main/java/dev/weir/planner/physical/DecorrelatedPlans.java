package dev.weir.planner.physical;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.tools.RelBuilder;

/**
 * Adapts the plans Calcite's subquery removal and decorrelation produce to what runs correctly on
 * streams:
 *
 * <ul>
 *   <li>{@code LITERAL_AGG(true)} (the "a match exists" marker) becomes a constant projected above
 *       the aggregate, which Weir's group aggregation then runs without it;</li>
 *   <li>{@code IS NOT DISTINCT FROM} between the two inputs of a join becomes {@code =}: the
 *       decorrelator writes it for the correlated columns, whose NULLs the subquery's own
 *       {@code =} already rejected, so a NULL correlated value sees an empty subquery either way
 *       (Calcite's CASE turns that COUNT into 0);</li>
 *   <li>an inner join with a global aggregate made only of COUNTs (NOT IN's "how many rows, how
 *       many non-NULL") becomes a left join whose missing counts read 0: on a stream a global
 *       aggregate over no rows emits nothing, whereas the rewrite expects its batch row of zeros,
 *       so {@code x NOT IN (empty subquery)} would otherwise drop every row.</li>
 * </ul>
 */
final class DecorrelatedPlans {
    private DecorrelatedPlans() {
    }

    /**
     * @param nullSafeKeysAsEqualities whether to rewrite IS NOT DISTINCT FROM join keys; false when
     *                                 the query wrote one itself (it could not be told apart)
     */
    static RelNode adapt(RelNode rel, RelBuilder builder, boolean nullSafeKeysAsEqualities) {
        return rel.accept(new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                RelNode visited = super.visit(other);
                if (visited instanceof LogicalAggregate agg) {
                    return withoutLiteralAgg(agg, builder);
                }
                if (visited instanceof LogicalJoin join) {
                    return countJoinAsLeftJoin(nullSafeKeysAsEqualities ? withNullSafeKeysAsEqualities(join) : join,
                            builder);
                }
                return visited;
            }
        });
    }

    private static RelNode withoutLiteralAgg(LogicalAggregate agg, RelBuilder builder) {
        List<AggregateCall> kept = new ArrayList<>();
        for (AggregateCall call : agg.getAggCallList()) {
            if (call.getAggregation().getKind() == SqlKind.SINGLE_VALUE) {
                // Calcite's check that a scalar subquery returns at most one row, which Flink makes at run time.
                throw PhysicalPlanner.unsupported("a scalar subquery without an aggregate (a scalar subquery "
                        + "must return one row: write it with an aggregate such as (SELECT MAX(x) FROM …))");
            }
            if (call.getAggregation().getKind() != SqlKind.LITERAL_AGG) {
                kept.add(call);
            }
        }
        if (kept.size() == agg.getAggCallList().size() || agg.getGroupType() != LogicalAggregate.Group.SIMPLE) {
            return agg;
        }
        RexBuilder rex = agg.getCluster().getRexBuilder();
        RelNode reduced = agg.copy(agg.getTraitSet(), agg.getInput(), agg.getGroupSet(), null, kept);
        List<RexNode> projections = new ArrayList<>();
        int groupCount = agg.getGroupCount();
        for (int i = 0; i < groupCount; i++) {
            projections.add(RexInputRef.of(i, reduced.getRowType()));
        }
        int next = groupCount;
        for (AggregateCall call : agg.getAggCallList()) {
            if (call.getAggregation().getKind() == SqlKind.LITERAL_AGG) {
                projections.add(rex.ensureType(call.getType(), call.rexList.get(0), true));
            } else {
                projections.add(RexInputRef.of(next++, reduced.getRowType()));
            }
        }
        return builder.push(reduced).project(projections, agg.getRowType().getFieldNames(), true).build();
    }

    private static LogicalJoin withNullSafeKeysAsEqualities(LogicalJoin join) {
        int leftCount = join.getLeft().getRowType().getFieldCount();
        RexBuilder rex = join.getCluster().getRexBuilder();
        List<RexNode> conjuncts = new ArrayList<>();
        boolean changed = false;
        for (RexNode c : org.apache.calcite.plan.RelOptUtil.conjunctions(join.getCondition())) {
            if (c.getKind() == SqlKind.IS_NOT_DISTINCT_FROM && c instanceof RexCall call
                    && call.getOperands().get(0) instanceof RexInputRef a
                    && call.getOperands().get(1) instanceof RexInputRef b
                    && (a.getIndex() < leftCount) != (b.getIndex() < leftCount)) {
                conjuncts.add(rex.makeCall(SqlStdOperatorTable.EQUALS, a, b));
                changed = true;
            } else {
                conjuncts.add(c);
            }
        }
        if (!changed) {
            return join;
        }
        return join.copy(join.getTraitSet(), RexUtil.composeConjunction(rex, conjuncts), join.getLeft(),
                join.getRight(), join.getJoinType(), join.isSemiJoinDone());
    }

    private static RelNode countJoinAsLeftJoin(LogicalJoin join, RelBuilder builder) {
        if (join.getJoinType() != JoinRelType.INNER || !join.getCondition().isAlwaysTrue()
                || !(join.getRight() instanceof LogicalAggregate agg) || !agg.getGroupSet().isEmpty()
                || agg.getAggCallList().isEmpty()) {
            return join;
        }
        for (AggregateCall call : agg.getAggCallList()) {
            if (call.getAggregation().getKind() != SqlKind.COUNT || call.filterArg >= 0) {
                return join;
            }
        }
        RexBuilder rex = join.getCluster().getRexBuilder();
        LogicalJoin left = join.copy(join.getTraitSet(), join.getCondition(), join.getLeft(), join.getRight(),
                JoinRelType.LEFT, join.isSemiJoinDone());
        int leftCount = join.getLeft().getRowType().getFieldCount();
        List<RexNode> projections = new ArrayList<>();
        for (int i = 0; i < join.getRowType().getFieldCount(); i++) {
            RexNode ref = RexInputRef.of(i, left.getRowType());
            if (i >= leftCount) {
                var type = join.getRowType().getFieldList().get(i).getType();
                ref = rex.ensureType(type, rex.makeCall(SqlStdOperatorTable.COALESCE, ref,
                        rex.makeZeroLiteral(type)), true);
            }
            projections.add(ref);
        }
        return builder.push(left).project(projections, join.getRowType().getFieldNames(), true).build();
    }
}
