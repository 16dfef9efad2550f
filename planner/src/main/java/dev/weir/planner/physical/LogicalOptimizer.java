package dev.weir.planner.physical;

import java.util.List;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.rules.CalcMergeRule;
import org.apache.calcite.rel.rules.CalcRemoveRule;
import org.apache.calcite.rel.rules.FilterJoinRule;
import org.apache.calcite.rel.rules.FilterMergeRule;
import org.apache.calcite.rel.rules.FilterToCalcRule;
import org.apache.calcite.rel.rules.ProjectJoinTransposeRule;
import org.apache.calcite.rel.rules.ProjectMergeRule;
import org.apache.calcite.rel.rules.ProjectRemoveRule;
import org.apache.calcite.rel.rules.ProjectToCalcRule;
import org.apache.calcite.rel.rules.PushProjector;

/**
 * The rule-based rewrite between Calcite's logical plan and the physical plan. Two phases:
 * first simplify filters and projections (merge neighbours, drop trivial ones), then fold every
 * remaining Filter/Project into one Calc per stateless stretch, which is what the physical
 * planner turns into a {@code CalcSpec}. AVG is deliberately not reduced to SUM/COUNT: the
 * runtime computes AVG itself.
 */
public final class LogicalOptimizer {
    // The rules are built from their configs rather than taken from CoreRules, whose class
    // initialiser builds all ~200 core rules (a fifth of a second of every start).
    private static final List<RelOptRule> SIMPLIFY = List.of(
            FilterMergeRule.Config.DEFAULT.toRule(),
            ProjectMergeRule.Config.DEFAULT.toRule(),
            ProjectRemoveRule.Config.DEFAULT.toRule(),
            // WHERE conditions over a join become its ON condition (so FROM a, b WHERE a.k = b.k is an
            // equi-join), and conditions on one input move below the join.
            FilterJoinRule.FilterIntoJoinRule.FilterIntoJoinRuleConfig.DEFAULT.toRule(),
            FilterJoinRule.JoinConditionPushRule.JoinConditionPushRuleConfig.DEFAULT.toRule(),
            // Only the columns the query reads above a join (and its condition) reach it: the join keeps
            // less state per row, and the scans below skip computed columns nobody reads. Column
            // references only (ExprCondition.FALSE): moving the condition's expressions below the join
            // would hide its time bounds from the interval-join detection.
            ProjectJoinTransposeRule.Config.DEFAULT.withPreserveExprCondition(PushProjector.ExprCondition.FALSE)
                    .toRule());
    private static final List<RelOptRule> TO_CALC = List.of(
            ProjectToCalcRule.Config.DEFAULT.toRule(),
            FilterToCalcRule.Config.DEFAULT.toRule(),
            CalcMergeRule.Config.DEFAULT.toRule(),
            CalcRemoveRule.Config.DEFAULT.toRule());

    private LogicalOptimizer() {
    }

    /** The optimised logical plan, made of Calc, Aggregate, Join, Union, TableFunctionScan and TableScan nodes. */
    public static RelNode optimize(RelNode logical) {
        HepProgramBuilder program = HepProgram.builder().addMatchOrder(HepMatchOrder.BOTTOM_UP);
        program.addRuleCollection(SIMPLIFY);
        program.addRuleCollection(TO_CALC);
        HepPlanner planner = new HepPlanner(program.build());
        // Subqueries and set operations first: their rewrites leave filters and projections to simplify.
        planner.setRoot(SubQueriesAndSetOperations.rewrite(logical));
        return planner.findBestExp();
    }
}
