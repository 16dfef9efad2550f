package dev.weir.executor.operators;

import dev.weir.executor.operator.SnapshotContext;
import dev.weir.state.KeyedStateBackend;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The checkpointed state of a keyed event-time operator (the window, OVER, interval join and
 * temporal sort operators), in one place: the keyed backend, in the snapshot's {@value #KEYED_DIR}
 * directory, and the watermark (for window operators also the fire times of pending windows) in
 * the operator's own small file ({@link OperatorStateFiles}).
 *
 * <p>{@link #open} restores both. The operator declares its keyed state through {@link #declare},
 * which closes the backend when a declaration fails: the operator's constructor then fails, and
 * no one else holds the backend to close it.
 */
final class EventTimeState {
    static final String KEYED_DIR = "keyed";

    private final KeyedStateBackend backend;
    private final String stateFile;
    private final long restoredWatermark;
    private final NavigableSet<Long> restoredTimes;

    private EventTimeState(KeyedStateBackend backend, String stateFile, long restoredWatermark,
            NavigableSet<Long> restoredTimes) {
        this.backend = backend;
        this.stateFile = stateFile;
        this.restoredWatermark = restoredWatermark;
        this.restoredTimes = restoredTimes;
    }

    /**
     * Opens the keyed backend of the operator keyed by {@code keys}, restoring it and reading
     * {@code stateFile} when {@code context} restores a checkpoint.
     */
    static EventTimeState open(RowKeys keys, OperatorContext context, String stateFile) throws IOException {
        Objects.requireNonNull(keys, "keys is null");
        Objects.requireNonNull(stateFile, "stateFile is null");
        Path restoreDir = context.restoreDir();
        NavigableSet<Long> times = new TreeSet<>();
        // The small file first: if it cannot be read, no backend has been opened that would need closing.
        long watermark = restoreDir == null ? Long.MIN_VALUE
                : OperatorStateFiles.read(restoreDir.resolve(stateFile), times);
        return new EventTimeState(keys.openBackend(context, KEYED_DIR), stateFile, watermark, times);
    }

    KeyedStateBackend backend() {
        return backend;
    }

    /** The result of {@code declaration} on the backend; when it throws, the backend is closed first. */
    <T> T declare(Function<KeyedStateBackend, T> declaration) {
        try {
            return declaration.apply(backend);
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    /** The watermark of the checkpoint restored; {@link Long#MIN_VALUE} when starting fresh. */
    long restoredWatermark() {
        return restoredWatermark;
    }

    /** The fire times of the checkpoint restored (empty when starting fresh); a read-only view. */
    NavigableSet<Long> restoredTimes() {
        return Collections.unmodifiableNavigableSet(restoredTimes);
    }

    /** Snapshots the keyed backend and {@code watermark}. */
    void snapshot(SnapshotContext context, long watermark) throws IOException {
        snapshot(context, watermark, Collections.emptyNavigableSet());
    }

    /** Snapshots the keyed backend, {@code watermark} and the pending fire times {@code times}. */
    void snapshot(SnapshotContext context, long watermark, NavigableSet<Long> times) throws IOException {
        backend.snapshot(context.checkpointId(), context.directory().resolve(KEYED_DIR));
        OperatorStateFiles.writeWatermarkAndTimes(context.directory().resolve(stateFile), watermark, times);
    }

    void close() {
        backend.close();
    }
}
