package dev.weir.executor.runtime;

import dev.weir.core.Row;
import dev.weir.executor.operator.LateRowsOutput;
import dev.weir.executor.operator.Output;

/**
 * The output of a window operator whose late rows are read ({@code LateRowsSpec}): results go to the
 * regular consumers, late rows to the late-rows consumers, watermarks to both.
 */
final class LateRowsSplitOutput implements LateRowsOutput {
    private final Output regular;
    private final Output late;

    LateRowsSplitOutput(Output regular, Output late) {
        this.regular = regular;
        this.late = late;
    }

    @Override
    public void collect(Row row) {
        regular.collect(row);
    }

    @Override
    public void collectLate(Row row) {
        late.collect(row);
    }

    @Override
    public void emitWatermark(long watermark) {
        regular.emitWatermark(watermark);
        late.emitWatermark(watermark);
    }
}
