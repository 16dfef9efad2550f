package dev.weir.executor.plan;

import dev.weir.core.type.RowType;

/**
 * What the planner decides about one operator: plain immutable data, separate from the runtime
 * instance the executor builds from it.
 */
public sealed interface OperatorSpec
        permits SourceSpec, CalcSpec, WatermarkAssignerSpec, WindowAggregateSpec, GroupAggregateSpec, SinkSpec,
        SessionWindowAggregateSpec, DeduplicateSpec, RankSpec, OverAggregateSpec, JoinSpec, IntervalJoinSpec, UnionSpec,
        LateRowsSpec, WindowTableFunctionSpec, WindowJoinSpec, WindowRankSpec, TemporalSortSpec, LimitSpec,
        SemiAntiJoinSpec, TemporalJoinSpec, UnnestSpec, SessionWindowTableFunctionSpec,
        ReplicateRowsSpec {

    /**
     * Stable id: derived from what the operator computes (not from its position), so state in a
     * checkpoint maps back to the same operator after the query around it changes.
     */
    String id();

    /** The schema of the rows this operator emits. */
    RowType outputType();

    /** One line for EXPLAIN, e.g. {@code WindowAggregate(keys=[auction], window=TUMBLE(...), ...)}. */
    String describe();

    /**
     * For a stateful operator, what it keeps, keyed by what, and when it is cleaned up (EXPLAIN
     * shows it as {@code state=[...]}); null for stateless ones. Not part of {@link #describe()},
     * so it never changes an operator id.
     */
    default String stateDescription() {
        return null;
    }
}
