package dev.weir.executor.runtime;

import dev.weir.core.WeirException;
import dev.weir.executor.checkpoint.CheckpointStorage;
import dev.weir.executor.checkpoint.CompletedCheckpoint;
import dev.weir.executor.checkpoint.Savepoints;
import dev.weir.executor.operators.Operators;
import dev.weir.executor.plan.OperatorSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which of a plan's operators have state, and how a restore point's state maps onto them: shared by
 * the parallelism-1 task and the parallel job, checked before anything starts.
 */
final class RestoreMapping {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreMapping.class);

    private RestoreMapping() {
    }

    /** The ids of the plan's stateful operators in plan order; two ids that share a file name fail the job. */
    static List<String> statefulOperatorIds(List<OperatorSpec> specs, String jobName) {
        List<String> ids = new ArrayList<>();
        Set<String> safeNames = new HashSet<>();
        for (OperatorSpec spec : specs) {
            if (!safeNames.add(CheckpointStorage.fileSafe(spec.id()))) {
                throw new WeirException("Two operators of job '" + jobName + "' share the id '" + spec.id()
                        + "' (or ids that differ only in characters not allowed in file names); operator ids"
                        + " must be unique.");
            }
            if (Operators.isStateful(spec)) {
                ids.add(spec.id());
            }
        }
        return ids;
    }

    /**
     * Maps the restore point's state onto the plan's stateful operators before anything starts and
     * returns the ids that have state to restore. State of an operator the plan no longer has, or an
     * operator without state, fails the job naming the operator, unless {@code allowNonRestored}
     * ({@code --allow-non-restored-state}): then that state is dropped, or the operator starts empty,
     * with a warning. A savepoint's sinks may change freely: their output was committed when it was taken.
     */
    static Set<String> checkOperatorsMatch(CompletedCheckpoint chk, List<String> statefulIds, Set<String> sinkIds,
            String jobName, boolean allowNonRestored) {
        List<String> saved = chk.metadata().operatorIds();
        Set<String> inCheckpoint = new LinkedHashSet<>(saved);
        boolean savepoint = Savepoints.isSavepoint(chk.directory());
        // a one-sink plan lists its sink last, so the last id of the checkpoint is a sink
        String savedSink = saved.isEmpty() ? null : saved.get(saved.size() - 1);
        String hint = " Resume with --allow-non-restored-state (SET 'execution.state-recovery.ignore-unclaimed-state'"
                + " = 'true') to drop that state on purpose, or start fresh without " + chk.directory() + ".";
        Set<String> restored = new LinkedHashSet<>();
        for (String id : statefulIds) {
            if (inCheckpoint.contains(id)) {
                restored.add(id);
            } else if (savepoint && sinkIds.contains(id)) {
                LOG.info("Job '{}' writes to sink '{}', which savepoint {} has no state of: it starts empty", jobName,
                        id, chk.directory());
            } else if (allowNonRestored) {
                LOG.warn("Job '{}': operator '{}' has no state in {}; it starts with empty state", jobName, id,
                        chk.directory());
            } else {
                throw new WeirException("Checkpoint " + chk.directory() + " has no state for operator '" + id
                        + "' of job '" + jobName + "': the query changed what this operator computes (its key, its"
                        + " aggregates, its input) since the checkpoint was taken, so no saved state maps to it."
                        + hint);
            }
        }
        Set<String> inPlan = new HashSet<>(statefulIds);
        for (String id : inCheckpoint) {
            if (inPlan.contains(id) || savepoint && id.equals(savedSink)) {
                continue;
            }
            if (allowNonRestored) {
                LOG.warn("Job '{}': dropping the state of operator '{}' in {}: the job no longer has that operator"
                        + " (--allow-non-restored-state)", jobName, id, chk.directory());
            } else {
                throw new WeirException("Checkpoint " + chk.directory() + " holds state of operator '" + id
                        + "', which job '" + jobName + "' no longer has: the query changed since the checkpoint was"
                        + " taken, and restoring would silently lose that state." + hint);
            }
        }
        return restored;
    }
}
