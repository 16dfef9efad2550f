package dev.weir.executor.operators;

import dev.weir.state.ForwardingKeyedStateBackend;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.PendingSnapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Makes the keyed state size of an operator visible in its {@link OperatorMetrics}: the backends a
 * factory creates record {@link KeyedStateBackend#approximateSizeBytes()} after every snapshot and
 * before closing. Sampling happens on the task thread that owns the backend (backends are not
 * thread-safe), at checkpoints rather than per row; state handles are the backend's own, so the
 * per-row path only gains one delegation in {@link KeyedStateBackend#setCurrentKey}. The same
 * wrapper splits snapshots into their synchronous and asynchronous parts during checkpoints (see
 * {@link DeferredSnapshots}), so operators need not know about asynchronous snapshots.
 */
public final class MeteredStateBackends {
    private MeteredStateBackends() {
    }

    /** A factory whose backends report their size to {@code metrics}; their snapshots are taken whole. */
    public static StateBackendFactory factory(StateBackendFactory delegate, OperatorMetrics metrics) {
        return factory(delegate, metrics, null);
    }

    /**
     * A factory whose backends report their size to {@code metrics} and, while {@code deferred} is
     * collecting (a checkpoint's synchronous part), take only the synchronous part of a snapshot and
     * leave its asynchronous part in {@code deferred}.
     *
     * @param deferred null to take every snapshot whole
     */
    public static StateBackendFactory factory(StateBackendFactory delegate, OperatorMetrics metrics,
            DeferredSnapshots deferred) {
        Objects.requireNonNull(delegate, "delegate is null");
        Objects.requireNonNull(metrics, "metrics is null");
        return (type, context, restoreFrom) -> {
            KeyedStateBackend backend = delegate.create(type, context, restoreFrom);
            Metered metered = new Metered(backend, metrics, deferred);
            metered.sample();
            return metered;
        };
    }

    private static final class Metered extends ForwardingKeyedStateBackend {
        private final OperatorMetrics metrics;
        private final DeferredSnapshots deferred;

        Metered(KeyedStateBackend backend, OperatorMetrics metrics, DeferredSnapshots deferred) {
            super(backend);
            this.metrics = metrics;
            this.deferred = deferred;
        }

        void sample() {
            metrics.setStateSizeBytes(delegate().approximateSizeBytes());
        }

        @Override
        public void snapshot(long checkpointId, Path targetDir) throws IOException {
            if (deferred != null && deferred.isCollecting()) {
                // operators call snapshot(); during a checkpoint the runtime finishes the files off-thread
                deferred.add(delegate().snapshotAsync(checkpointId, targetDir));
            } else {
                delegate().snapshot(checkpointId, targetDir);
            }
            sample();
        }

        @Override
        public PendingSnapshot snapshotAsync(long checkpointId, Path targetDir) throws IOException {
            PendingSnapshot pending = delegate().snapshotAsync(checkpointId, targetDir);
            sample();
            return pending;
        }

        @Override
        public void close() {
            try {
                sample();
            } catch (RuntimeException e) {
                // a metric is not worth failing the close for
            }
            delegate().close();
        }
    }
}
