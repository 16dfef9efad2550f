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
 * operators stay chained in the stage of their input (one thread, no queue), so a stage is a tree
 * rooted at its first operator when operators in it fan out. Stages come in topological order; a
 * stage may feed several stages, through one exchange per plan edge that leaves it; a stage whose
 * branches all end in sinks feeds none.
 */
final class Stages {
    /**
     * An input of a stage: the upstream stage and how its rows are routed.
     *
     * @param keyIndices the columns the exchange hashes, in the upstream operator's output; null for a
     *                   forward exchange (subtask i feeds subtask i)
     * @param from       the plan operator (in stage {@code stage}) whose output this exchange carries
     */
    record Input(int stage, int[] keyIndices, int from) {
        boolean isForward() {
            return keyIndices == null;
        }
    }

    /**
     * Plan operators run chained in one stage, in plan order; the first is a source or reads {@code inputs},
     * every other reads one operator of the stage.
     */
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
                    stageInputs.add(new Input(stageOf[in.get(k)], inputKeys(spec, k), in.get(k)));
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
                stageInputs.add(new Input(stageOf[in.get(0)], keys, in.get(0)));
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

    /** The stage of each plan operator. */
    static int[] stageOf(List<Stage> stages, int operators) {
        int[] stageOf = new int[operators];
        for (int s = 0; s < stages.size(); s++) {
            for (int op : stages.get(s).operators()) {
                stageOf[op] = s;
            }
        }
        return stageOf;
    }

    /** How input {@code input} of a multi-input operator is routed: by its join keys, or forward for a union. */
    private static int[] inputKeys(OperatorSpec spec, int input) {
        if (spec instanceof JoinSpec join) {
            return join.keysOf(input);
        }
        if (spec instanceof IntervalJoinSpec join) {
            return join.keysOf(input);
        }
        if (spec instanceof dev.weir.executor.plan.WindowJoinSpec join) {
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
        if (spec instanceof dev.weir.executor.plan.WindowRankSpec r) {
            return r.keyIndices();
        }
        if (spec instanceof dev.weir.executor.plan.TemporalSortSpec t) {
            return t.keyIndices(); // the empty key: all rows to one subtask
        }
        if (spec instanceof dev.weir.executor.plan.LimitSpec l) {
            return l.keyIndices(); // the empty key: all rows to one subtask
        }
        return null;
    }
}
