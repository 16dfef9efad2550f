package dev.weir.executor.runtime;

import dev.weir.core.Row;
import dev.weir.executor.operator.Output;

/** The output of the last operator (the sink): nothing is downstream. */
final class DiscardingOutput implements Output {
    static final DiscardingOutput INSTANCE = new DiscardingOutput();

    private DiscardingOutput() {
    }

    @Override
    public void collect(Row row) {
        throw new IllegalStateException("a sink has no downstream operator");
    }

    @Override
    public void emitWatermark(long watermark) {
    }
}
