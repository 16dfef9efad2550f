package dev.weir.state;

import dev.weir.core.serde.TypeSerializer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A {@link KeyedStateBackend} that hands every call to another one. Wrappers (metrics, tests that
 * slow snapshots down) extend it and override only what they change, so a method added to the
 * interface is forwarded here once instead of in every wrapper.
 */
public abstract class ForwardingKeyedStateBackend implements KeyedStateBackend {
    private final KeyedStateBackend delegate;

    protected ForwardingKeyedStateBackend(KeyedStateBackend delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate is null");
    }

    /** The backend calls are forwarded to. */
    protected final KeyedStateBackend delegate() {
        return delegate;
    }

    @Override
    public void setCurrentKey(Object key) {
        delegate.setCurrentKey(key);
    }

    @Override
    public Object currentKey() {
        return delegate.currentKey();
    }

    @Override
    public <N, V> ValueState<N, V> valueState(StateDescriptor<N, V> descriptor) {
        return delegate.valueState(descriptor);
    }

    @Override
    public <N, V> ListState<N, V> listState(StateDescriptor<N, V> descriptor) {
        return delegate.listState(descriptor);
    }

    @Override
    public <N, K, V> MapState<N, K, V> mapState(StateDescriptor<N, V> descriptor, TypeSerializer<K> mapKeySerializer) {
        return delegate.mapState(descriptor, mapKeySerializer);
    }

    @Override
    public <N, V> ReducingState<N, V> reducingState(StateDescriptor<N, V> descriptor, ReduceFunction<V> reducer) {
        return delegate.reducingState(descriptor, reducer);
    }

    @Override
    public <N, IN, ACC, OUT> AggregatingState<N, IN, OUT> aggregatingState(StateDescriptor<N, ACC> descriptor,
            AggregateFunction<IN, ACC, OUT> function) {
        return delegate.aggregatingState(descriptor, function);
    }

    @Override
    public <N> TimerService<N> timerService(String name, TypeSerializer<N> namespaceSerializer) {
        return delegate.timerService(name, namespaceSerializer);
    }

    @Override
    public void snapshot(long checkpointId, Path targetDir) throws IOException {
        delegate.snapshot(checkpointId, targetDir);
    }

    @Override
    public PendingSnapshot snapshotAsync(long checkpointId, Path targetDir) throws IOException {
        return delegate.snapshotAsync(checkpointId, targetDir);
    }

    @Override
    public long approximateSizeBytes() {
        return delegate.approximateSizeBytes();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
