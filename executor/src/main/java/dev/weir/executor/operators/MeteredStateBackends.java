package dev.weir.executor.operators;

import dev.weir.core.serde.TypeSerializer;
import dev.weir.state.AggregateFunction;
import dev.weir.state.AggregatingState;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.ListState;
import dev.weir.state.MapState;
import dev.weir.state.ReduceFunction;
import dev.weir.state.ReducingState;
import dev.weir.state.StateDescriptor;
import dev.weir.state.TimerService;
import dev.weir.state.ValueState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Makes the keyed state size of an operator visible in its {@link OperatorMetrics}: the backends a
 * factory creates record {@link KeyedStateBackend#approximateSizeBytes()} after every snapshot and
 * before closing. Sampling happens on the task thread that owns the backend (backends are not
 * thread-safe), at checkpoints rather than per row; state handles are the backend's own, so the
 * per-row path only gains one delegation in {@link KeyedStateBackend#setCurrentKey}.
 */
public final class MeteredStateBackends {
    private MeteredStateBackends() {
    }

    /** A factory whose backends report their size to {@code metrics}. */
    public static StateBackendFactory factory(StateBackendFactory delegate, OperatorMetrics metrics) {
        Objects.requireNonNull(delegate, "delegate is null");
        Objects.requireNonNull(metrics, "metrics is null");
        return (type, context, restoreFrom) -> {
            KeyedStateBackend backend = delegate.create(type, context, restoreFrom);
            Metered metered = new Metered(backend, metrics);
            metered.sample();
            return metered;
        };
    }

    private static final class Metered implements KeyedStateBackend {
        private final KeyedStateBackend backend;
        private final OperatorMetrics metrics;

        Metered(KeyedStateBackend backend, OperatorMetrics metrics) {
            this.backend = Objects.requireNonNull(backend, "backend is null");
            this.metrics = metrics;
        }

        void sample() {
            metrics.setStateSizeBytes(backend.approximateSizeBytes());
        }

        @Override
        public void setCurrentKey(Object key) {
            backend.setCurrentKey(key);
        }

        @Override
        public Object currentKey() {
            return backend.currentKey();
        }

        @Override
        public <N, V> ValueState<N, V> valueState(StateDescriptor<N, V> d) {
            return backend.valueState(d);
        }

        @Override
        public <N, V> ListState<N, V> listState(StateDescriptor<N, V> d) {
            return backend.listState(d);
        }

        @Override
        public <N, K, V> MapState<N, K, V> mapState(StateDescriptor<N, V> d, TypeSerializer<K> mapKeySerializer) {
            return backend.mapState(d, mapKeySerializer);
        }

        @Override
        public <N, V> ReducingState<N, V> reducingState(StateDescriptor<N, V> d, ReduceFunction<V> reducer) {
            return backend.reducingState(d, reducer);
        }

        @Override
        public <N, IN, ACC, OUT> AggregatingState<N, IN, OUT> aggregatingState(StateDescriptor<N, ACC> d,
                AggregateFunction<IN, ACC, OUT> function) {
            return backend.aggregatingState(d, function);
        }

        @Override
        public <N> TimerService<N> timerService(String name, TypeSerializer<N> namespaceSerializer) {
            return backend.timerService(name, namespaceSerializer);
        }

        @Override
        public void snapshot(long checkpointId, Path targetDir) throws IOException {
            backend.snapshot(checkpointId, targetDir);
            sample();
        }

        @Override
        public long approximateSizeBytes() {
            return backend.approximateSizeBytes();
        }

        @Override
        public void close() {
            try {
                sample();
            } catch (RuntimeException e) {
                // a metric is not worth failing the close for
            }
            backend.close();
        }
    }
}
