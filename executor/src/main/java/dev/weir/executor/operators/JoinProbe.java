package dev.weir.executor.operators;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.executor.expr.ScalarExpression;
import dev.weir.executor.operator.Output;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One row of a regular join meeting the stored rows of the other input ({@link JoinOperator},
 * {@link BroadcastJoinOperator}): emits the joined rows that satisfy the condition, and, when the other input is an
 * outer join's preserved side, retracts a stored row's padded row at its first match and emits it again when its
 * last match goes. The stored rows' changed match counts are collected and written by {@link #writeUpdates} after the
 * loop, since the stored rows are a live view that must not change while iterated.
 */
final class JoinProbe {
    /** Writes a stored row's new {@code [copies, matches]}. */
    interface CountsWriter {
        void put(Row row, long[] counts) throws Exception;
    }

    private final JoinedRows joined;
    private final JoinCondition condition;
    private final List<Row> updatedRows = new ArrayList<>();
    private final List<long[]> updatedCounts = new ArrayList<>();

    /** @param condition the non-key part of the ON condition over the joined row, or null */
    JoinProbe(JoinedRows joined, ScalarExpression condition) {
        this.joined = joined;
        this.condition = new JoinCondition(condition, joined);
    }

    /**
     * Joins {@code record} of input {@code input} with each of {@code others} (stored rows of the other input to
     * their {@code [copies, matches]}) that {@code candidates} accepts (null: all) and the condition holds for.
     *
     * @param accumulate whether {@code record} is added (+I/+U) rather than retracted (-U/-D)
     * @param otherOuter whether the other input is an outer join's preserved side (its match counts are kept)
     * @return the copies of other rows {@code record} matched
     */
    long probe(int input, Row record, RowKind joinedKind, boolean accumulate, boolean otherOuter,
            Map<Row, long[]> others, Predicate<Row> candidates, Output out) {
        int other = 1 - input;
        long matches = 0;
        for (Map.Entry<Row, long[]> e : others.entrySet()) {
            Row candidate = e.getKey();
            if (candidates != null && !candidates.test(candidate)) {
                continue;
            }
            if (!condition.holds(input, record, candidate)) {
                continue;
            }
            Row result = joined.join(input, record, candidate, joinedKind);
            long[] counts = e.getValue();
            long copies = counts[0];
            matches += copies;
            if (otherOuter && accumulate && counts[1] == 0) {
                emit(out, joined.padded(other, candidate, RowKind.DELETE), copies);
            }
            emit(out, result, copies);
            if (otherOuter) {
                long[] updated = {copies, counts[1] + (accumulate ? 1 : -1)};
                updatedRows.add(candidate);
                updatedCounts.add(updated);
                if (!accumulate && updated[1] == 0) {
                    emit(out, joined.padded(other, candidate, RowKind.INSERT), copies);
                }
            }
        }
        return matches;
    }

    /** Writes the match counts the last {@link #probe} changed. */
    void writeUpdates(CountsWriter writer) throws Exception {
        for (int i = 0; i < updatedRows.size(); i++) {
            writer.put(updatedRows.get(i), updatedCounts.get(i));
        }
        updatedRows.clear();
        updatedCounts.clear();
    }

    /** Emits {@code row} {@code copies} times. */
    static void emit(Output out, Row row, long copies) {
        for (long i = 0; i < copies; i++) {
            out.collect(row);
        }
    }
}
