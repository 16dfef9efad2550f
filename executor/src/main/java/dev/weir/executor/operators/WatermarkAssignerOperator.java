package dev.weir.executor.operators;

import dev.weir.core.Row;
import dev.weir.executor.expr.ScalarExpression;
import dev.weir.executor.operator.Output;
import dev.weir.executor.operator.SnapshotContext;
import dev.weir.executor.operator.StreamOperator;
import dev.weir.executor.plan.WatermarkAssignerSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Generates event-time watermarks from the WATERMARK clause: the largest
 * {@code watermarkExpression(row)} seen so far, never going back.
 *
 * <p>Unlike Flink, which emits the watermark periodically (every 200 ms of wall-clock time by
 * default, {@code pipeline.auto-watermark-interval}), this operator emits it right after the row
 * that advanced it. Results therefore depend only on the input order, never on timing: a run
 * replayed from a checkpoint drops exactly the same late rows as an uninterrupted run. A row
 * whose rowtime is NULL passes through without touching the watermark.
 *
 * <p>The current watermark is part of the snapshot, so a restored job does not re-admit rows
 * that were already behind it.
 */
public final class WatermarkAssignerOperator implements StreamOperator {
    static final String STATE_FILE = "watermark.bin";

    private final int rowtimeIndex;
    private final ScalarExpression watermarkExpression;
    private long currentWatermark;

    public WatermarkAssignerOperator(WatermarkAssignerSpec spec, Path restoreDir) throws IOException {
        Objects.requireNonNull(spec, "spec is null");
        this.rowtimeIndex = spec.rowtimeIndex();
        this.watermarkExpression = spec.watermarkExpression();
        this.currentWatermark = restoreDir == null
                ? Long.MIN_VALUE
                : OperatorStateFiles.readWatermark(restoreDir.resolve(STATE_FILE));
    }

    @Override
    public void processElement(Row row, Output out) {
        out.collect(row);
        if (row.field(rowtimeIndex) == null) {
            return;
        }
        Object value = watermarkExpression.evaluate(row);
        if (value != null) {
            long watermark = (Long) value;
            if (watermark > currentWatermark) {
                currentWatermark = watermark;
                out.emitWatermark(watermark);
            }
        }
    }

    /** Upstream watermarks (none today: sources do not emit them) only ever raise ours. */
    @Override
    public void processWatermark(long watermark, Output out) {
        if (watermark > currentWatermark) {
            currentWatermark = watermark;
            out.emitWatermark(watermark);
        }
    }

    @Override
    public void snapshotState(SnapshotContext context) throws IOException {
        OperatorStateFiles.writeWatermark(context.directory().resolve(STATE_FILE), currentWatermark);
    }

    public long currentWatermark() {
        return currentWatermark;
    }
}
