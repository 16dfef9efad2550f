package dev.weir.executor.runtime;

import dev.weir.executor.operator.Output;
import dev.weir.executor.operators.OperatorMetrics;
import dev.weir.executor.plan.LateRowsSpec;
import dev.weir.executor.plan.PhysicalPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the output of one operator of a plan graph from the outputs of its edges, for both
 * runtimes: nothing for a sink, the edge's own output for one consumer (no extra call per row), a
 * {@link FanOutOutput} for several, and a {@link LateRowsSplitOutput} for a window whose late rows
 * a {@link LateRowsSpec} reads. Each row is counted once as the operator's output.
 */
final class EdgeOutputs {
    /**
     * Metrics an edge output counts into when another output already counted the row: a fresh,
     * never-read instance per use, so task threads never write one shared object.
     */
    static OperatorMetrics uncounted() {
        return new OperatorMetrics("uncounted");
    }

    /** Builds what one edge's rows go into (a chained operator, a join input, an exchange). */
    interface EdgeOutputFactory {
        /** @param counted where the edge output counts rows: the operator's metrics or {@link #uncounted()} */
        Output create(PhysicalPlan.Edge edge, OperatorMetrics counted) throws Exception;
    }

    private EdgeOutputs() {
    }

    static Output of(PhysicalPlan plan, int operator, OperatorMetrics metrics, EdgeOutputFactory factory)
            throws Exception {
        List<PhysicalPlan.Edge> edges = plan.consumersOf(operator);
        if (edges.isEmpty()) {
            return DiscardingOutput.INSTANCE;
        }
        List<PhysicalPlan.Edge> regular = new ArrayList<>(edges.size());
        List<PhysicalPlan.Edge> late = new ArrayList<>(1);
        for (PhysicalPlan.Edge e : edges) {
            (plan.operators().get(e.to()) instanceof LateRowsSpec ? late : regular).add(e);
        }
        Output regularOut = combine(regular, metrics, factory);
        if (late.isEmpty()) {
            return regularOut;
        }
        // late rows are counted by the window's late-row counter, not as its output
        return new LateRowsSplitOutput(regularOut, combine(late, uncounted(), factory));
    }

    private static Output combine(List<PhysicalPlan.Edge> edges, OperatorMetrics metrics, EdgeOutputFactory factory)
            throws Exception {
        if (edges.size() == 1) {
            return factory.create(edges.get(0), metrics);
        }
        Output[] outs = new Output[edges.size()];
        for (int k = 0; k < outs.length; k++) {
            outs[k] = factory.create(edges.get(k), uncounted());
        }
        return new FanOutOutput(metrics, outs); // none at all: a window read only for its late rows
    }
}
