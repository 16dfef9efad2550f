package dev.weir.executor.runtime;

import dev.weir.core.Row;
import dev.weir.executor.operator.Output;
import dev.weir.executor.operators.OperatorMetrics;
import java.util.function.Consumer;

/**
 * The output of an operator that feeds several: every row and watermark goes to each consumer's
 * output in plan order. Rows are immutable, so all consumers share the same instance. Counts the
 * upstream operator's rows once; the outputs behind it count nothing.
 */
final class FanOutOutput implements Output, Consumer<Row> {
    private final Output[] outputs;
    private final OperatorMetrics upstream;

    FanOutOutput(OperatorMetrics upstream, Output[] outputs) {
        this.upstream = upstream;
        this.outputs = outputs.clone();
    }

    @Override
    public void collect(Row row) {
        upstream.incrementRowsOut();
        for (Output out : outputs) {
            out.collect(row);
        }
    }

    @Override
    public void accept(Row row) {
        collect(row);
    }

    @Override
    public void emitWatermark(long watermark) {
        for (Output out : outputs) {
            out.emitWatermark(watermark);
        }
    }
}
