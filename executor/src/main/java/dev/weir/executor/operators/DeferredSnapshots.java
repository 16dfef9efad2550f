package dev.weir.executor.operators;

import dev.weir.state.PendingSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the asynchronous parts of the keyed-state snapshots operators take during one
 * checkpoint's synchronous part. Operators keep calling {@code backend.snapshot(...)}; the backends
 * of a {@link MeteredStateBackends#factory(StateBackendFactory, OperatorMetrics, DeferredSnapshots)
 * factory} given this collection take only the synchronous part then and leave the rest here, for
 * the runtime to finish off the task thread. Outside {@link #begin}/{@link #end} (savepoints, the
 * end of a job) snapshots are taken whole. Used by the task thread only.
 */
public final class DeferredSnapshots {
    private List<PendingSnapshot> collecting;

    /** From now on keyed snapshots are split, their asynchronous parts kept here. */
    public void begin() {
        if (collecting != null) {
            throw new IllegalStateException("a checkpoint's synchronous part is already being taken");
        }
        collecting = new ArrayList<>();
    }

    boolean isCollecting() {
        return collecting != null;
    }

    void add(PendingSnapshot pending) {
        collecting.add(pending);
    }

    /** The asynchronous parts collected since {@link #begin}; snapshots are taken whole again. */
    public List<PendingSnapshot> end() {
        List<PendingSnapshot> parts = collecting == null ? List.of() : collecting;
        collecting = null;
        return parts;
    }
}
