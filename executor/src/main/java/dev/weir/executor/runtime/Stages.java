package dev.weir.executor.runtime;

import dev.weir.core.WeirException;
import dev.weir.core.config.Configuration;
import dev.weir.core.keys.KeyGroups;
import dev.weir.executor.connector.Connectors;
import dev.weir.executor.connector.TableContext;
import dev.weir.executor.operators.Operators;
import dev.weir.executor.plan.DeduplicateSpec;
import dev.weir.executor.plan.GroupAggregateSpec;
import dev.weir.executor.plan.JoinSpec;
import dev.weir.executor.plan.OperatorSpec;
import dev.weir.executor.plan.OverAggregateSpec;
import dev.weir.executor.plan.PhysicalPlan;
import dev.weir.executor.plan.RankSpec;
import dev.weir.executor.plan.SessionWindowAggregateSpec;
import dev.weir.executor.plan.SinkSpec;
import dev.weir.executor.plan.SourceSpec;
import dev.weir.executor.plan.TwoInputJoinSpec;
import dev.weir.executor.plan.WatermarkAssignerSpec;
import dev.weir.executor.plan.WindowAggregateSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a plan into stages for parallel execution. A stage starts at every source, at every
 * keyed operator (behind a hash exchange on its key columns), at every join or union (one
 * exchange per input: hashed on that input's join keys, or forward for a union; a {@code BROADCAST} join's
 * broadcast input goes to every subtask and its other input is hashed on all columns) and at every sink
 * whose {@code sink.parallelism} differs from its input's. Stateless operators stay chained in the
 * stage of their input (one thread, no queue), so a stage is a tree rooted at its first operator when
 * operators in it fan out. Stages come in topological order; a stage may feed several stages, through
 * one exchange per plan edge that leaves it; a stage whose branches all end in sinks feeds none.
 *
 * <p>Each stage has its own parallelism: a source stage its table's {@code scan.parallelism} (else
 * the default), a sink stage its table's {@code sink.parallelism}, every other stage the default. A
 * forward edge between stages of different parallelism becomes a rebalance (round robin, as Flink's
 * RebalancePartitioner); into a sink stage an updating input is hashed on the sink's primary key
 * instead, and refused without one (Flink's rule), since round robin would reorder a key's changes; for
 * the same reason an updating source of its own parallelism is hashed on its primary key when its rows leave
 * its stage (after its watermark assigner), and refused without one where it would be rebalanced (a union).
 */
final class Stages {
    /** How an exchange routes the rows of an upstream subtask to the downstream subtasks. */
    enum Routing {
        /** Subtask i feeds subtask i (both stages have the same parallelism). */
        FORWARD,
        /** By key group of the key columns. */
        HASH,
        /** Round robin over every downstream subtask. */
        REBALANCE,
        /** Every row to every downstream subtask (the broadcast input of a {@code BROADCAST} join). */
        BROADCAST
    }

    /**
     * An input of a stage: the upstream stage and how its rows are routed.
     *
     * @param keyIndices the columns the exchange hashes, in the upstream operator's output; null unless
     *                   {@code routing} is {@link Routing#HASH}
     * @param from       the plan operator (in stage {@code stage}) whose output this exchange carries
     */
    record Input(int stage, int[] keyIndices, int from, Routing routing) {
        Input(int stage, int[] keyIndices, int from) {
            this(stage, keyIndices, from, keyIndices == null ? Routing.FORWARD : Routing.HASH);
        }

        boolean isForward() {
            return routing == Routing.FORWARD;
        }
    }

    /**
     * Plan operators run chained in one stage, in plan order; the first is a source or reads {@code inputs},
     * every other reads one operator of the stage. Every operator of the stage runs at {@code parallelism}.
     */
    record Stage(List<Integer> operators, List<Input> inputs, int parallelism) {
        Stage(List<Integer> operators, List<Input> inputs) {
            this(operators, inputs, 1);
        }

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

    /** The stages at parallelism 1 everywhere but where a table sets its own (tests). */
    static List<Stage> split(PhysicalPlan plan) {
        return split(plan, 1, KeyGroups.DEFAULT_MAX_PARALLELISM, true);
    }

    /**
     * @param defaultParallelism {@code parallelism.default}
     * @param maxParallelism     {@code pipeline.max-parallelism}: no table may set a higher parallelism
     * @param forRuntime         refuse operators that cannot run above parallelism 1 (false when planning only)
     */
    static List<Stage> split(PhysicalPlan plan, int defaultParallelism, int maxParallelism, boolean forRuntime) {
        List<OperatorSpec> specs = plan.operators();
        int[] stageOf = new int[specs.size()];
        List<List<Integer>> operators = new ArrayList<>();
        List<List<Input>> inputs = new ArrayList<>();
        List<Integer> parallelism = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            OperatorSpec spec = specs.get(i);
            List<Integer> in = plan.inputsOf(i);
            List<Input> stageInputs = new ArrayList<>();
            int stageParallelism = defaultParallelism;
            if (in.isEmpty() && spec instanceof SourceSpec source) {
                Integer own = TableParallelism.of(source.tableName(), source.options(),
                        TableParallelism.SCAN_PARALLELISM, maxParallelism);
                stageParallelism = own == null ? defaultParallelism : own;
            } else if (in.size() > 1) {
                for (int k = 0; k < in.size(); k++) {
                    int[] keys = inputKeys(spec, k);
                    int up = stageOf[in.get(k)];
                    if (spec instanceof JoinSpec join && join.isBroadcast()) {
                        stageInputs.add(broadcastJoinInput(join, k, up, in.get(k)));
                    } else if (keys == null && parallelism.get(up) != defaultParallelism) {
                        int[] sourceKey = updatingSourceKey(specs, operators.get(up));
                        if (sourceKey == null) {
                            refuseUpdatingRebalance(specs.get(operators.get(up).get(0)), parallelism.get(up),
                                    defaultParallelism);
                        }
                        stageInputs.add(sourceKey != null ? new Input(up, sourceKey, in.get(k), Routing.HASH)
                                : new Input(up, null, in.get(k), Routing.REBALANCE));
                    } else {
                        stageInputs.add(new Input(up, keys, in.get(k)));
                    }
                }
            } else if (in.size() == 1) {
                int up = stageOf[in.get(0)];
                int upParallelism = parallelism.get(up);
                int[] keys = keyIndices(spec);
                Integer ownSink = spec instanceof SinkSpec sink ? TableParallelism.of(sink.tableName(), sink.options(),
                        TableParallelism.SINK_PARALLELISM, maxParallelism) : null;
                if (ownSink != null && ownSink != upParallelism) {
                    SinkSpec sink = (SinkSpec) spec;
                    stageParallelism = ownSink;
                    stageInputs.add(sink.updatingInput()
                            ? new Input(up, TableParallelism.primaryKeyIndices(sink, ownSink, upParallelism), in.get(0),
                                    Routing.HASH)
                            : new Input(up, null, in.get(0), Routing.REBALANCE));
                } else if (keys == null && ownSink == null && upParallelism != defaultParallelism
                        && !(spec instanceof WatermarkAssignerSpec) && updatingSourceKey(specs, operators.get(up)) != null) {
                    // A changelog source of its own parallelism: hashed on its primary key after the source (and its
                    // watermark assigner), as Flink does, so that one key's changes stay in order downstream.
                    stageInputs.add(new Input(up, updatingSourceKey(specs, operators.get(up)), in.get(0), Routing.HASH));
                } else if (keys == null) {
                    if (forRuntime && upParallelism > 1 && Operators.isStateful(spec)
                            && !(spec instanceof WatermarkAssignerSpec) && !(spec instanceof SinkSpec)) {
                        throw new WeirException("Operator '" + spec.id() + "' (" + spec.describe() + ") cannot run"
                                + " in parallel yet. Set 'parallelism.default' = '1' (and no 'scan.parallelism' above"
                                + " 1 on its source) for this job.");
                    }
                    stageOf[i] = up; // chained behind its input
                    operators.get(up).add(i);
                    continue;
                } else {
                    stageInputs.add(new Input(up, keys, in.get(0)));
                }
            }
            stageOf[i] = operators.size();
            operators.add(new ArrayList<>(List.of(i)));
            inputs.add(stageInputs);
            parallelism.add(stageParallelism);
        }
        List<Stage> stages = new ArrayList<>(operators.size());
        for (int s = 0; s < operators.size(); s++) {
            stages.add(new Stage(List.copyOf(operators.get(s)), List.copyOf(inputs.get(s)), parallelism.get(s)));
        }
        return stages;
    }

    /**
     * The primary key columns of the source of a stage that holds only a source producing updates (and its watermark
     * assigner, which passes rows on unchanged), or null: the columns its rows are hashed on when they leave the
     * stage for another parallelism.
     */
    private static int[] updatingSourceKey(List<OperatorSpec> specs, List<Integer> stageOperators) {
        if (!(specs.get(stageOperators.get(0)) instanceof SourceSpec source) || stageOperators.size() > 2
                || (stageOperators.size() == 2 && !(specs.get(stageOperators.get(1)) instanceof WatermarkAssignerSpec))
                || !producesUpdates(source)) {
            return null;
        }
        List<String> key = TableContext.decodePrimaryKey(source.options().get(TableContext.PRIMARY_KEY_OPTION));
        int[] indices = new int[key.size()];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = source.outputType().indexOf(key.get(i));
            if (indices[i] < 0) {
                return null; // the scan does not read a key column
            }
        }
        return indices.length == 0 ? null : indices;
    }

    private static boolean producesUpdates(SourceSpec source) {
        return Connectors.find(source.connector()).producesUpdates(new TableContext(source.tableName(),
                source.outputType(), source.options(), Configuration.empty(), 0, 1, null));
    }

    /**
     * Refuses to rebalance the rows of a source stage (one with its own {@code scan.parallelism}) whose table
     * produces updates: round robin would deliver one key's changes to several subtasks, out of order.
     */
    private static void refuseUpdatingRebalance(OperatorSpec first, int sourceParallelism, int defaultParallelism) {
        if (first instanceof SourceSpec source) {
            if (producesUpdates(source)) {
                throw new WeirException("Table '" + source.tableName() + "' produces updates (connector '"
                        + source.connector() + "'), and with '" + TableParallelism.SCAN_PARALLELISM + "' = '"
                        + sourceParallelism + "' its rows would reach the UNION at parallelism " + defaultParallelism
                        + " round robin, a key's changes out of order (a primary key the scan reads would hash them"
                        + " instead). Remove '" + TableParallelism.SCAN_PARALLELISM
                        + "' from '" + source.tableName() + "' or set it to " + defaultParallelism + ".");
            }
        }
    }

    /**
     * Input {@code input} of a broadcast join: the broadcast input goes whole to every subtask; the other is hashed
     * on all its columns, so that a row and its retraction meet on the subtask keeping it.
     */
    private static Input broadcastJoinInput(JoinSpec join, int input, int upstreamStage, int from) {
        if (input == join.broadcastInput()) {
            return new Input(upstreamStage, null, from, Routing.BROADCAST);
        }
        int[] all = new int[join.arityOf(input)];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return new Input(upstreamStage, all, from, Routing.HASH);
    }

    /** The highest parallelism of any stage: the subtask slots a checkpoint keeps positions and committables for. */
    static int slots(List<Stage> stages) {
        int slots = 1;
        for (Stage s : stages) {
            slots = Math.max(slots, s.parallelism());
        }
        return slots;
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
        return spec instanceof TwoInputJoinSpec join ? join.keys().of(input) : null;
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
        if (spec instanceof dev.weir.executor.plan.SessionWindowTableFunctionSpec s) {
            return s.keyIndices(); // the empty key without PARTITION BY: all rows to one subtask
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
