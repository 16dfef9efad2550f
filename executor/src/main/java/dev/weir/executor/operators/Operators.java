package dev.weir.executor.operators;

import dev.weir.core.type.RowType;
import dev.weir.executor.operator.StreamOperator;
import dev.weir.executor.plan.CalcSpec;
import dev.weir.executor.plan.GroupAggregateSpec;
import dev.weir.executor.plan.LateRowsSpec;
import dev.weir.executor.plan.OperatorSpec;
import dev.weir.executor.plan.WatermarkAssignerSpec;
import dev.weir.executor.plan.WindowAggregateSpec;
import dev.weir.executor.plan.WindowKind;
import dev.weir.executor.plan.IntervalJoinSpec;
import dev.weir.executor.plan.JoinSpec;
import dev.weir.executor.plan.UnionSpec;
import java.io.IOException;
import java.util.List;

/** Builds runtime operators from the planner's specs, restored when the context says so. */
public final class Operators {
    private Operators() {
    }

    /**
     * Builds the operator for a Calc, WatermarkAssigner, WindowAggregate or GroupAggregate spec. Sources and sinks
     * are connector-backed and built by the runtime ({@link SinkOperator}).
     *
     * @param inputType the schema of the rows the operator receives
     */
    public static StreamOperator create(OperatorSpec spec, RowType inputType, OperatorContext context)
            throws IOException {
        if (spec instanceof CalcSpec calc) {
            return new CalcOperator(calc);
        }
        if (spec instanceof WatermarkAssignerSpec wm) {
            return new WatermarkAssignerOperator(wm, context.restoreDir());
        }
        if (spec instanceof WindowAggregateSpec window) {
            if (window.updatingInput()) {
                return new RetractingWindowAggregateOperator(window, inputType, context);
            }
            return window.kind() == WindowKind.TUMBLE ? new WindowAggregateOperator(window, inputType, context)
                    : new SlicingWindowAggregateOperator(window, inputType, context);
        }
        if (spec instanceof dev.weir.executor.plan.SessionWindowAggregateSpec session) {
            return session.updatingInput() ? new RetractingSessionWindowAggregateOperator(session, inputType, context)
                    : new SessionWindowAggregateOperator(session, inputType, context);
        }
        if (spec instanceof dev.weir.executor.plan.DeduplicateSpec dedup) {
            return new DeduplicateOperator(dedup, inputType, context);
        }
        if (spec instanceof dev.weir.executor.plan.RankSpec rank) {
            return rank.updatingInput() ? new RetractableRankOperator(rank, inputType, context)
                    : new RankOperator(rank, inputType, context);
        }
        if (spec instanceof dev.weir.executor.plan.OverAggregateSpec over) {
            return over.nonTimeOrder() ? new NonTimeOverAggregateOperator(over, inputType, context)
                    : new OverAggregateOperator(over, inputType, context);
        }
        if (spec instanceof dev.weir.executor.plan.ReplicateRowsSpec) {
            return new ReplicateRowsOperator();
        }
        if (spec instanceof dev.weir.executor.plan.SessionWindowTableFunctionSpec session) {
            return new SessionWindowTableFunctionOperator(session, inputType, context);
        }
        if (spec instanceof dev.weir.executor.plan.WindowTableFunctionSpec tvf) {
            return new WindowTableFunctionOperator(tvf, context);
        }
        if (spec instanceof dev.weir.executor.plan.WindowRankSpec rank) {
            return new WindowRankOperator(rank, inputType, context);
        }
        if (spec instanceof dev.weir.executor.plan.TemporalSortSpec sort) {
            return new TemporalSortOperator(sort, inputType, context);
        }
        if (spec instanceof dev.weir.executor.plan.LimitSpec limit) {
            return new RankOperator(limit.asRank(), inputType, context);
        }
        if (spec instanceof GroupAggregateSpec group) {
            return new GroupAggregateOperator(group, inputType, context);
        }
        if (spec instanceof LateRowsSpec) {
            return new LateRowsOperator();
        }
        if (spec instanceof dev.weir.executor.plan.UnnestSpec unnest) {
            return new UnnestOperator(unnest);
        }
        throw new IllegalArgumentException("sources and sinks are built by the task, not here: " + spec.id());
    }

    /**
     * Builds any operator but a source or sink; a join or union gets one input type per input, every
     * other operator exactly one.
     */
    public static StreamOperator create(OperatorSpec spec, List<RowType> inputTypes, OperatorContext context)
            throws IOException {
        if (spec instanceof JoinSpec join) {
            return join.isBroadcast() ? new BroadcastJoinOperator(join, inputTypes, context)
                    : new JoinOperator(join, inputTypes, context);
        }
        if (spec instanceof IntervalJoinSpec join) {
            return new IntervalJoinOperator(join, inputTypes, context);
        }
        if (spec instanceof dev.weir.executor.plan.WindowJoinSpec join) {
            return new WindowJoinOperator(join, inputTypes, context);
        }
        if (spec instanceof dev.weir.executor.plan.TemporalJoinSpec join) {
            return new TemporalJoinOperator(join, inputTypes, context);
        }
        if (spec instanceof dev.weir.executor.plan.SemiAntiJoinSpec join) {
            return new SemiAntiJoinOperator(join, inputTypes, context);
        }
        if (spec instanceof UnionSpec) {
            return new UnionOperator();
        }
        if (inputTypes.size() != 1) {
            throw new IllegalArgumentException(spec.id() + " has one input, not " + inputTypes.size());
        }
        return create(spec, inputTypes.get(0), context);
    }

    /**
     * Whether the operator keeps state in checkpoints; a checkpoint must hold exactly the stateful
     * operators of the plan it is restored into.
     */
    public static boolean isStateful(OperatorSpec spec) {
        return !(spec instanceof CalcSpec || spec instanceof UnionSpec || spec instanceof LateRowsSpec
                || spec instanceof dev.weir.executor.plan.WindowTableFunctionSpec
                || spec instanceof dev.weir.executor.plan.UnnestSpec
                || spec instanceof dev.weir.executor.plan.ReplicateRowsSpec);
    }
}
