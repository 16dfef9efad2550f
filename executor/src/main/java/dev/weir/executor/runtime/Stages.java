package dev.weir.executor.runtime;

import dev.weir.core.WeirException;
import dev.weir.executor.operators.Operators;
import dev.weir.executor.plan.GroupAggregateSpec;
import dev.weir.executor.plan.OperatorSpec;
import dev.weir.executor.plan.WatermarkAssignerSpec;
import dev.weir.executor.plan.WindowAggregateSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a linear plan into stages for parallel execution: a new stage starts at every keyed
 * operator, behind a hash exchange on its key columns. Stateless operators stay chained in the
 * stage before them (one thread, no queue).
 */
final class Stages {
    /**
     * Specs {@code [from, to)} of the plan run chained in one stage.
     *
     * @param keyIndices the key columns the exchange in front of this stage hashes (in the input of spec
     *                   {@code from}); null for the first stage, which starts at the source
     */
    record Stage(int from, int to, int[] keyIndices) {
    }

    private Stages() {
    }

    static List<Stage> split(List<OperatorSpec> specs) {
        List<Stage> stages = new ArrayList<>();
        int from = 0;
        int[] keys = null;
        for (int i = 1; i < specs.size() - 1; i++) {
            OperatorSpec spec = specs.get(i);
            int[] k = keyIndices(spec);
            if (k != null) {
                stages.add(new Stage(from, i, keys));
                from = i;
                keys = k;
            } else if (Operators.isStateful(spec) && !(spec instanceof WatermarkAssignerSpec)) {
                throw new WeirException("Operator '" + spec.id() + "' (" + spec.describe() + ") cannot run in parallel"
                        + " yet. Set 'parallelism.default' = '1' for this job.");
            }
        }
        stages.add(new Stage(from, specs.size(), keys));
        return stages;
    }

    /** The key columns of a keyed operator, null for any other. */
    static int[] keyIndices(OperatorSpec spec) {
        if (spec instanceof WindowAggregateSpec w) {
            return w.keyIndices();
        }
        if (spec instanceof GroupAggregateSpec g) {
            return g.keyIndices();
        }
        if (spec instanceof dev.weir.executor.plan.SessionWindowAggregateSpec s) {
            return s.keyIndices();
        }
        if (spec instanceof dev.weir.executor.plan.DeduplicateSpec d) {
            return d.keyIndices();
        }
        if (spec instanceof dev.weir.executor.plan.RankSpec r) {
            return r.keyIndices();
        }
        if (spec instanceof dev.weir.executor.plan.OverAggregateSpec o) {
            return o.keyIndices();
        }
        return null;
    }
}
