package dev.weir.planner.physical;

import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLocalRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Which columns of the (single) table scan a plan reads, so the scan computes only the computed
 * columns the query needs: {@code SELECT a FROM t} must not evaluate t's other expressions per row.
 * Walks the plan top-down, narrowing the fields each node needs from its input; unknown nodes keep
 * every input field (safe, never wrong).
 */
final class ScanColumnUsage {
    private ScanColumnUsage() {
    }

    /** The scan fields that {@code root}'s output (all of it) depends on. */
    static ImmutableBitSet of(RelNode root) {
        return required(root, ImmutableBitSet.range(root.getRowType().getFieldCount()));
    }

    private static ImmutableBitSet required(RelNode rel, ImmutableBitSet needed) {
        if (rel instanceof TableScan) {
            return needed;
        }
        if (rel instanceof Calc calc) {
            RexProgram program = calc.getProgram();
            ImmutableBitSet.Builder in = ImmutableBitSet.builder();
            for (int i : needed) {
                in.addAll(RelOptUtil.InputFinder.bits(program.expandLocalRef(program.getProjectList().get(i))));
            }
            RexLocalRef condition = program.getCondition();
            if (condition != null) {
                in.addAll(RelOptUtil.InputFinder.bits(program.expandLocalRef(condition)));
            }
            return required(calc.getInput(), in.build());
        }
        if (rel instanceof TableFunctionScan tfs && tfs.getInputs().size() == 1
                && tfs.getCall() instanceof RexCall call) {
            // A window TVF passes its input columns through and appends the window columns.
            int inputCount = tfs.getInput(0).getRowType().getFieldCount();
            ImmutableBitSet.Builder in = ImmutableBitSet.builder();
            for (int i : needed) {
                if (i < inputCount) {
                    in.set(i);
                }
            }
            for (RexNode operand : call.getOperands()) {
                if (operand instanceof RexCall c && c.getKind() == SqlKind.DESCRIPTOR) {
                    in.addAll(RelOptUtil.InputFinder.bits(c));
                } else if (operand instanceof RexInputRef ref) {
                    in.set(ref.getIndex());
                }
            }
            return required(tfs.getInput(0), in.build());
        }
        if (rel instanceof Aggregate agg) {
            ImmutableBitSet.Builder in = ImmutableBitSet.builder().addAll(agg.getGroupSet());
            for (AggregateCall call : agg.getAggCallList()) {
                in.addAll(call.getArgList());
                if (call.filterArg >= 0) {
                    in.set(call.filterArg);
                }
            }
            return required(agg.getInput(), in.build());
        }
        ImmutableBitSet all = ImmutableBitSet.of();
        for (RelNode input : rel.getInputs()) {
            all = all.union(required(input, ImmutableBitSet.range(input.getRowType().getFieldCount())));
        }
        return all;
    }
}
