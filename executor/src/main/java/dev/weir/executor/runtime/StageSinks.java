package dev.weir.executor.runtime;

import dev.weir.executor.operators.SinkOperator;
import java.util.ArrayList;
import java.util.List;

/**
 * The sinks one subtask runs (a stage may hold several when its operators fan out), with their
 * ids: their committables for a checkpoint go to the coordinator as one packing
 * ({@link SinkCommittables}), keyed by sink id when the plan has several sinks.
 */
final class StageSinks {
    private final SinkOperator[] sinks;
    private final List<String> ids;
    private final boolean keyed;

    StageSinks(List<SinkOperator> sinks, List<String> ids, boolean keyed) {
        this.sinks = sinks.toArray(new SinkOperator[0]);
        this.ids = List.copyOf(ids);
        this.keyed = keyed;
    }

    boolean contains(Object operator) {
        for (SinkOperator s : sinks) {
            if (s == operator) {
                return true;
            }
        }
        return false;
    }

    /** Every sink's committable of the snapshot just taken, packed. */
    byte[] takeCommittable() {
        List<byte[]> committables = new ArrayList<>(sinks.length);
        for (SinkOperator s : sinks) {
            committables.add(s.takeCommittable());
        }
        return SinkCommittables.pack(ids, committables, keyed);
    }

    /** The end of the job: each sink makes the rest of its output visible. */
    void endInput() throws Exception {
        for (SinkOperator s : sinks) {
            s.endInput(DiscardingOutput.INSTANCE);
        }
    }
}
