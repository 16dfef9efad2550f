package dev.weir.executor.plan;

import dev.weir.core.type.RowType;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A window table function whose result is not aggregated (Flink's WindowTableFunction): each row
 * comes out once per window it belongs to, with {@code window_start}, {@code window_end} and
 * {@code window_time} ({@code window_end - 1 ms}) appended. TUMBLE gives one window per row, HOP
 * {@code size / slide}, CUMULATE one per step up to the size. A row without event time belongs to
 * no window and is dropped. Stateless; consumers that need whole windows (window join, window
 * Top-N) wait for the watermark themselves.
 *
 * @param timeIndex   the rowtime column in the input
 * @param slideMillis the slide (HOP) or step (CUMULATE); the size for TUMBLE
 * @param timeZone    the session zone for a TIMESTAMP_LTZ rowtime (windows on its wall clock), else null
 */
public record WindowTableFunctionSpec(String id, RowType outputType, WindowKind kind, int timeIndex, long sizeMillis,
        long slideMillis, long offsetMillis, ZoneId timeZone) implements OperatorSpec {
    public WindowTableFunctionSpec {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(outputType, "outputType is null");
        Objects.requireNonNull(kind, "kind is null");
        if (sizeMillis <= 0 || slideMillis <= 0) {
            throw new IllegalArgumentException("window size and slide must be positive");
        }
    }

    private String window(String timeColumn) {
        String window = switch (kind) {
            case TUMBLE -> "TUMBLE(" + timeColumn + "size=[" + sizeMillis + " ms]";
            case HOP -> "HOP(" + timeColumn + "slide=[" + slideMillis + " ms], size=[" + sizeMillis + " ms]";
            case CUMULATE -> "CUMULATE(" + timeColumn + "step=[" + slideMillis + " ms], size=[" + sizeMillis + " ms]";
        };
        return window + (offsetMillis != 0 ? ", offset=[" + offsetMillis + " ms]" : "")
                + (timeZone != null ? ", timeZone=[" + timeZone.getId() + "]" : "") + ")";
    }

    @Override
    public String describe() {
        return "WindowTableFunction(window=[" + window("time_col=[$" + timeIndex + "], ") + "])";
    }
}
