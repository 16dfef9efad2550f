package dev.weir.planner.physical;

import java.util.List;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.rules.CoreRules;

/**
 * The rule-based rewrite between Calcite's logical plan and the physical plan. Two phases:
 * first simplify filters and projections (merge neighbours, drop trivial ones), then fold every
 * remaining Filter/Project into one Calc per stateless stretch, which is what the physical
 * planner turns into a {@code CalcSpec}. AVG is deliberately not reduced to SUM/COUNT: the
 * runtime computes AVG itself.
 */
public final class LogicalOptimizer {
    private static final List<RelOptRule> SIMPLIFY = List.of(
            CoreRules.FILTER_MERGE,
            CoreRules.PROJECT_MERGE,
            CoreRules.PROJECT_REMOVE);
    private static final List<RelOptRule> TO_CALC = List.of(
            CoreRules.PROJECT_TO_CALC,
            CoreRules.FILTER_TO_CALC,
            CoreRules.CALC_MERGE,
            CoreRules.CALC_REMOVE);

    private LogicalOptimizer() {
    }

    /** The optimised logical plan, made of Calc, Aggregate, TableFunctionScan and TableScan nodes. */
    public static RelNode optimize(RelNode logical) {
        HepProgramBuilder program = HepProgram.builder().addMatchOrder(HepMatchOrder.BOTTOM_UP);
        program.addRuleCollection(SIMPLIFY);
        program.addRuleCollection(TO_CALC);
        HepPlanner planner = new HepPlanner(program.build());
        planner.setRoot(logical);
        return planner.findBestExp();
    }
}
