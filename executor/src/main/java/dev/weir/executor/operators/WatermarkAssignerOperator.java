package dev.weir.executor.operators;

import dev.weir.core.Row;
import dev.weir.executor.connector.SourceSplits;
import dev.weir.executor.expr.ScalarExpression;
import dev.weir.executor.operator.Output;
import dev.weir.executor.operator.SnapshotContext;
import dev.weir.executor.operator.StreamOperator;
import dev.weir.executor.plan.WatermarkAssignerSpec;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Generates event-time watermarks from the WATERMARK clause: per split of the source in front (a
 * Kafka partition), the largest {@code watermarkExpression(row)} seen in that split; the emitted
 * watermark is the minimum over the splits that are neither idle nor ended, never going back. A
 * source of one split (files, datagen) gives the largest value seen so far.
 *
 * <p>Unlike Flink, which emits the watermark periodically (every 200 ms of wall-clock time by
 * default, {@code pipeline.auto-watermark-interval}), this operator emits it right after the row
 * that advanced it. Results therefore depend only on the input order, never on timing: a run
 * replayed from a checkpoint drops exactly the same late rows as an uninterrupted run. A row
 * whose rowtime is NULL passes through without touching the watermark.
 *
 * <p>Per split (as Flink's Kafka source generates watermarks per partition): the runtime hands the
 * reader's {@link SourceSplits} to {@link #trackSplits}; each row then raises only its own split's
 * watermark, so a partition far ahead in event time does not make a slower partition's rows late.
 * A split that ended (a bounded read reached its stop offset) no longer holds the watermark back.
 * With {@code table.exec.source.idle-timeout}, a split that produced no row for that long in
 * processing time, while other splits had rows, is idle and does not hold it back either, until
 * its next row; when no split has rows nothing moves (the subtask as a whole is idle, which the
 * runtime handles). Idleness
 * depends on processing time, so it makes results timing dependent, as in Flink.
 *
 * <p>The current watermark is part of the snapshot, so a restored job does not re-admit rows that
 * were already behind it; so are the per-split watermarks, by split id, so a restored job makes
 * the same late-row decisions. A restored assigner re-sends its watermark before the first row
 * ({@link #emitRestoredWatermark}).
 */
public final class WatermarkAssignerOperator implements StreamOperator {
    static final String STATE_FILE = "watermark.bin";
    /**
     * The per-split watermarks, written only when splits are tracked: int magic {@code "WRSW"}, int
     * version (1), int count, then per split its id ({@link DataOutputStream#writeUTF}) and its
     * watermark (long). Keyed by split id, not position, so that it can be redistributed.
     */
    static final String SPLITS_FILE = "split-watermarks.bin";
    private static final int SPLITS_MAGIC = 0x57525357; // "WRSW"
    private static final int SPLITS_VERSION = 1;

    private final int rowtimeIndex;
    private final ScalarExpression watermarkExpression;
    /** The watermark emitted last; never goes back. */
    private long currentWatermark;
    /** Per-split watermarks of the checkpoint restored from, by split id; empty on a fresh start. */
    private final Map<String, Long> restoredSplits;

    /** The splits of the reader in front, or null: then there is one split, index 0. */
    private SourceSplits splits;
    private long idleTimeoutNanos;
    private long[] splitWatermarks = {Long.MIN_VALUE};
    private boolean[] idle = {false};
    private boolean[] ended = {false};
    /** Per split: whether it emitted a row since the last {@link #afterPoll}. */
    private boolean[] seen = {false};
    /**
     * Per split: when it last had a row, or, while no split has any, the last check (silence counts only
     * while other splits have data).
     */
    private long[] lastActiveNanos = {0};
    /** When any split last had a row (or the splits started being tracked). */
    private long lastAnyActiveNanos;
    /** The minimum watermark over the splits neither idle nor ended; meaningful only when {@link #anyActive}. */
    private long activeMin = Long.MIN_VALUE;
    private boolean anyActive = true;

    public WatermarkAssignerOperator(WatermarkAssignerSpec spec, Path restoreDir) throws IOException {
        Objects.requireNonNull(spec, "spec is null");
        this.rowtimeIndex = spec.rowtimeIndex();
        this.watermarkExpression = spec.watermarkExpression();
        this.currentWatermark = restoreDir == null
                ? Long.MIN_VALUE
                : OperatorStateFiles.readWatermark(restoreDir.resolve(STATE_FILE));
        this.restoredSplits = restoreDir == null ? Map.of() : readSplits(restoreDir.resolve(SPLITS_FILE));
    }

    /**
     * Keeps the watermark per split of {@code splits} from now on; called by the runtime once, before
     * the first row, when the reader in front interleaves splits. Splits named in the restored
     * checkpoint resume at their watermark, others start at the beginning of time.
     *
     * @param idleTimeoutMillis {@code table.exec.source.idle-timeout}; 0 never marks a split idle
     * @param nowNanos          the processing time ({@link System#nanoTime()}) the idle timeout counts from
     */
    public void trackSplits(SourceSplits splits, long idleTimeoutMillis, long nowNanos) {
        this.splits = Objects.requireNonNull(splits, "splits is null");
        int n = splits.count();
        this.idleTimeoutNanos = idleTimeoutMillis * 1_000_000L;
        this.splitWatermarks = new long[n];
        this.idle = new boolean[n];
        this.ended = new boolean[n];
        this.seen = new boolean[n];
        this.lastActiveNanos = new long[n];
        for (int s = 0; s < n; s++) {
            splitWatermarks[s] = restoredSplits.getOrDefault(splits.id(s), Long.MIN_VALUE);
            lastActiveNanos[s] = nowNanos;
        }
        lastAnyActiveNanos = nowNanos;
        recompute();
    }

    @Override
    public void processElement(Row row, Output out) {
        out.collect(row);
        int s = 0;
        if (splits != null) {
            s = splits.current();
            seen[s] = true;
            if (ended[s]) {
                return; // a split's rows after it said it ended (its last record's): they hold nothing back
            }
            if (splits.ended(s)) { // its last record: from here on the split holds nothing back
                ended[s] = true;
                recompute();
                advance(out);
                return;
            }
            if (idle[s]) { // data again: the split holds the watermark back again (it never goes back, though)
                idle[s] = false;
                recompute();
                advance(out);
            }
        }
        if (row.field(rowtimeIndex) == null) {
            return;
        }
        Object value = watermarkExpression.evaluate(row);
        if (value != null) {
            long watermark = (Long) value;
            long old = splitWatermarks[s];
            if (watermark > old) {
                splitWatermarks[s] = watermark;
                // only a split at the minimum can raise it: amortised O(1) per row
                if (old <= activeMin) {
                    recompute();
                    advance(out);
                }
            }
        }
    }

    /**
     * Processing-time step, called by the runtime after each poll of the reader: notes the splits
     * that ended without a row (bounded reads past transaction markers) and marks a split idle that
     * produced nothing for the idle timeout while other splits had data. While no split has data at
     * all, silence does not count (the subtask as a whole is idle, which the runtime handles): so a
     * slow start, or a pause of the whole topic, does not make the first split to have data again
     * run ahead of the others. Does nothing without tracked splits.
     */
    public void afterPoll(long nowNanos, Output out) {
        if (splits == null) {
            return;
        }
        boolean changed = false;
        for (int s = 0; s < seen.length; s++) {
            if (ended[s]) {
                continue;
            }
            if (splits.ended(s)) {
                ended[s] = true;
                changed = true;
            } else if (seen[s]) {
                seen[s] = false;
                lastActiveNanos[s] = nowNanos;
                lastAnyActiveNanos = nowNanos;
            }
        }
        if (idleTimeoutNanos > 0) {
            boolean allSilent = nowNanos - lastAnyActiveNanos >= idleTimeoutNanos;
            for (int s = 0; s < seen.length; s++) {
                if (ended[s] || idle[s]) {
                    continue;
                }
                if (nowNanos - lastActiveNanos[s] >= idleTimeoutNanos && lastAnyActiveNanos > lastActiveNanos[s]) {
                    idle[s] = true; // silent for the timeout, while another split had data
                    changed = true;
                } else if (allSilent) {
                    lastActiveNanos[s] = nowNanos;
                }
            }
        }
        if (changed) {
            recompute();
            advance(out);
        }
    }

    /**
     * Sends the watermark restored from a checkpoint downstream, if there is one; the runtime calls it once,
     * before the first poll of the source. Without it the operators behind would learn the watermark only
     * when it next moves: a Calc would evaluate {@code CURRENT_WATERMARK} as NULL for the first rows after a
     * restore, and filter them differently than an uninterrupted run. Operators that restored a watermark of
     * their own ignore one that does not move theirs.
     */
    public void emitRestoredWatermark(Output out) {
        if (currentWatermark != Long.MIN_VALUE) {
            out.emitWatermark(currentWatermark);
        }
    }

    /** Upstream watermarks (the final +infinity at the end of a bounded input) only ever raise ours. */
    @Override
    public void processWatermark(long watermark, Output out) {
        if (watermark > currentWatermark) {
            currentWatermark = watermark;
            out.emitWatermark(watermark);
        }
    }

    private void recompute() {
        long min = Long.MAX_VALUE;
        boolean active = false;
        for (int s = 0; s < splitWatermarks.length; s++) {
            if (!idle[s] && !ended[s]) {
                active = true;
                min = Math.min(min, splitWatermarks[s]);
            }
        }
        activeMin = min;
        anyActive = active;
    }

    /** Emits the minimum over active splits when it passed the current watermark; all idle or ended: nothing. */
    private void advance(Output out) {
        if (anyActive && activeMin > currentWatermark) {
            currentWatermark = activeMin;
            out.emitWatermark(activeMin);
        }
    }

    @Override
    public void snapshotState(SnapshotContext context) throws IOException {
        OperatorStateFiles.writeWatermark(context.directory().resolve(STATE_FILE), currentWatermark);
        if (splits != null) {
            writeSplits(context.directory().resolve(SPLITS_FILE));
        }
    }

    private void writeSplits(Path file) throws IOException {
        Map<String, Long> bySplit = new java.util.LinkedHashMap<>();
        for (int s = 0; s < splitWatermarks.length; s++) {
            bySplit.put(splits.id(s), splitWatermarks[s]);
        }
        writeSplits(file, bySplit);
    }

    private static void writeSplits(Path file, Map<String, Long> bySplit) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(SPLITS_MAGIC);
            out.writeInt(SPLITS_VERSION);
            out.writeInt(bySplit.size());
            for (Map.Entry<String, Long> e : bySplit.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue());
            }
        }
    }

    /**
     * Rescaling: writes into {@code target} the per-split watermarks of all {@code oldFiles} (one
     * {@link #SPLITS_FILE} per old subtask). Each new subtask gets them all and picks its own splits by
     * id; a split listed twice keeps the smaller watermark.
     */
    static void mergeSplits(List<Path> oldFiles, Path target) throws IOException {
        Map<String, Long> merged = new java.util.TreeMap<>();
        for (Path file : oldFiles) {
            readSplits(file).forEach((id, watermark) -> merged.merge(id, watermark, Math::min));
        }
        writeSplits(target, merged);
    }

    /** The per-split watermarks of {@link #SPLITS_FILE}, by split id; empty when the file is absent. */
    static Map<String, Long> readSplits(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Map.of();
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != SPLITS_MAGIC) {
                throw new IOException("Not a split watermark file: " + file);
            }
            int version = in.readInt();
            if (version != SPLITS_VERSION) {
                throw new IOException("Unsupported split watermark version " + version + " in " + file);
            }
            int n = in.readInt();
            Map<String, Long> watermarks = new HashMap<>();
            for (int i = 0; i < n; i++) {
                watermarks.put(in.readUTF(), in.readLong());
            }
            return watermarks;
        }
    }

    public long currentWatermark() {
        return currentWatermark;
    }

    @Override
    public String toString() {
        return "WatermarkAssigner[watermark=" + currentWatermark + ", splits=" + Arrays.toString(splitWatermarks)
                + "]";
    }
}
