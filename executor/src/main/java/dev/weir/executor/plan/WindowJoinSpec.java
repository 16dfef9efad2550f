package dev.weir.executor.plan;

import dev.weir.core.type.RowType;
import dev.weir.executor.expr.ScalarExpression;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Flink's window join: two inputs windowed alike (window table functions or window aggregations
 * of the same kind and size) joined on {@code window_start}, {@code window_end} and equal keys.
 * Rows wait per key and window until the combined watermark passes the window's end - 1 ms; then
 * the window's rows of both inputs are joined ({@code condition} on each pair), an outer side emits
 * its rows that matched nothing padded with NULLs, and the window's state is dropped. A row whose
 * window has fired is late: dropped and counted. A NULL key matches nothing. Output: left columns,
 * then right columns, insert-only.
 *
 * @param keys           the equal key columns of both inputs besides the window's; possibly none
 * @param leftWindowEnd  the left input's {@code window_end} column
 * @param rightWindowEnd the right input's {@code window_end} column
 * @param window         the inputs' window, for EXPLAIN (e.g. {@code TUMBLE(size=[300000 ms])})
 * @param timeZone       the session zone when the windows are on local time (TIMESTAMP_LTZ rowtime), else null
 */
public record WindowJoinSpec(String id, RowType outputType, JoinType joinType, int leftArity, JoinKeys keys,
        int leftWindowEnd, int rightWindowEnd, String window, ScalarExpression condition, String conditionText,
        ZoneId timeZone) implements OperatorSpec, TwoInputJoinSpec {
    public WindowJoinSpec {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(outputType, "outputType is null");
        Objects.requireNonNull(joinType, "joinType is null");
        Objects.requireNonNull(window, "window is null");
        Objects.requireNonNull(keys, "keys is null");
    }

    /** The {@code window_end} column of input {@code input}. */
    public int windowEndOf(int input) {
        return input == 0 ? leftWindowEnd : rightWindowEnd;
    }

    // The compiled condition has no value equality: two specs are equal when its text is.
    @Override
    public boolean equals(Object o) {
        return o instanceof WindowJoinSpec j && id.equals(j.id) && outputType.equals(j.outputType)
                && joinType == j.joinType && leftArity == j.leftArity && keys.equals(j.keys)
                && leftWindowEnd == j.leftWindowEnd && rightWindowEnd == j.rightWindowEnd && window.equals(j.window)
                && Objects.equals(conditionText, j.conditionText) && Objects.equals(timeZone, j.timeZone);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, outputType, joinType, leftArity, keys, leftWindowEnd, rightWindowEnd, window,
                conditionText, timeZone);
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder("WindowJoin(joinType=[").append(joinType).append("], where=[");
        sb.append(keys.equalities(outputType, leftArity));
        if (conditionText != null) {
            sb.append(keys.isEmpty() ? "" : " AND ").append(conditionText);
        }
        return sb.append("], leftWindow=[").append(window).append(", end=[")
                .append(outputType.field(leftWindowEnd).name()).append("]], rightWindow=[").append(window)
                .append(", end=[").append(outputType.field(leftArity + rightWindowEnd).name()).append("]], select=[")
                .append(String.join(", ", outputType.names())).append("])").toString();
    }

    @Override
    public String stateDescription() {
        String per = keys.isEmpty() ? "for the whole input" : "per join key " + keys.leftNames(outputType);
        return "the rows of both inputs per window, " + per + ", until the watermark passes the window's end - 1 ms"
                + " (the window is joined then); rows of fired windows are late and dropped";
    }
}
