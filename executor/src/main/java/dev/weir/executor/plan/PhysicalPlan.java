package dev.weir.executor.plan;

import java.util.List;
import java.util.Objects;

/**
 * A job's operators: for now one pipeline, from a {@link SourceSpec} first to a {@link SinkSpec}
 * last, each operator feeding the next. (Parallel execution will turn this into a DAG with
 * exchanges; the specs stay the same.)
 */
public record PhysicalPlan(String jobName, List<OperatorSpec> operators) {
    public PhysicalPlan {
        Objects.requireNonNull(jobName, "jobName is null");
        operators = List.copyOf(operators);
        if (operators.size() < 2 || !(operators.get(0) instanceof SourceSpec)
                || !(operators.get(operators.size() - 1) instanceof SinkSpec)) {
            throw new IllegalArgumentException("a plan runs from a source to a sink");
        }
    }

    public SourceSpec source() {
        return (SourceSpec) operators.get(0);
    }

    public SinkSpec sink() {
        return (SinkSpec) operators.get(operators.size() - 1);
    }

    /** The physical plan as EXPLAIN prints it: sink first, each input indented below. */
    public String explain() {
        StringBuilder sb = new StringBuilder();
        int depth = 0;
        for (int i = operators.size() - 1; i >= 0; i--, depth++) {
            sb.append("  ".repeat(depth)).append(i == operators.size() - 1 ? "" : "+- ")
                    .append(describeWithState(operators.get(i))).append('\n');
        }
        return sb.toString();
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
