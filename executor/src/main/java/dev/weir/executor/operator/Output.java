package dev.weir.executor.operator;

import dev.weir.core.Row;

/** Where an operator sends what it produces: rows and watermarks, in order. */
public interface Output {
    void collect(Row row);

    void emitWatermark(long watermark);
}
