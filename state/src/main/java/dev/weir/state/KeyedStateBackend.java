package dev.weir.state;

import dev.weir.core.serde.TypeSerializer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Keyed state of one operator subtask: values scoped to the current key and a namespace
 * (for example a window), plus event-time timers.
 *
 * <p>Usage: the operator calls {@link #setCurrentKey} before touching any state; every state
 * handle then reads and writes that key's entries. Keys hash into key groups
 * ({@link dev.weir.core.keys.KeyGroups}); the backend stores the key group with every entry so
 * state can later be split by key-group range when rescaling.
 *
 * <p>Lifecycle: created (optionally restored from a snapshot directory by the factory) →
 * used → {@link #snapshot} (or {@link #snapshotAsync}) any number of times → {@link #close}. Not
 * thread-safe: one task thread owns it; only a {@link PendingSnapshot}'s {@code complete()} runs on
 * another thread, and it uses nothing the task thread changes (it may even finish after close).
 */
public interface KeyedStateBackend extends AutoCloseable {

    /** Sets the key for subsequent state access. The key must be immutable with stable equals/hashCode. */
    void setCurrentKey(Object key);

    Object currentKey();

    <N, V> ValueState<N, V> valueState(StateDescriptor<N, V> descriptor);

    <N, V> ListState<N, V> listState(StateDescriptor<N, V> descriptor);

    <N, K, V> MapState<N, K, V> mapState(StateDescriptor<N, V> descriptor, TypeSerializer<K> mapKeySerializer);

    <N, V> ReducingState<N, V> reducingState(StateDescriptor<N, V> descriptor, ReduceFunction<V> reducer);

    <N, IN, ACC, OUT> AggregatingState<N, IN, OUT> aggregatingState(StateDescriptor<N, ACC> descriptor,
            AggregateFunction<IN, ACC, OUT> function);

    /** Event-time timers of one name; restored with the rest of the state. */
    <N> TimerService<N> timerService(String name, TypeSerializer<N> namespaceSerializer);

    /**
     * Writes a self-contained copy of all state and timers into {@code targetDir} (which does not
     * exist yet). After it returns, later state changes do not affect the files written.
     */
    void snapshot(long checkpointId, Path targetDir) throws IOException;

    /**
     * The synchronous part of a snapshot into {@code targetDir}: captures a consistent view of all
     * state and timers as of now, as cheaply as the backend can, and returns the asynchronous part,
     * which writes the files from any thread while this backend goes on being used by its task
     * thread. {@code snapshotAsync(id, dir).complete()} writes what {@code snapshot(id, dir)} writes.
     * A backend without an asynchronous part writes everything here (the default).
     */
    default PendingSnapshot snapshotAsync(long checkpointId, Path targetDir) throws IOException {
        snapshot(checkpointId, targetDir);
        return PendingSnapshot.DONE;
    }

    /** Approximate bytes of state held, for metrics. */
    long approximateSizeBytes();

    @Override
    void close();
}
