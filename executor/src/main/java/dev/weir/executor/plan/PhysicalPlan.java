package dev.weir.executor.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A job's operators as a tree that ends in one sink: every source starts a branch, an operator
 * with several inputs (a join, UNION ALL) merges branches, and every operator but the sink feeds
 * exactly one other. {@link #operators()} lists them in topological order (an operator after all
 * its inputs), the sink last; {@link #inputs()} says, per operator, which operators feed it, in
 * input order (a join's left input first).
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
        if (n < 2 || inputs.size() != n || !(operators.get(n - 1) instanceof SinkSpec)) {
            throw new IllegalArgumentException("a plan runs from sources to one sink, the last operator");
        }
        int[] consumers = new int[n];
        for (int i = 0; i < n; i++) {
            OperatorSpec op = operators.get(i);
            List<Integer> in = inputs.get(i);
            if ((op instanceof SourceSpec) != in.isEmpty()) {
                throw new IllegalArgumentException("operator " + op.id() + ": sources and only sources have no input");
            }
            if (op instanceof SinkSpec && i != n - 1) {
                throw new IllegalArgumentException("a plan has one sink, the last operator");
            }
            for (int input : in) {
                if (input < 0 || input >= i) {
                    throw new IllegalArgumentException("operator " + op.id() + " reads operator " + input
                            + ", which does not come before it");
                }
                consumers[input]++;
            }
        }
        for (int i = 0; i < n - 1; i++) {
            if (consumers[i] != 1) {
                throw new IllegalArgumentException("operator " + operators.get(i).id() + " feeds " + consumers[i]
                        + " operators; every operator but the sink feeds exactly one");
            }
        }
    }

    /** The operators that feed operator {@code index}, in input order. */
    public List<Integer> inputsOf(int index) {
        return inputs.get(index);
    }

    /** The operator that operator {@code index} (not the sink) feeds. */
    public int consumerOf(int index) {
        for (int i = index + 1; i < inputs.size(); i++) {
            if (inputs.get(i).contains(index)) {
                return i;
            }
        }
        throw new IllegalArgumentException("operator " + index + " is the sink");
    }

    /** Which input of its consumer operator {@code index} is (0 = the first, a join's left). */
    public int inputPositionOf(int index) {
        return inputs.get(consumerOf(index)).indexOf(index);
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

    /** Whether every operator has at most one input (one source, no joins or unions). */
    public boolean isLinear() {
        return sourceIndices().size() == 1;
    }

    /** The first source; the only one of a {@linkplain #isLinear() linear} plan. */
    public SourceSpec source() {
        return (SourceSpec) operators.get(sourceIndices().get(0));
    }

    public SinkSpec sink() {
        return (SinkSpec) operators.get(operators.size() - 1);
    }

    /** The same plan with operator {@code index} replaced (for example another sink). */
    public PhysicalPlan withOperator(int index, OperatorSpec replacement) {
        List<OperatorSpec> ops = new ArrayList<>(operators);
        ops.set(index, replacement);
        return new PhysicalPlan(jobName, ops, inputs);
    }

    /** The physical plan as EXPLAIN prints it: sink first, each input indented below its consumer. */
    public String explain() {
        StringBuilder sb = new StringBuilder();
        explain(operators.size() - 1, 0, sb);
        return sb.toString();
    }

    private void explain(int index, int depth, StringBuilder sb) {
        sb.append("  ".repeat(depth)).append(depth == 0 ? "" : "+- ")
                .append(describeWithState(operators.get(index))).append('\n');
        for (int input : inputs.get(index)) {
            explain(input, depth + 1, sb);
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
