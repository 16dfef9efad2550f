package dev.weir.executor.runtime;

import dev.weir.core.Row;
import dev.weir.executor.operator.Output;
import dev.weir.executor.operator.StreamOperator;
import dev.weir.executor.operators.OperatorMetrics;
import java.util.function.Consumer;

/**
 * Hands rows and watermarks straight to the next operator of the chain (a method call, no queue),
 * counting the upstream operator's output and recording the downstream operator's watermark.
 * Also the {@link Consumer} a source reader emits into.
 */
final class ChainedOutput implements Output, Consumer<Row> {
    private final StreamOperator next;
    private final OperatorMetrics upstream;
    private final OperatorMetrics downstream;
    private Output nextOutput;

    ChainedOutput(StreamOperator next, OperatorMetrics upstream, OperatorMetrics downstream) {
        this.next = next;
        this.upstream = upstream;
        this.downstream = downstream;
    }

    /** Wired after construction because outputs are built back to front; set once before any row flows. */
    void setNextOutput(Output nextOutput) {
        this.nextOutput = nextOutput;
    }

    @Override
    public void collect(Row row) {
        upstream.incrementRowsOut();
        try {
            next.processElement(row, nextOutput);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new OperatorException(e);
        }
    }

    @Override
    public void accept(Row row) {
        collect(row);
    }

    @Override
    public void emitWatermark(long watermark) {
        downstream.setCurrentWatermark(watermark);
        try {
            next.processWatermark(watermark, nextOutput);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new OperatorException(e);
        }
    }
}
