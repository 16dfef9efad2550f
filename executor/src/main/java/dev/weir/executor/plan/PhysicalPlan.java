package dev.weir.executor.plan;

import dev.weir.core.type.RowType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A job's operators as a directed acyclic graph, from its sources to one or more sinks.
 *
 * <p>{@link #operators()} lists them in topological order (an operator after all its inputs);
 * {@link #inputs()} says, per operator, which operators feed it, in input order (a join's left input
 * first). Sources and only sources have no input. A {@link SinkSpec} feeds nothing and may stand
 * anywhere in the list (an {@code EXECUTE STATEMENT SET} has one per INSERT); every other operator
 * feeds one or more operators. An operator with several consumers (fan-out) delivers every row,
 * watermark, checkpoint barrier and end of input to each of them; rows are immutable and shared, not
 * copied. An operator with several inputs (a join, UNION ALL) merges branches. Operator ids are
 * unique. A {@link LateRowsSpec} reads a window operator's late rows instead of its results (a side
 * output): each input row the window drops as late (beyond the allowed lateness, if any), unchanged,
 * in the window's input type; the window's late-row counter still counts them, and its other
 * consumers get its results as without it. At parallelism above 1 it runs chained behind the window.
 *
 * <p>Checkpoints and commits cover all sinks together: a checkpoint completes when every sink (every
 * subtask of each) has snapshotted, then every sink commits; the job ends when every sink has seen
 * the end of its input.
 */
public record PhysicalPlan(String jobName, List<OperatorSpec> operators, List<List<Integer>> inputs) {
    public PhysicalPlan {
        Objects.requireNonNull(jobName, "jobName is null");
        operators = List.copyOf(operators);
        List<List<Integer>> copied = new ArrayList<>(inputs.size());
        for (List<Integer> in : inputs) {
            copied.add(List.copyOf(in));
        }
        inputs = List.copyOf(copied);
        validate(operators, inputs);
    }

    /** A single pipeline: each operator feeds the next, from a source first to a sink last. */
    public PhysicalPlan(String jobName, List<OperatorSpec> operators) {
        this(jobName, operators, linearInputs(operators.size()));
    }

    private static List<List<Integer>> linearInputs(int size) {
        List<List<Integer>> inputs = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            inputs.add(i == 0 ? List.of() : List.of(i - 1));
        }
        return inputs;
    }

    private static void validate(List<OperatorSpec> operators, List<List<Integer>> inputs) {
        int n = operators.size();
        if (n < 2 || inputs.size() != n) {
            throw new IllegalArgumentException("a plan runs from sources to sinks: at least two operators, and one"
                    + " list of inputs per operator");
        }
        int[] consumers = new int[n];
        Set<String> ids = new HashSet<>();
        boolean anySink = false;
        for (int i = 0; i < n; i++) {
            OperatorSpec op = operators.get(i);
            List<Integer> in = inputs.get(i);
            if (!ids.add(op.id())) {
                throw new IllegalArgumentException("two operators share the id '" + op.id() + "'; ids must be unique");
            }
            if ((op instanceof SourceSpec) != in.isEmpty()) {
                throw new IllegalArgumentException("operator " + op.id() + ": sources and only sources have no input");
            }
            anySink |= op instanceof SinkSpec;
            for (int input : in) {
                if (input < 0 || input >= i) {
                    throw new IllegalArgumentException("operator " + op.id() + " reads operator " + input
                            + ", which does not come before it");
                }
                if (operators.get(input) instanceof SinkSpec) {
                    throw new IllegalArgumentException("operator " + op.id() + " reads sink "
                            + operators.get(input).id() + "; sinks feed nothing");
                }
                consumers[input]++;
            }
            if (op instanceof LateRowsSpec late) {
                validateLateRows(late, in, operators, inputs);
            }
        }
        if (!anySink) {
            throw new IllegalArgumentException("a plan needs at least one sink");
        }
        for (int i = 0; i < n; i++) {
            if (!(operators.get(i) instanceof SinkSpec) && consumers[i] == 0) {
                throw new IllegalArgumentException("operator " + operators.get(i).id() + " feeds no operator; every"
                        + " operator but a sink feeds one or more");
            }
        }
    }

    private static void validateLateRows(LateRowsSpec late, List<Integer> in, List<OperatorSpec> operators,
            List<List<Integer>> inputs) {
        if (in.size() != 1 || !LateRowsSpec.readsFrom(operators.get(in.get(0)))) {
            throw new IllegalArgumentException("late rows " + late.id() + " read one window operator (a window or"
                    + " session window aggregate), not " + describeInputs(in, operators));
        }
        int window = in.get(0);
        // a window always has exactly one input: its input type is that operator's output type
        RowType windowInput = operators.get(inputs.get(window).get(0)).outputType();
        if (!windowInput.equals(late.type())) {
            throw new IllegalArgumentException("late rows " + late.id() + " have type " + late.type()
                    + ", but window " + operators.get(window).id() + " receives " + windowInput
                    + "; late rows pass unchanged");
        }
    }

    private static String describeInputs(List<Integer> in, List<OperatorSpec> operators) {
        List<String> names = new ArrayList<>(in.size());
        for (int i : in) {
            names.add(operators.get(i).id());
        }
        return names.toString();
    }

    /** The operators that feed operator {@code index}, in input order. */
    public List<Integer> inputsOf(int index) {
        return inputs.get(index);
    }

    /**
     * The edges leaving operator {@code index}, in plan order of their consumers (empty for a sink):
     * one per input position it takes, so an operator read twice by one consumer has two edges.
     */
    public List<Edge> consumersOf(int index) {
        List<Edge> edges = new ArrayList<>(2);
        for (int c = index + 1; c < inputs.size(); c++) {
            List<Integer> in = inputs.get(c);
            for (int k = 0; k < in.size(); k++) {
                if (in.get(k) == index) {
                    edges.add(new Edge(index, c, k));
                }
            }
        }
        return edges;
    }

    /**
     * One edge of the graph: operator {@code from} feeds input {@code position} of operator {@code to}
     * (0 = the first input, a join's left).
     */
    public record Edge(int from, int to, int position) {
    }

    /** The indices of the sink operators, in plan order. */
    public List<Integer> sinkIndices() {
        List<Integer> sinks = new ArrayList<>();
        for (int i = 0; i < operators.size(); i++) {
            if (operators.get(i) instanceof SinkSpec) {
                sinks.add(i);
            }
        }
        return sinks;
    }

    /** The sinks, in plan order. */
    public List<SinkSpec> sinks() {
        List<SinkSpec> sinks = new ArrayList<>();
        for (int i : sinkIndices()) {
            sinks.add((SinkSpec) operators.get(i));
        }
        return sinks;
    }

    /** The indices of the source operators, in plan order. */
    public List<Integer> sourceIndices() {
        List<Integer> sources = new ArrayList<>();
        for (int i = 0; i < operators.size(); i++) {
            if (operators.get(i) instanceof SourceSpec) {
                sources.add(i);
            }
        }
        return sources;
    }

    /** Whether the plan is one chain: one source, one sink, no joins, unions or fan-out. */
    public boolean isLinear() {
        return sourceIndices().size() == 1 && sinkIndices().size() == 1 && operators.size() == inputs.stream()
                .mapToInt(List::size).sum() + 1;
    }

    /** The first source; the only one of a {@linkplain #isLinear() linear} plan. */
    public SourceSpec source() {
        return (SourceSpec) operators.get(sourceIndices().get(0));
    }

    /** The plan's sink; with several ({@link #sinks()}), the last in plan order. */
    public SinkSpec sink() {
        List<Integer> sinks = sinkIndices();
        return (SinkSpec) operators.get(sinks.get(sinks.size() - 1));
    }

    /** The same plan with operator {@code index} replaced (for example another sink). */
    public PhysicalPlan withOperator(int index, OperatorSpec replacement) {
        List<OperatorSpec> ops = new ArrayList<>(operators);
        ops.set(index, replacement);
        return new PhysicalPlan(jobName, ops, inputs);
    }

    /**
     * The physical plan as EXPLAIN prints it: sink first, each input indented below its consumer; with
     * several sinks, one such tree per sink in plan order (an operator feeding several shows in each),
     * the sinks of late rows ({@link LateRowsSpec}) after the others.
     */
    public String explain() {
        return explain(java.util.Map.of());
    }

    /**
     * As {@link #explain()}, with {@code notes} (by operator index, e.g. {@code parallelism=[3]}) added inside an
     * operator's parentheses, after its state.
     */
    public String explain(java.util.Map<Integer, String> notes) {
        StringBuilder sb = new StringBuilder();
        List<Integer> lateSinks = new ArrayList<>();
        for (int sink : sinkIndices()) {
            if (readsLateRows(sink)) {
                lateSinks.add(sink);
            } else {
                explain(sink, 0, sb, notes);
            }
        }
        for (int sink : lateSinks) {
            explain(sink, 0, sb, notes);
        }
        return sb.toString();
    }

    private boolean readsLateRows(int index) {
        if (operators.get(index) instanceof LateRowsSpec) {
            return true;
        }
        for (int input : inputs.get(index)) {
            if (readsLateRows(input)) {
                return true;
            }
        }
        return false;
    }

    private void explain(int index, int depth, StringBuilder sb, java.util.Map<Integer, String> notes) {
        String line = describeWithState(operators.get(index));
        String note = notes.get(index);
        if (note != null && line.endsWith(")")) {
            line = line.substring(0, line.length() - 1) + ", " + note + ")";
        }
        sb.append("  ".repeat(depth)).append(depth == 0 ? "" : "+- ").append(line).append('\n');
        for (int input : inputs.get(index)) {
            explain(input, depth + 1, sb, notes);
        }
    }

    private static String describeWithState(OperatorSpec op) {
        String d = op.describe();
        String state = op.stateDescription();
        if (state == null || !d.endsWith(")")) {
            return d;
        }
        return d.substring(0, d.length() - 1) + ", state=[" + state + "])";
    }
}
