package dev.weir.planner.physical;

import static dev.weir.planner.physical.PhysicalPlanner.unsupported;

import dev.weir.executor.plan.AggregateFunctionKind;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rex.RexNode;

/**
 * Calcite's aggregate calls as the executor's {@link dev.weir.executor.plan.AggregateCall}s: the
 * function, the pre-aggregation columns they read, and the positional names operator ids use.
 */
final class AggregateCalls {
    private AggregateCalls() {
    }

    static AggregateFunctionKind kindOf(AggregateCall call) {
        return switch (call.getAggregation().getKind()) {
            case COUNT -> AggregateFunctionKind.COUNT;
            case SUM -> AggregateFunctionKind.SUM;
            case MIN -> AggregateFunctionKind.MIN;
            case MAX -> AggregateFunctionKind.MAX;
            case AVG -> AggregateFunctionKind.AVG;
            default -> throw unsupported("the aggregate function " + call.getAggregation().getName()
                    + " (supported: COUNT, SUM, MIN, MAX, AVG)");
        };
    }

    /**
     * The calls named by position, for operator ids: an aggregate's alias (`COUNT(*) AS n`) names an
     * output column and says nothing about the state, so renaming it must keep the savepoint's state.
     */
    static List<dev.weir.executor.plan.AggregateCall> unnamed(List<dev.weir.executor.plan.AggregateCall> calls) {
        List<dev.weir.executor.plan.AggregateCall> positional = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            dev.weir.executor.plan.AggregateCall c = calls.get(i);
            positional.add(new dev.weir.executor.plan.AggregateCall(c.function(), c.argIndex(), c.distinct(),
                    c.resultType(), "$" + i, c.filterIndex()));
        }
        return positional;
    }

    /** The index of {@code e} among the pre-aggregation columns, appending it when new. */
    static int column(List<RexNode> pre, List<String> names, RexNode e) {
        int index = pre.indexOf(e);
        if (index < 0) {
            index = pre.size();
            pre.add(e);
            names.add("$f" + index);
        }
        return index;
    }
}
