package dev.weir.executor.runtime;

import dev.weir.executor.checkpoint.CheckpointMetadata;
import dev.weir.executor.checkpoint.CheckpointStorage;
import dev.weir.executor.checkpoint.FileTrees;
import dev.weir.executor.checkpoint.Savepoints;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints of a parallel job: triggers them at the source subtasks (and at subtasks whose input
 * already ended, which no barrier can reach), collects every subtask's acknowledgement, writes
 * {@code _metadata} when all are in, and only then tells every subtask the checkpoint is complete.
 * A checkpoint not complete within the timeout is aborted: its directory is deleted and the job
 * goes on. Subtask threads call {@link #ack} and {@link #onInputEnded}; everything else runs on
 * the job thread ({@link #tick}).
 */
final class CheckpointCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointCoordinator.class);

    private final CheckpointStorage storage;
    private final String jobName;
    private final int parallelism;
    /** The highest parallelism of any stage: positions and committables are kept per subtask index below it. */
    private final int slots;
    /** The parallelism of each plan operator, by id (the checkpoint records those that differ from the default). */
    private final Map<String, Integer> operatorParallelism;
    /** How many sources the plan has: each subtask's checkpointed position packs one per source. */
    private final int sources;
    private final List<String> statefulIds;
    private final Long intervalNanos;
    private final long timeoutNanos;
    private final long minPauseNanos;
    private final int maxConcurrent;
    /**
     * Aborted checkpoints a subtask may still meet (its barrier, its deleted directory). Pruned when a
     * checkpoint completes: every subtask acknowledged it, so none is still busy with an older one.
     */
    private final Set<Long> aborted = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicLong abortedCount = new java.util.concurrent.atomic.AtomicLong();
    private final TreeMap<Long, Pending> pending = new TreeMap<>();
    private List<Subtask> subtasks = List.of();
    private boolean[] ended = new boolean[0];
    private int endedCount;
    private long nextId;
    private long lastTriggerNanos = System.nanoTime();
    private long lastCompleteNanos = Long.MIN_VALUE / 2;
    private long completedCount;
    private boolean finalCheckpointTriggered;
    private long finalCheckpointId = -1;

    private static final class Pending {
        final long id;
        final Path dir;
        final long startNanos;
        final boolean[] acked;
        /** For a savepoint, its final directory ({@link #dir} is then its staging directory); else null. */
        final Path savepoint;
        /** Whether the subtasks are told it completed (and so commit up to it): not for a savepoint the job goes on after. */
        final boolean commit;
        /** [source][subtask] */
        final byte[][][] positions;
        final byte[][] committables;
        int remaining;
        /** The longest barrier alignment a subtask reported for this checkpoint. */
        long maxAlignmentNanos;
        /** The longest synchronous and asynchronous parts a subtask acknowledged for this checkpoint. */
        long maxSyncNanos;
        long maxAsyncNanos;

        Pending(long id, Path dir, Path savepoint, boolean commit, int subtasks, int sources, int slots) {
            this.id = id;
            this.dir = dir;
            this.savepoint = savepoint;
            this.commit = commit;
            this.startNanos = System.nanoTime();
            this.acked = new boolean[subtasks];
            this.positions = new byte[sources][slots][];
            this.committables = new byte[slots][];
            this.remaining = subtasks;
        }
    }

    /** What the job thread learns from a tick; {@code savepoint} is the directory when it was a savepoint. */
    record Completion(long checkpointId, long durationMillis, long sizeBytes, long incrementalSizeBytes,
            long alignmentMillis, long syncMillis, long asyncMillis, Path savepoint) {

        /** What the job's metrics keep of it. */
        CheckpointStats stats() {
            return new CheckpointStats(checkpointId, durationMillis, sizeBytes, incrementalSizeBytes, alignmentMillis,
                    syncMillis, asyncMillis);
        }
    }

    /**
     * @param parallelism         the job's default parallelism
     * @param slots               the highest parallelism of any stage
     * @param operatorParallelism each operator's parallelism by id; every subtask of every stage acknowledges
     */
    CheckpointCoordinator(CheckpointStorage storage, String jobName, int parallelism, int slots,
            Map<String, Integer> operatorParallelism, int sources, List<String> statefulIds,
            Long intervalMillis, long timeoutMillis, long minPauseMillis, int maxConcurrent, long firstId) {
        this.storage = storage;
        this.jobName = jobName;
        this.parallelism = parallelism;
        this.slots = slots;
        this.operatorParallelism = Map.copyOf(operatorParallelism);
        this.sources = sources;
        this.statefulIds = List.copyOf(statefulIds);
        this.intervalNanos = intervalMillis == null ? null : TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.minPauseNanos = TimeUnit.MILLISECONDS.toNanos(minPauseMillis);
        this.maxConcurrent = Math.max(1, maxConcurrent);
        this.nextId = firstId;
    }

    synchronized void setSubtasks(List<Subtask> all) {
        subtasks = List.copyOf(all);
        ended = new boolean[all.size()];
    }

    boolean enabled() {
        return intervalNanos != null;
    }

    boolean isAborted(long checkpointId) {
        return aborted.contains(checkpointId);
    }

    /** The directory of a running checkpoint; null when it was aborted (or never existed). */
    synchronized Path directoryOf(long checkpointId) {
        Pending p = pending.get(checkpointId);
        return p == null ? null : p.dir;
    }

    /** A subtask's input gate held channels blocked this long before every channel delivered the barrier. */
    synchronized void recordAlignment(long checkpointId, long nanos) {
        Pending p = pending.get(checkpointId);
        if (p != null && nanos > p.maxAlignmentNanos) {
            p.maxAlignmentNanos = nanos;
        }
    }

    /**
     * @param source     which of the plan's sources the subtask reads, -1 for none
     * @param syncNanos  how long the subtask's thread was held by the checkpoint's synchronous part
     * @param asyncNanos how long its snapshot thread wrote the asynchronous part (0 when it had none)
     */
    synchronized void ack(int globalIndex, int source, int subtaskIndex, long checkpointId, byte[] position,
            byte[] committable, long syncNanos, long asyncNanos) {
        Pending p = pending.get(checkpointId);
        if (p == null || p.acked[globalIndex]) {
            return;
        }
        p.acked[globalIndex] = true;
        p.remaining--;
        p.maxSyncNanos = Math.max(p.maxSyncNanos, syncNanos);
        p.maxAsyncNanos = Math.max(p.maxAsyncNanos, asyncNanos);
        if (source >= 0) {
            p.positions[source][subtaskIndex] = position;
        }
        if (committable != null) {
            // with several sinks, subtasks of several stages hand in committables for one subtask index
            p.committables[subtaskIndex] = SinkCommittables.merge(p.committables[subtaskIndex], committable);
        }
    }

    /**
     * A subtask's input ended: from now on it is triggered directly. Returns the running checkpoints it has not
     * acknowledged yet, which it must snapshot now (no barrier will reach it any more).
     */
    synchronized List<Long> onInputEnded(int globalIndex) {
        if (!ended[globalIndex]) {
            ended[globalIndex] = true;
            endedCount++;
        }
        List<Long> ids = new ArrayList<>();
        for (Pending p : pending.values()) {
            if (!p.acked[globalIndex]) {
                ids.add(p.id);
            }
        }
        return ids;
    }

    synchronized boolean allInputsEnded() {
        return endedCount == subtasks.size();
    }

    synchronized long completedCount() {
        return completedCount;
    }

    /** How many checkpoints (and savepoints) were aborted because they took longer than the timeout. */
    long abortedCount() {
        return abortedCount.get();
    }

    /**
     * Periodic work on the job thread: completes acknowledged checkpoints, aborts timed-out ones and triggers the
     * next. With every input ended it takes one final checkpoint (so no sink commits output a restore would
     * replay) and returns true once the subtasks may finish.
     */
    boolean tick(List<Completion> completed) throws IOException {
        completeAcknowledged(completed);
        abortTimedOut();
        long now = System.nanoTime();
        synchronized (this) {
            boolean allEnded = endedCount == subtasks.size();
            if (allEnded) {
                if (!enabled()) {
                    return true;
                }
                if (!finalCheckpointTriggered && pending.isEmpty()) {
                    finalCheckpointTriggered = true;
                    finalCheckpointId = nextId;
                    trigger(now);
                }
                return finalCheckpointTriggered && !pending.containsKey(finalCheckpointId);
            }
            if (enabled() && pending.size() < maxConcurrent && now - lastTriggerNanos >= intervalNanos
                    && now - lastCompleteNanos >= minPauseNanos) {
                trigger(now);
            }
        }
        return false;
    }

    /**
     * Starts a savepoint into {@code root}: a checkpoint whose subtasks write into a staging directory,
     * copied into its own directory (nothing shared with checkpoints) when every subtask acknowledged.
     * With {@code commit} (a job stopping with it) the subtasks are then told it completed, as after a
     * checkpoint; without, as for Flink's savepoints of a running job, they are not: the next checkpoint
     * commits past it. Returns its id.
     */
    synchronized long triggerSavepoint(Path root, boolean commit) throws IOException {
        long id = nextId++;
        Path target = Savepoints.directory(root, jobName, id);
        pending.put(id, new Pending(id, Savepoints.createStaging(target), target, commit, subtasks.size(), sources,
                slots));
        postTriggers(id);
        return id;
    }

    private void trigger(long now) throws IOException {
        long id = nextId++;
        Path dir = storage.createCheckpointDir(id);
        pending.put(id, new Pending(id, dir, null, true, subtasks.size(), sources, slots));
        lastTriggerNanos = now;
        postTriggers(id);
    }

    /** Sources snapshot when the trigger reaches them; subtasks whose input ended have no barrier to wait for. */
    private void postTriggers(long id) {
        for (Subtask s : subtasks) {
            if (s.source >= 0 || ended[s.globalIndex]) {
                s.post(new Subtask.Trigger(id));
            }
        }
    }

    private void completeAcknowledged(List<Completion> completed) throws IOException {
        while (true) {
            Pending done;
            synchronized (this) {
                Map.Entry<Long, Pending> first = pending.firstEntry();
                if (first == null || first.getValue().remaining > 0) {
                    return;
                }
                done = first.getValue();
            }
            List<byte[]> positions = new ArrayList<>(slots);
            for (int i = 0; i < slots; i++) {
                List<byte[]> perSource = new ArrayList<>(sources);
                for (int src = 0; src < sources; src++) {
                    perSource.add(done.positions[src][i]);
                }
                positions.add(SourcePositions.pack(perSource));
            }
            Path dir = done.dir;
            if (done.savepoint != null) {
                Savepoints.copyFromStaging(done.dir, done.savepoint);
                dir = done.savepoint;
            }
            CheckpointMetadata meta = storage.complete(dir, jobName, done.id, System.currentTimeMillis(),
                    parallelism, positions, Arrays.asList(done.committables), statefulIds, operatorParallelism);
            Set<Long> inFlight;
            synchronized (this) {
                pending.remove(done.id);
                completedCount++;
                lastCompleteNanos = System.nanoTime();
                inFlight = Set.copyOf(pending.keySet());
            }
            long completedId = done.id;
            aborted.removeIf(id -> id < completedId);
            // Only now is the checkpoint durable, so only now may external side effects happen.
            if (done.commit) {
                for (Subtask s : subtasks) {
                    s.post(new Subtask.Complete(done.id));
                }
            }
            storage.applyRetention(inFlight);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - done.startNanos);
            LOG.debug("Job '{}' completed checkpoint {} in {} ms ({} bytes)", jobName, done.id, millis,
                    meta.stateSizeBytes());
            long alignmentMillis;
            long syncMillis;
            long asyncMillis;
            synchronized (this) {
                alignmentMillis = TimeUnit.NANOSECONDS.toMillis(done.maxAlignmentNanos);
                syncMillis = TimeUnit.NANOSECONDS.toMillis(done.maxSyncNanos);
                asyncMillis = TimeUnit.NANOSECONDS.toMillis(done.maxAsyncNanos);
            }
            completed.add(new Completion(done.id, millis, meta.stateSizeBytes(), meta.incrementalSizeBytes(),
                    alignmentMillis, syncMillis, asyncMillis, done.savepoint));
        }
    }

    private void abortTimedOut() {
        List<Pending> expired = new ArrayList<>();
        synchronized (this) {
            long now = System.nanoTime();
            for (Pending p : pending.values()) {
                if (now - p.startNanos > timeoutNanos) {
                    expired.add(p);
                }
            }
            for (Pending p : expired) {
                aborted.add(p.id);
                abortedCount.incrementAndGet();
                pending.remove(p.id);
            }
        }
        for (Pending p : expired) {
            LOG.warn("Job '{}': checkpoint {} did not complete within execution.checkpointing.timeout; aborted,"
                    + " the job goes on", jobName, p.id);
            try {
                FileTrees.deleteRecursively(p.dir);
            } catch (IOException e) {
                // A subtask may still be writing into it; retention removes what is left (it has no _metadata).
                LOG.debug("Cannot delete aborted checkpoint {} yet: {}", p.dir, e.toString());
            }
        }
    }
}
