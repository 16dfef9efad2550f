package dev.weir.executor.plan;

/**
 * A join of two inputs (0 = left, 1 = right) whose rows are routed to subtasks by their
 * {@link JoinKeys} (all of them to one subtask when there are none).
 */
public sealed interface TwoInputJoinSpec
        permits JoinSpec, SemiAntiJoinSpec, IntervalJoinSpec, WindowJoinSpec, TemporalJoinSpec {

    /** The equi-join key columns of both inputs. */
    JoinKeys keys();
}
