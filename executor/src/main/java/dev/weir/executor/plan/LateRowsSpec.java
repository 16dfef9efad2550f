package dev.weir.executor.plan;

import dev.weir.core.type.RowType;
import java.util.Objects;

/**
 * The late rows of a window operator as a stream of their own (a side output): its one input is a
 * {@link WindowAggregateSpec} (any kind) or {@link SessionWindowAggregateSpec}, and it receives,
 * instead of that operator's results, every input row the window drops as late — unchanged, in the
 * window's input row type, which {@code type} must equal. With allowed lateness only rows
 * beyond it are late. The window's late-row counter still counts them. Stateless: watermarks,
 * barriers and end of input pass through as for a Calc.
 */
public record LateRowsSpec(String id, RowType type) implements OperatorSpec {
    public LateRowsSpec {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(type, "type is null");
    }

    /** The window's input row type: late rows pass unchanged. */
    @Override
    public RowType outputType() {
        return type;
    }

    /** Whether {@code spec} is an operator a LateRowsSpec may read. */
    public static boolean readsFrom(OperatorSpec spec) {
        return spec instanceof WindowAggregateSpec || spec instanceof SessionWindowAggregateSpec;
    }

    @Override
    public String describe() {
        return "LateRows(fields=" + type.names() + ")";
    }
}
