package dev.weir.executor.runtime;

import dev.weir.core.WeirException;
import dev.weir.executor.operators.Operators;
import dev.weir.executor.plan.DeduplicateSpec;
import dev.weir.executor.plan.GroupAggregateSpec;
import dev.weir.executor.plan.IntervalJoinSpec;
import dev.weir.executor.plan.JoinSpec;
import dev.weir.executor.plan.OperatorSpec;
import dev.weir.executor.plan.OverAggregateSpec;
import dev.weir.executor.plan.PhysicalPlan;
import dev.weir.executor.plan.RankSpec;
import dev.weir.executor.plan.SessionWindowAggregateSpec;
import dev.weir.executor.plan.SinkSpec;
import dev.weir.executor.plan.WatermarkAssignerSpec;
import dev.weir.executor.plan.WindowAggregateSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a plan into stages for parallel execution. A stage starts at every source, at every
 * keyed operator (behind a hash exchange on its key columns) and at every join or union (one
 * exchange per input: hashed on that input's join keys, or forward for a union). Stateless
 * operators stay chained in the stage before them (one thread, no queue). Stages come in
 * topological order; every stage but the last (which holds the sink) feeds exactly one other.
 */
final class Stages {
    /**
     * An input of a stage: the upstream stage and how its rows are routed.
     *
     * @param keyIndices the columns the exchange hashes, in the upstream stage's output; null for a
     *                   forward exchange (subtask i feeds subtask i)
     */
    record Input(int stage, int[] keyIndices) {
        boolean isForward() {
            return keyIndices == null;
        }
    }

    /** Plan operators run chained in one stage, in order; the first is a source or reads {@code inputs}. */
    record Stage(List<Integer> operators, List<Input> inputs) {
        boolean isSource() {
            return inputs.isEmpty();
        }

        int first() {
            return operators.get(0);
        }

        int last() {
            return operators.get(operators.size() - 1);
        }
    }

    private Stages() {
    }

    static List<Stage> split(PhysicalPlan plan) {
        List<OperatorSpec> specs = plan.operators();
        int[] stageOf = new int[specs.size()];
        List<List<Integer>> operators = new ArrayList<>();
        List<List<Input>> inputs = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            OperatorSpec spec = specs.get(i);
            List<Integer> in = plan.inputsOf(i);
            List<Input> stageInputs = new ArrayList<>();
            if (in.size() > 1) {
                for (int k = 0; k < in.size(); k++) {
                    stageInputs.add(new Input(stageOf[in.get(k)], inputKeys(spec, k)));
                }
            } else if (in.size() == 1) {
                int[] keys = keyIndices(spec);
                if (keys == null) {
                    if (Operators.isStateful(spec) && !(spec instanceof WatermarkAssignerSpec)
                            && !(spec instanceof SinkSpec)) {
                        throw new WeirException("Operator '" + spec.id() + "' (" + spec.describe() + ") cannot run"
                                + " in parallel yet. Set 'parallelism.default' = '1' for this job.");
                    }
                    stageOf[i] = stageOf[in.get(0)]; // chained behind its input
                    operators.get(stageOf[i]).add(i);
                    continue;
                }
                stageInputs.add(new Input(stageOf[in.get(0)], keys));
            }
            stageOf[i] = operators.size();
            operators.add(new ArrayList<>(List.of(i)));
            inputs.add(stageInputs);
        }
        List<Stage> stages = new ArrayList<>(operators.size());
        for (int s = 0; s < operators.size(); s++) {
            stages.add(new Stage(List.copyOf(operators.get(s)), List.copyOf(inputs.get(s))));
        }
        return stages;
    }

    /** The stage that stage {@code upstream} feeds. */
    static int consumerOf(List<Stage> stages, int upstream) {
        for (int s = upstream + 1; s < stages.size(); s++) {
            for (Input in : stages.get(s).inputs()) {
                if (in.stage() == upstream) {
                    return s;
                }
            }
        }
        throw new IllegalArgumentException("stage " + upstream + " is the last");
    }

    /** How input {@code input} of a multi-input operator is routed: by its join keys, or forward for a union. */
    private static int[] inputKeys(OperatorSpec spec, int input) {
        if (spec instanceof JoinSpec join) {
            return join.keysOf(input);
        }
        if (spec instanceof IntervalJoinSpec join) {
            return join.keysOf(input);
        }
        return null;
    }

    /** The key columns of a keyed operator, null for any other. */
    static int[] keyIndices(OperatorSpec spec) {
        if (spec instanceof WindowAggregateSpec w) {
            return w.keyIndices();
        }
        if (spec instanceof GroupAggregateSpec g) {
            return g.keyIndices();
        }
        if (spec instanceof SessionWindowAggregateSpec s) {
            return s.keyIndices();
        }
        if (spec instanceof DeduplicateSpec d) {
            return d.keyIndices();
        }
        if (spec instanceof RankSpec r) {
            return r.keyIndices();
        }
        if (spec instanceof OverAggregateSpec o) {
            return o.keyIndices();
        }
        return null;
    }
}
