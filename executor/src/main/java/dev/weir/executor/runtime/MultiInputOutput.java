package dev.weir.executor.runtime;

import dev.weir.core.Row;
import dev.weir.executor.operator.MultiInputOperator;
import dev.weir.executor.operator.Output;
import dev.weir.executor.operators.OperatorMetrics;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * What the operator feeding input {@code input} of a join or union emits into: rows go to that
 * input; watermarks go into the consumer's {@link Watermarks}, which passes the minimum over all
 * inputs on when it advances. One per input, sharing one {@code Watermarks}.
 */
final class MultiInputOutput implements Output, Consumer<Row> {
    private final MultiInputOperator next;
    private final int input;
    private final Watermarks watermarks;
    private final OperatorMetrics upstream;
    private final OperatorMetrics downstream;
    private final Output nextOutput;

    MultiInputOutput(MultiInputOperator next, int input, Watermarks watermarks, OperatorMetrics upstream,
            OperatorMetrics downstream, Output nextOutput) {
        this.next = next;
        this.input = input;
        this.watermarks = watermarks;
        this.upstream = upstream;
        this.downstream = downstream;
        this.nextOutput = nextOutput;
    }

    @Override
    public void collect(Row row) {
        upstream.incrementRowsOut();
        try {
            next.processElement(input, row, nextOutput);
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
        long combined = watermarks.advance(input, watermark);
        if (combined == Watermarks.NO_CHANGE) {
            return;
        }
        downstream.setCurrentWatermark(combined);
        try {
            next.processWatermark(combined, nextOutput);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new OperatorException(e);
        }
    }

    /** The watermark of each input of one operator and their minimum, which never goes back. */
    static final class Watermarks {
        static final long NO_CHANGE = Long.MIN_VALUE;
        private final long[] perInput;
        private long combined = Long.MIN_VALUE;

        Watermarks(int inputs) {
            perInput = new long[inputs];
            Arrays.fill(perInput, Long.MIN_VALUE);
        }

        /** Records input {@code input}'s watermark; returns the new minimum, or NO_CHANGE. */
        long advance(int input, long watermark) {
            if (watermark <= perInput[input]) {
                return NO_CHANGE;
            }
            perInput[input] = watermark;
            long min = Long.MAX_VALUE;
            for (long w : perInput) {
                min = Math.min(min, w);
            }
            if (min > combined) {
                combined = min;
                return min;
            }
            return NO_CHANGE;
        }
    }
}
