package dev.weir.planner.physical;

import java.util.List;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Intersect;
import org.apache.calcite.rel.core.Minus;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.core.Union;
import org.apache.calcite.rel.rules.IntersectToDistinctRule;
import org.apache.calcite.rel.rules.MinusToDistinctRule;
import org.apache.calcite.rel.rules.SubQueryRemoveRule;
import org.apache.calcite.rel.rules.UnionToDistinctRule;
import org.apache.calcite.sql2rel.RelDecorrelator;
import org.apache.calcite.tools.RelBuilder;

/**
 * Rewrites subqueries (IN, EXISTS, NOT IN, NOT EXISTS, scalar) and the set operations UNION,
 * INTERSECT and EXCEPT into the joins and group aggregations Weir runs, as Flink does.
 *
 * <p>Subqueries that are conjuncts of a filter become semi and anti joins first ({@link SemiAntiJoins}),
 * as Flink plans them: a semi join of insert-only inputs is insert-only. The others go through
 * Calcite's {@link SubQueryRemoveRule} (a subquery becomes a join with
 * an aggregate of the subquery, or a correlate) and {@link RelDecorrelator} (a correlate becomes
 * a join on the correlated columns). Set operations become a UNION ALL under a group aggregate
 * over all columns, which treats NULLs as equal, as set operations must.
 */
final class SubQueriesAndSetOperations {
    private static final List<RelOptRule> SUB_QUERIES = List.of(
            SubQueryRemoveRule.Config.FILTER.toRule(),
            SubQueryRemoveRule.Config.PROJECT.toRule(),
            SubQueryRemoveRule.Config.JOIN.toRule());
    private static final List<RelOptRule> SET_OPERATIONS = List.of(
            UnionToDistinctRule.Config.DEFAULT.toRule(),
            IntersectToDistinctRule.Config.DEFAULT.toRule(),
            MinusToDistinctRule.Config.DEFAULT.toRule());

    private SubQueriesAndSetOperations() {
    }

    /** {@code logical} without subqueries and with set operations other than UNION ALL rewritten. */
    static RelNode rewrite(RelNode logical) {
        RelNode rel = logical;
        if (containsSubQuery(rel)) {
            // Subqueries standing as WHERE conjuncts become semi and anti joins, as in Flink; the rest
            // (under OR, in SELECT, correlated in ways it cannot pull out) go through Calcite's rewrite.
            rel = SemiAntiJoins.rewrite(rel);
        }
        if (containsSubQuery(rel)) {
            // A null-safe equality the query wrote itself must stay one: only the decorrelator's are rewritten.
            boolean writtenNullSafe = containsNullSafeEquality(rel);
            rel = run(rel, SUB_QUERIES);
            RelBuilder builder = RelFactories.LOGICAL_BUILDER.create(rel.getCluster(), null);
            rel = RelDecorrelator.decorrelateQuery(rel, builder);
            rel = DecorrelatedPlans.adapt(rel, builder, !writtenNullSafe);
        }
        if (SetOperationsAll.contains(rel)) {
            rel = SetOperationsAll.rewrite(rel);
        }
        if (containsSetOperation(rel)) {
            rel = run(rel, SET_OPERATIONS);
        }
        return rel;
    }

    private static RelNode run(RelNode rel, List<RelOptRule> rules) {
        HepProgramBuilder program = HepProgram.builder().addMatchOrder(HepMatchOrder.BOTTOM_UP);
        program.addRuleCollection(rules);
        HepPlanner planner = new HepPlanner(program.build());
        planner.setRoot(rel);
        return planner.findBestExp();
    }

    private static boolean containsSubQuery(RelNode rel) {
        boolean[] found = {false};
        rel.accept(new org.apache.calcite.rex.RexShuttle() {
            @Override
            public org.apache.calcite.rex.RexNode visitSubQuery(org.apache.calcite.rex.RexSubQuery subQuery) {
                found[0] = true;
                return subQuery;
            }
        });
        if (found[0]) {
            return true;
        }
        for (RelNode input : rel.getInputs()) {
            if (containsSubQuery(input)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code rel} or any subquery in it uses IS NOT DISTINCT FROM. */
    private static boolean containsNullSafeEquality(RelNode rel) {
        boolean[] found = {false};
        rel.accept(new org.apache.calcite.rex.RexShuttle() {
            @Override
            public org.apache.calcite.rex.RexNode visitCall(org.apache.calcite.rex.RexCall call) {
                if (call.getKind() == org.apache.calcite.sql.SqlKind.IS_NOT_DISTINCT_FROM) {
                    found[0] = true;
                }
                return super.visitCall(call);
            }

            @Override
            public org.apache.calcite.rex.RexNode visitSubQuery(org.apache.calcite.rex.RexSubQuery subQuery) {
                found[0] |= containsNullSafeEquality(subQuery.rel);
                return super.visitSubQuery(subQuery);
            }
        });
        if (found[0]) {
            return true;
        }
        for (RelNode input : rel.getInputs()) {
            if (containsNullSafeEquality(input)) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsSetOperation(RelNode rel) {
        if (rel instanceof Intersect || rel instanceof Minus || rel instanceof Union u && !u.all) {
            return true;
        }
        for (RelNode input : rel.getInputs()) {
            if (containsSetOperation(input)) {
                return true;
            }
        }
        return false;
    }
}
