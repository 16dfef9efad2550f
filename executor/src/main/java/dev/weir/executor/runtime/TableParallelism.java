package dev.weir.executor.runtime;

import dev.weir.core.WeirException;
import dev.weir.core.config.Configuration;
import dev.weir.executor.connector.TableContext;
import dev.weir.executor.operators.Operators;
import dev.weir.executor.plan.OperatorSpec;
import dev.weir.executor.plan.PhysicalPlan;
import dev.weir.executor.plan.SinkSpec;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A table's own parallelism, Flink's {@code 'scan.parallelism'} on a source table and
 * {@code 'sink.parallelism'} on a sink table, and the planning-time check of a plan's stages:
 * both options must be positive integers not above {@code pipeline.max-parallelism}, and an updating
 * input into a sink running at another parallelism than its input needs the sink's primary key
 * (Flink's rule: the changes of one key must reach one sink subtask in order).
 */
public final class TableParallelism {
    /** Flink's source option (FLIP-367): the parallelism of the table's source operator. */
    public static final String SCAN_PARALLELISM = "scan.parallelism";
    /** Flink's sink option (FLIP-146): the parallelism of the table's sink operator. */
    public static final String SINK_PARALLELISM = "sink.parallelism";

    private TableParallelism() {
    }

    /** The value of option {@code key} of table {@code table}, null when unset; refuses a bad value. */
    static Integer of(String table, Map<String, String> options, String key, int maxParallelism) {
        String value = options.get(key);
        if (value == null) {
            return null;
        }
        int p;
        try {
            p = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (p < 1 || p > maxParallelism) {
            throw new WeirException("Table '" + table + "': option '" + key + "' must be a positive integer not above"
                    + " pipeline.max-parallelism (" + maxParallelism + "), got '" + value + "'. Fix it in the table's"
                    + " WITH clause.");
        }
        return p;
    }

    /**
     * The columns of {@code sink}'s primary key, which an updating input into it is hashed on when it runs at
     * {@code sinkParallelism} and its input at {@code inputParallelism}; refuses a sink without one.
     */
    static int[] primaryKeyIndices(SinkSpec sink, int sinkParallelism, int inputParallelism) {
        List<String> key = TableContext.decodePrimaryKey(sink.options().get(TableContext.PRIMARY_KEY_OPTION));
        if (key.isEmpty()) {
            throw new WeirException("The sink for table '" + sink.tableName() + "' has a configured parallelism of "
                    + sinkParallelism + ", while the input parallelism is " + inputParallelism + ". Since the"
                    + " configured parallelism is different from the input's parallelism and the changelog mode is not"
                    + " insert-only, a primary key is required but could not be found. Declare a PRIMARY KEY ... NOT"
                    + " ENFORCED on '" + sink.tableName() + "', or set '" + SINK_PARALLELISM + "' = '"
                    + inputParallelism + "' (or remove it).");
        }
        int[] indices = new int[key.size()];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = sink.outputType().indexOf(key.get(i));
            if (indices[i] < 0) {
                throw new IllegalStateException("primary key column " + key.get(i) + " is not a column of sink "
                        + sink.tableName());
            }
        }
        return indices;
    }

    /**
     * Whether a hash exchange into {@code first} is there only because of a table's own parallelism (a sink's
     * primary key, a changelog source's primary key), not because {@code first} is keyed.
     */
    private static boolean hashedForTableParallelism(OperatorSpec first) {
        return first instanceof SinkSpec || !Operators.isStateful(first);
    }

    /**
     * Checks {@code plan}'s table parallelisms against {@code config} ({@code parallelism.default},
     * {@code pipeline.max-parallelism}), throwing a {@link WeirException} naming the table and option, and
     * returns what EXPLAIN adds to an operator, by plan index: {@code parallelism=[N]} where it differs from
     * the default, and {@code exchange=[rebalance]} (or {@code exchange=[hash]} on a sink's or a changelog source's
     * primary key) where its stage's input is redistributed because of a table's own parallelism.
     */
    public static Map<Integer, String> check(PhysicalPlan plan, Configuration config) {
        int defaultParallelism = Math.max(1, config.get(ExecutionOptions.PARALLELISM));
        int maxParallelism = config.get(ExecutionOptions.MAX_PARALLELISM);
        List<Stages.Stage> stages = Stages.split(plan, defaultParallelism, maxParallelism, false);
        Map<Integer, String> notes = new TreeMap<>();
        for (Stages.Stage stage : stages) {
            StringBuilder note = new StringBuilder();
            for (Stages.Input input : stage.inputs()) {
                int upstream = stages.get(input.stage()).parallelism();
                if (input.routing() == Stages.Routing.REBALANCE) {
                    note.append(note.length() == 0 ? "" : ", ").append("exchange=[rebalance]");
                } else if (input.routing() == Stages.Routing.HASH && upstream != stage.parallelism()
                        && hashedForTableParallelism(plan.operators().get(stage.first()))) {
                    note.append(note.length() == 0 ? "" : ", ").append("exchange=[hash]");
                }
            }
            for (int op : stage.operators()) {
                StringBuilder n = new StringBuilder();
                if (stage.parallelism() != defaultParallelism) {
                    n.append("parallelism=[").append(stage.parallelism()).append(']');
                }
                if (op == stage.first() && note.length() > 0) {
                    n.append(n.length() == 0 ? "" : ", ").append(note);
                }
                if (n.length() > 0) {
                    notes.put(op, n.toString());
                }
            }
        }
        return notes;
    }

    /** Whether {@code plan} needs more than one subtask anywhere: then it runs as a {@link ParallelJob}. */
    static boolean isParallel(PhysicalPlan plan, int defaultParallelism, int maxParallelism) {
        return Stages.slots(Stages.split(plan, defaultParallelism, maxParallelism, false)) > 1;
    }
}
