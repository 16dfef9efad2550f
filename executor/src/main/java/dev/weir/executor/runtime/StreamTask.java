package dev.weir.executor.runtime;

import dev.weir.core.WeirException;
import dev.weir.core.config.Configuration;
import dev.weir.core.keys.KeyGroupRange;
import dev.weir.executor.checkpoint.CheckpointMetadata;
import dev.weir.executor.checkpoint.CheckpointStorage;
import dev.weir.executor.checkpoint.CheckpointTrigger;
import dev.weir.executor.checkpoint.CompletedCheckpoint;
import dev.weir.executor.checkpoint.FileTrees;
import dev.weir.executor.checkpoint.Savepoints;
import dev.weir.executor.connector.ConnectorFactory;
import dev.weir.executor.connector.Connectors;
import dev.weir.executor.connector.InputStatus;
import dev.weir.executor.connector.SinkWriter;
import dev.weir.executor.connector.SourceReader;
import dev.weir.executor.connector.TableContext;
import dev.weir.core.type.RowType;
import dev.weir.executor.operator.MultiInputOperator;
import dev.weir.executor.operator.Output;
import dev.weir.executor.operator.SnapshotContext;
import dev.weir.executor.operator.StreamOperator;
import dev.weir.executor.operators.OperatorContext;
import dev.weir.executor.operators.DeferredSnapshots;
import dev.weir.executor.operators.MeteredStateBackends;
import dev.weir.executor.operators.OperatorMetrics;
import dev.weir.executor.operators.Operators;
import dev.weir.executor.operators.SinkOperator;
import dev.weir.executor.operators.StateBackendFactory;
import dev.weir.executor.operators.WatermarkAssignerOperator;
import dev.weir.executor.plan.LateRowsSpec;
import dev.weir.executor.plan.OperatorSpec;
import dev.weir.executor.plan.PhysicalPlan;
import dev.weir.executor.plan.SinkSpec;
import dev.weir.executor.plan.SourceSpec;
import dev.weir.state.PendingSnapshot;
import dev.weir.state.StateBackendType;
import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import dev.weir.core.Row;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a plan at parallelism 1 on the current thread: each source reader → its chained operators
 * → (through a join or union, where branches meet) → the sinks; an operator feeding several hands
 * each row to all of them ({@link FanOutOutput}).
 *
 * <p>Between two polls of the readers (round robin) the task handles a pending checkpoint request
 * and a cancel request; operators therefore never see concurrent calls. Everything here is per
 * job, not per row: the per-row path is a reader's emit → {@link ChainedOutput} (or
 * {@link MultiInputOutput} into a join or union) → operators.
 */
final class StreamTask {
    private static final Logger LOG = LoggerFactory.getLogger(StreamTask.class);
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long METRICS_PUBLISH_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final int MAX_CHECKPOINT_STATS = 32;
    private static final int SUBTASK = 0;
    private static final int PARALLELISM = 1;

    private final PhysicalPlan plan;
    private final Configuration config;
    private final StateBackendFactory backends;
    private final JobHandle handle;
    private final String jobName;
    private final List<OperatorSpec> specs;
    private final OperatorMetrics[] metrics;
    private final Deque<CheckpointStats> checkpointStats = new ArrayDeque<>();
    /** Everything to close when the task ends, in creation order; closed in reverse. */
    private final List<AutoCloseable> resources = new ArrayList<>();

    private CheckpointStorage storage;
    /** The plan's source operators, their readers (same order) and whether each has ended. */
    private int[] sources;
    private SourceReader[] readers;
    /** What each reader emits into: the output of its source operator. */
    private Consumer<Row>[] sourceHeads;
    private boolean[] sourceEnded;
    /** Per reader: its per-split watermark assigner's binding, or null (one split, or no WATERMARK). */
    private SplitWatermarks[] splitWatermarks;
    private int liveSources;
    /** Per plan operator (null for sources): the runtime operator. */
    private StreamOperator[] operators;
    /** Per plan operator: where it emits (the sink's is a discarding output). */
    private Output[] outputs;
    /** Per plan operator: how many of its inputs have ended. */
    private int[] endedInputs;
    /** The plan's sinks (plan order), their plan indices and ids. */
    private SinkOperator[] sinks;
    private int[] sinkIndices;
    private List<String> sinkIds;
    private List<String> statefulIds;
    private long nextCheckpointId = 1;
    private long completedCheckpoints;
    /** Checkpoints that took longer than execution.checkpointing.timeout and were dropped. */
    private long abortedCheckpoints;
    /** Ids of the plan's stateful operators whose state the restore point holds; empty on a fresh start. */
    private Set<String> restoredIds = Set.of();
    private long checkpointTimeoutNanos;
    private long minPauseNanos;
    /** System.nanoTime() before which no periodic checkpoint starts (min-pause after the last one). */
    private long nextCheckpointEarliest;
    private int maxConcurrentCheckpoints;
    /** The asynchronous parts of keyed snapshots, collected during a checkpoint's synchronous part. */
    private final DeferredSnapshots deferredSnapshots = new DeferredSnapshots();
    /** Checkpoints whose asynchronous part runs on the snapshot thread; null until checkpoints start. */
    private AsyncCheckpoints asyncCheckpoints;
    private Path workingDir;

    StreamTask(PhysicalPlan plan, Configuration config, StateBackendFactory backends, JobHandle handle) {
        this.plan = plan;
        this.config = config;
        this.backends = backends;
        this.handle = handle;
        this.jobName = handle.jobName();
        this.specs = plan.operators();
        this.metrics = new OperatorMetrics[specs.size()];
        for (int i = 0; i < metrics.length; i++) {
            metrics[i] = new OperatorMetrics(specs.get(i).id());
        }
    }

    void run() {
        long startNanos = System.nanoTime();
        JobStatus status;
        Throwable failure = null;
        String restoredFrom = null;
        CheckpointTrigger trigger = null;
        try {
            Path root = Path.of(config.get(ExecutionOptions.CHECKPOINTS_DIRECTORY));
            storage = new CheckpointStorage(root.resolve(CheckpointStorage.fileSafe(jobName)),
                    config.get(ExecutionOptions.CHECKPOINTS_NUM_RETAINED), config.get(ExecutionOptions.ON_DAMAGED_CHECKPOINT),
                    config.get(ExecutionOptions.STATE_BACKEND_INCREMENTAL));
            statefulIds = statefulOperatorIds(specs, jobName);
            Optional<CompletedCheckpoint> restore =
                    storage.findRestorePoint(config.get(ExecutionOptions.STATE_RECOVERY_PATH));
            if (restore.isPresent()) {
                CompletedCheckpoint chk = restore.get();
                restoredFrom = chk.directory().toString();
                restoredIds = checkOperatorsMatch(chk, statefulIds, ParallelJob.sinkIds(plan), jobName,
                        config.get(ExecutionOptions.IGNORE_UNCLAIMED_STATE));
                if (chk.metadata().parallelism() == PARALLELISM) {
                    LOG.info("Job '{}' resumes from checkpoint {} (id {}, taken at {})", jobName, chk.directory(),
                            chk.checkpointId(), java.time.Instant.ofEpochMilli(chk.metadata().timestampMillis()));
                } else {
                    ParallelJob.logRestore(LOG, jobName, chk, PARALLELISM);
                }
            } else if (config.get(ExecutionOptions.CHECKPOINTING_INTERVAL) != null) {
                LOG.info("Job '{}' starts fresh (no checkpoint under {})", jobName, storage.jobDir());
            }
            nextCheckpointId = Math.max(storage.highestCheckpointId(),
                    restore.map(CompletedCheckpoint::checkpointId).orElse(0L)) + 1;
            build(restore.orElse(null));
            checkpointTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(config.get(ExecutionOptions.CHECKPOINTING_TIMEOUT));
            minPauseNanos = TimeUnit.MILLISECONDS.toNanos(config.get(ExecutionOptions.CHECKPOINTING_MIN_PAUSE));
            maxConcurrentCheckpoints = Math.max(1, config.get(ExecutionOptions.CHECKPOINTING_MAX_CONCURRENT));
            nextCheckpointEarliest = System.nanoTime();
            asyncCheckpoints = new AsyncCheckpoints(storage, jobName, statefulIds);
            trigger = new CheckpointTrigger(config.get(ExecutionOptions.CHECKPOINTING_INTERVAL), jobName);
            status = runLoop(trigger);
            endCheckpoints(status);
            if (status == JobStatus.FINISHED) {
                // A finished bounded job leaves nothing to resume: the next run of the script starts fresh.
                storage.deleteAll();
            }
        } catch (Throwable t) {
            failure = OperatorException.unwrap(t);
            status = JobStatus.FAILED;
        } finally {
            if (trigger != null) {
                trigger.close();
            }
            if (asyncCheckpoints != null) {
                asyncCheckpoints.close(); // before the backends close; aborts what is still in flight
            }
        }
        Throwable closeFailure = closeResources();
        if (failure == null && closeFailure != null && status == JobStatus.FINISHED) {
            failure = closeFailure;
            status = JobStatus.FAILED;
        }
        JobMetrics finalMetrics = snapshotMetrics();
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        JobResult result = new JobResult(jobName, status, failure, finalMetrics.rowsRead(), finalMetrics.rowsWritten(),
                finalMetrics.lateRowsDropped(), finalMetrics.completedCheckpoints(), restoredFrom, elapsedMillis,
                finalMetrics);
        // The result carries the failure to the caller, who reports it to the user once; the log
        // keeps the details (stack trace, per-operator figures) for debugging.
        if (status == JobStatus.FAILED) {
            LOG.debug("Job '{}' FAILED after {} ms: {} | {}", jobName, elapsedMillis, failure, finalMetrics.summary(),
                    failure);
        } else {
            LOG.debug("Job '{}' {} in {} ms: {}", jobName, status, elapsedMillis, finalMetrics.summary());
        }
        handle.complete(result);
    }

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

    private void build(CompletedCheckpoint restore) throws Exception {
        CheckpointMetadata meta = restore == null ? null : restore.metadata();
        workingDir = Files.createTempDirectory(firstTmpDir(config), "weir-" + CheckpointStorage.fileSafe(jobName) + "-");
        int maxParallelism = config.get(ExecutionOptions.MAX_PARALLELISM);
        StateBackendType backendType = config.get(ExecutionOptions.STATE_BACKEND_TYPE);
        KeyGroupRange keyGroups = KeyGroupRange.all(maxParallelism);
        int n = specs.size();
        operators = new StreamOperator[n];
        outputs = new Output[n];
        endedInputs = new int[n];

        sources = plan.sourceIndices().stream().mapToInt(Integer::intValue).toArray();
        readers = new SourceReader[sources.length];
        sourceEnded = new boolean[sources.length];
        liveSources = sources.length;
        // a checkpoint of several subtasks anywhere (parallelism.default, scan/sink.parallelism) is rescaled to one
        RescaledRestore rescale = RescaledRestore.isRescaleToOne(restore)
                ? new RescaledRestore(restore, maxParallelism, workingDir, sources.length)
                : null;
        List<byte[]> positions = SourcePositions.unpack(meta == null ? null : meta.sourcePosition(), sources.length);
        for (int s = 0; s < sources.length; s++) {
            SourceSpec sourceSpec = (SourceSpec) specs.get(sources[s]);
            ConnectorFactory sourceFactory = Connectors.find(sourceSpec.connector());
            byte[] position = restoredIds.contains(sourceSpec.id()) ? positions.get(s) : null;
            if (meta != null && meta.parallelismOf(sourceSpec.id()) != PARALLELISM
                    && restoredIds.contains(sourceSpec.id())) {
                position = rescale.sourcePosition(sourceFactory, s, sourceSpec.id(),
                        new TableContext(sourceSpec.tableName(), sourceSpec.outputType(), sourceSpec.options(), config,
                                SUBTASK, PARALLELISM, null));
            }
            readers[s] = sourceFactory.createReader(new TableContext(sourceSpec.tableName(), sourceSpec.outputType(),
                    sourceSpec.options(), config, SUBTASK, PARALLELISM, position));
            resources.add(readers[s]);
        }

        for (int i = 0; i < n; i++) {
            OperatorSpec spec = specs.get(i);
            if (spec instanceof SourceSpec || spec instanceof SinkSpec) {
                continue;
            }
            Path restoreDir = restore == null ? null
                    : rescale != null ? rescale.operatorDir(spec.id(), SUBTASK, PARALLELISM)
                    : restore.directory().resolve(CheckpointStorage.fileSafe(spec.id()));
            OperatorContext ctx = new OperatorContext(spec.id(), SUBTASK, PARALLELISM, maxParallelism, keyGroups,
                    backendType, MeteredStateBackends.factory(backends, metrics[i], deferredSnapshots),
                    workingDir.resolve(CheckpointStorage.fileSafe(spec.id())),
                    restoreDir != null && Files.isDirectory(restoreDir) ? restoreDir : null, metrics[i]);
            operators[i] = Operators.create(spec, inputTypes(plan, i), ctx);
            resources.add(operators[i]);
        }
        sinkIndices = plan.sinkIndices().stream().mapToInt(Integer::intValue).toArray();
        sinks = new SinkOperator[sinkIndices.length];
        sinkIds = new ArrayList<>();
        for (int k = 0; k < sinkIndices.length; k++) {
            int i = sinkIndices[k];
            SinkSpec sinkSpec = (SinkSpec) specs.get(i);
            sinkIds.add(sinkSpec.id());
            // another sink than the savepoint's: nothing of it to restore or commit
            boolean restored = meta != null && restoredIds.contains(sinkSpec.id());
            ConnectorFactory sinkFactory = Connectors.find(sinkSpec.connector());
            byte[] committable = !restored ? null
                    : meta.parallelismOf(sinkSpec.id()) != PARALLELISM
                            // every old subtask's pending output, taken over by the one subtask there is now
                            ? SinkCommittables.rescaled(meta, sinkFactory, new TableContext(sinkSpec.tableName(),
                                    sinkSpec.outputType(), sinkSpec.options(), config, SUBTASK, PARALLELISM, null),
                                    sinkSpec.id(), sinkIndices.length)
                            : SinkCommittables.of(meta, SUBTASK, sinkSpec.id(), sinkIndices.length);
            SinkWriter writer = sinkFactory.createWriter(new TableContext(sinkSpec.tableName(),
                    sinkSpec.outputType(), sinkSpec.options(), config, SUBTASK, PARALLELISM, committable));
            sinks[k] = new SinkOperator(writer, metrics[i]);
            operators[i] = sinks[k];
            resources.add(sinks[k]);
            if (committable != null) {
                // The job may have died between writing _metadata and committing: commit again (idempotent).
                writer.commit(meta.checkpointId());
            }
        }

        MultiInputOutput.Watermarks[] watermarks = new MultiInputOutput.Watermarks[n];
        for (int i = n - 1; i >= 0; i--) { // back to front: a consumer's output exists before its inputs'
            outputs[i] = EdgeOutputs.of(plan, i, metrics[i], (edge, counted) -> {
                int c = edge.to();
                int inputCount = plan.inputsOf(c).size();
                if (inputCount == 1) {
                    ChainedOutput out = new ChainedOutput(operators[c], counted, metrics[c]);
                    out.setNextOutput(outputs[c]);
                    return out;
                }
                if (watermarks[c] == null) {
                    watermarks[c] = new MultiInputOutput.Watermarks(inputCount);
                }
                return new MultiInputOutput((MultiInputOperator) operators[c], edge.position(), watermarks[c],
                        counted, metrics[c], outputs[c]);
            });
        }
        sourceHeads = sourceHeads(sources, outputs);
        splitWatermarks = new SplitWatermarks[sources.length];
        for (int s = 0; s < sources.length; s++) {
            splitWatermarks[s] = attachSplits(s, config.get(ExecutionOptions.SOURCE_IDLE_TIMEOUT));
        }
        for (int i = 0; i < n; i++) {
            if (operators[i] instanceof WatermarkAssignerOperator assigner) {
                assigner.emitRestoredWatermark(outputs[i]); // before the first row: CURRENT_WATERMARK sees it
            }
        }
    }

    /**
     * Reader {@code s}'s splits to the watermark assigner of its chain (single-input operators after it,
     * up to where the plan fans out).
     */
    private SplitWatermarks attachSplits(int s, long idleTimeoutMillis) {
        List<StreamOperator> chain = new ArrayList<>();
        List<Output> chainOutputs = new ArrayList<>();
        List<PhysicalPlan.Edge> next = plan.consumersOf(sources[s]);
        while (next.size() == 1 && plan.inputsOf(next.get(0).to()).size() == 1) {
            int i = next.get(0).to();
            chain.add(operators[i]);
            chainOutputs.add(outputs[i]);
            next = plan.consumersOf(i);
        }
        return SplitWatermarks.attach(readers[s], chain, chainOutputs, idleTimeoutMillis);
    }

    @SuppressWarnings("unchecked")
    private static Consumer<Row>[] sourceHeads(int[] sources, Output[] outputs) {
        Consumer<Row>[] heads = new Consumer[sources.length];
        for (int s = 0; s < sources.length; s++) {
            heads[s] = (Consumer<Row>) outputs[sources[s]]; // a ChainedOutput or a MultiInputOutput
        }
        return heads;
    }

    /** The row types operator {@code index} of {@code plan} receives, one per input. */
    static List<RowType> inputTypes(PhysicalPlan plan, int index) {
        List<RowType> types = new ArrayList<>();
        for (int input : plan.inputsOf(index)) {
            types.add(plan.operators().get(input).outputType());
        }
        return types;
    }

    /** The first of {@code io.tmp.dirs}; a parallel runtime would spread subtasks over all of them. */
    static Path firstTmpDir(Configuration config) throws IOException {
        String dirs = config.get(ExecutionOptions.TMP_DIRS);
        String first = dirs.split("[," + java.util.regex.Pattern.quote(File.pathSeparator) + "]")[0].trim();
        Path dir = Path.of(first.isEmpty() ? System.getProperty("java.io.tmpdir") : first);
        Files.createDirectories(dir);
        return dir;
    }

    private JobStatus runLoop(CheckpointTrigger trigger) throws Exception {
        long nextPublish = System.nanoTime() + METRICS_PUBLISH_NANOS;
        while (true) {
            if (handle.isCancelRequested()) {
                return JobStatus.CANCELLED;
            }
            JobHandle.SavepointRequest savepoint = handle.nextSavepointRequest();
            if (savepoint != null) {
                // checkpoints in flight end first: a savepoint's commit must not overtake their _metadata
                drainCheckpoints(true);
                savepoint(nextCheckpointId++, savepoint);
                if (savepoint.stop()) {
                    return JobStatus.CANCELLED;
                }
            }
            endedCheckpoints(true);
            if (mayStartCheckpoint() && trigger.takeRequest()) {
                checkpoint(nextCheckpointId++);
            }
            InputStatus status = pollSources();
            if (status == InputStatus.END_OF_INPUT) {
                return JobStatus.FINISHED;
            }
            if (status == InputStatus.NOTHING_AVAILABLE) {
                LockSupport.parkNanos(IDLE_PARK_NANOS);
            }
            long now = System.nanoTime();
            if (now - nextPublish >= 0) {
                handle.publish(snapshotMetrics());
                nextPublish = now + METRICS_PUBLISH_NANOS;
            }
        }
    }

    /** Polls every live reader once; END_OF_INPUT when all have ended, NOTHING_AVAILABLE when none had rows. */
    private InputStatus pollSources() throws Exception {
        boolean more = false;
        for (int s = 0; s < readers.length; s++) {
            if (sourceEnded[s]) {
                continue;
            }
            InputStatus status = readers[s].pollNext(sourceHeads[s]);
            if (splitWatermarks[s] != null) {
                splitWatermarks[s].afterPoll(); // ended and idle splits
            }
            if (status == InputStatus.END_OF_INPUT) {
                endSource(s);
            } else if (status == InputStatus.MORE_AVAILABLE) {
                more = true;
            }
        }
        return liveSources == 0 ? InputStatus.END_OF_INPUT
                : more ? InputStatus.MORE_AVAILABLE : InputStatus.NOTHING_AVAILABLE;
    }

    private void endSource(int s) throws Exception {
        sourceEnded[s] = true;
        liveSources--;
        // The final watermark fires every window before the operators learn the input ended.
        outputs[sources[s]].emitWatermark(Long.MAX_VALUE);
        ended(sources[s]);
    }

    /** Operator {@code index} ended: each consumer whose last input that was ends too, and so on downstream. */
    private void ended(int index) throws Exception {
        for (PhysicalPlan.Edge edge : plan.consumersOf(index)) {
            int c = edge.to();
            if (++endedInputs[c] == plan.inputsOf(c).size()) {
                operators[c].endInput(outputs[c]);
                ended(c);
            }
        }
    }

    /**
     * Writes the source positions and the state of every operator but the sinks into {@code dir};
     * returns the packed positions. The sinks' part ({@link #snapshotSink}) comes last, once the
     * checkpoint is sure to be kept.
     */
    private byte[] snapshotState(Path dir, long checkpointId) throws Exception {
        List<byte[]> positions = new ArrayList<>(readers.length);
        for (SourceReader reader : readers) {
            positions.add(reader.snapshotPosition(checkpointId));
        }
        for (int i = 0; i < operators.length; i++) {
            if (operators[i] != null && !(operators[i] instanceof SinkOperator)) { // a source's position is above
                snapshotOperator(i, dir, checkpointId);
            }
        }
        return SourcePositions.pack(positions);
    }

    /**
     * Each sink closes its pending output into a committable for this checkpoint; they are handed over
     * together (keyed by sink id when there are several).
     */
    private byte[] snapshotSink(Path dir, long checkpointId) throws Exception {
        List<byte[]> committables = new ArrayList<>(sinks.length);
        for (int k = 0; k < sinks.length; k++) {
            snapshotOperator(sinkIndices[k], dir, checkpointId);
            committables.add(sinks[k].takeCommittable());
        }
        return SinkCommittables.pack(sinkIds, committables, sinks.length > 1);
    }

    private void snapshotOperator(int i, Path dir, long checkpointId) throws Exception {
        operators[i].prepareSnapshotPreBarrier(checkpointId, outputs[i]);
        Path opDir = dir.resolve(CheckpointStorage.fileSafe(specs.get(i).id()));
        Files.createDirectories(opDir);
        operators[i].snapshotState(new SnapshotContext(checkpointId, opDir));
        if (isEmptyDirectory(opDir)) {
            Files.delete(opDir);
        }
    }

    /**
     * A savepoint into its own directory (files copied out of the staging directory, so nothing is
     * shared with checkpoints or RocksDB). A stopping one is committed like a checkpoint and the job
     * stops right after it; otherwise, as in Flink, it commits nothing — the job's next checkpoint
     * does, and a job resumed from it commits what is pending in it — and the job goes on.
     */
    private void savepoint(long checkpointId, JobHandle.SavepointRequest request) {
        long start = System.nanoTime();
        Path staging = null;
        try {
            Path target = Savepoints.directory(request.root(ExecutionOptions.savepointRoot(config)), jobName,
                    checkpointId);
            staging = Savepoints.createStaging(target);
            byte[] position = snapshotState(staging, checkpointId);
            byte[] committable = snapshotSink(staging, checkpointId);
            Savepoints.copyFromStaging(staging, target);
            CheckpointMetadata meta = storage.complete(target, jobName, checkpointId, System.currentTimeMillis(),
                    position, committable, statefulIds);
            if (request.stop()) {
                notifyCheckpointComplete(checkpointId);
            }
            completedCheckpoints++;
            recordCheckpoint(checkpointId, start, meta);
            LOG.info(request.stop() ? "Job '{}' took savepoint {} and stops" : "Job '{}' took savepoint {}; it goes on",
                    jobName, target);
            request.result().complete(target);
        } catch (Exception e) {
            if (staging != null) {
                try {
                    FileTrees.deleteRecursively(staging);
                } catch (IOException x) {
                    LOG.warn("Job '{}': cannot delete savepoint staging directory {}: {}", jobName, staging, x.toString());
                }
            }
            // A stopping job stops either way (the user asked it to); the checkpoints stay for a plain resume.
            request.result().completeExceptionally(new WeirException("Job '" + jobName + "' could not take its"
                    + " savepoint: " + e.getMessage() + (request.stop() ? ". It stopped; its latest checkpoint is kept."
                            : ". It goes on running."), e));
        }
    }

    /**
     * Whether a requested checkpoint may start now: fewer than {@code max-concurrent-checkpoints} are in
     * flight and {@code min-pause} has passed since the last one ended (with a pause, as in Flink, one
     * at a time). A request that may not start yet stays pending.
     */
    private boolean mayStartCheckpoint() {
        int active = asyncCheckpoints.activeCount();
        return active < maxConcurrentCheckpoints && (minPauseNanos == 0 || active == 0)
                && System.nanoTime() - nextCheckpointEarliest >= 0;
    }

    /**
     * The synchronous part of checkpoint {@code checkpointId}, at the barrier: source positions, every
     * operator's state captured (keyed backends take only their synchronous part, see
     * {@link DeferredSnapshots}), then the sinks' committables. The rest runs on the snapshot thread
     * ({@link AsyncCheckpoints}) while this thread goes back to processing rows; the sinks commit when
     * {@link #endedCheckpoints} learns that {@code _metadata} is durable.
     */
    private void checkpoint(long checkpointId) throws Exception {
        long start = System.nanoTime();
        Path dir = storage.createCheckpointDir(checkpointId);
        byte[] position;
        byte[] committable = null;
        List<PendingSnapshot> parts;
        deferredSnapshots.begin();
        try {
            position = snapshotState(dir, checkpointId);
            if (System.nanoTime() - start <= checkpointTimeoutNanos) {
                committable = snapshotSink(dir, checkpointId);
            }
        } catch (Exception | Error e) {
            for (PendingSnapshot part : deferredSnapshots.end()) {
                part.discard();
            }
            throw e;
        }
        parts = deferredSnapshots.end();
        long syncNanos = System.nanoTime() - start;
        if (syncNanos > checkpointTimeoutNanos) {
            // Already too late: not kept. The sinks have not handed over their output (it was checked
            // before they were asked), so it stays pending for the next checkpoint.
            for (PendingSnapshot part : parts) {
                part.discard();
            }
            abort(checkpointId, dir, syncNanos);
            nextCheckpointEarliest = System.nanoTime() + minPauseNanos;
            return;
        }
        asyncCheckpoints.start(checkpointId, dir, start, syncNanos, parts, position, committable);
    }

    /**
     * Handles the checkpoints whose asynchronous part ended, in checkpoint order: a completed one is
     * durable, so the operators are told (the sinks commit) unless {@code notify} is false (the job
     * finished: its sinks committed everything already); a failed one fails the job. Then aborts those
     * over {@code execution.checkpointing.timeout}, without waiting for them.
     */
    private void endedCheckpoints(boolean notify) throws Exception {
        AsyncCheckpoints.InFlight ended;
        while ((ended = asyncCheckpoints.pollEnded()) != null) {
            if (ended.failure() != null) {
                Throwable failure = ended.failure();
                throw failure instanceof Exception e ? e : new IllegalStateException(failure);
            }
            CheckpointMetadata meta = ended.metadata();
            if (meta == null) {
                continue; // aborted; counted when it was aborted
            }
            // Only now is the checkpoint durable, so only now may external side effects happen.
            if (notify) {
                notifyCheckpointComplete(ended.id);
            }
            storage.applyRetention(asyncCheckpoints.inFlightIds());
            completedCheckpoints++;
            recordCheckpoint(ended.id, ended.startNanos, meta);
            long now = System.nanoTime();
            nextCheckpointEarliest = now + minPauseNanos;
            LOG.debug("Job '{}': checkpoint {} held the task thread {} ms of {} ms", jobName, ended.id,
                    TimeUnit.NANOSECONDS.toMillis(ended.syncNanos),
                    TimeUnit.NANOSECONDS.toMillis(now - ended.startNanos));
            if (now - ended.startNanos > checkpointTimeoutNanos) {
                // it was already writing _metadata when its time ran out: a checkpoint that durable is kept
                LOG.warn("Job '{}': checkpoint {} took longer than execution.checkpointing.timeout ({} ms) while its"
                        + " metadata was written; it completed", jobName, ended.id,
                        TimeUnit.NANOSECONDS.toMillis(checkpointTimeoutNanos));
            }
            handle.publish(snapshotMetrics());
        }
        long now = System.nanoTime();
        for (AsyncCheckpoints.InFlight aborted : asyncCheckpoints.abortTimedOut(now, checkpointTimeoutNanos)) {
            abortedCheckpoints++;
            handle.abortedCheckpoints(abortedCheckpoints);
            nextCheckpointEarliest = now + minPauseNanos;
            LOG.warn("Job '{}': checkpoint {} did not complete within execution.checkpointing.timeout ({} ms); aborted"
                    + " (its files deleted), the job goes on", jobName, aborted.id,
                    TimeUnit.NANOSECONDS.toMillis(checkpointTimeoutNanos));
        }
    }

    /** Waits until no checkpoint is in flight, handling each as it ends (timeouts still apply). */
    private void drainCheckpoints(boolean notify) throws Exception {
        while (!asyncCheckpoints.isEmpty()) {
            asyncCheckpoints.awaitEnded(TimeUnit.MILLISECONDS.toNanos(10));
            endedCheckpoints(notify);
        }
    }

    /**
     * The job left its loop: a finished job lets its checkpoints in flight complete (without commits,
     * its sinks committed everything when their input ended); a cancelled one aborts them.
     */
    private void endCheckpoints(JobStatus status) throws Exception {
        if (status == JobStatus.FINISHED) {
            drainCheckpoints(false);
        } else {
            asyncCheckpoints.abortAll();
        }
    }

    /** A checkpoint that took longer than the timeout: deleted, not counted, never restored; the job goes on. */
    private void abort(long checkpointId, Path dir, long elapsedNanos) {
        abortedCheckpoints++;
        handle.abortedCheckpoints(abortedCheckpoints);
        LOG.warn("Job '{}': checkpoint {} took {} ms, longer than execution.checkpointing.timeout ({} ms); aborted"
                + " (its files deleted), the job goes on", jobName, checkpointId,
                TimeUnit.NANOSECONDS.toMillis(elapsedNanos), TimeUnit.NANOSECONDS.toMillis(checkpointTimeoutNanos));
        try {
            FileTrees.deleteRecursively(dir);
        } catch (IOException e) {
            // without _metadata it is never restored; retention removes what is left
            LOG.warn("Job '{}': cannot delete aborted checkpoint {}: {}", jobName, dir, e.toString());
        }
    }

    private void recordCheckpoint(long checkpointId, long startNanos, CheckpointMetadata meta) {
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        if (checkpointStats.size() == MAX_CHECKPOINT_STATS) {
            checkpointStats.removeFirst();
        }
        checkpointStats.addLast(new CheckpointStats(checkpointId, millis, meta.stateSizeBytes(),
                meta.incrementalSizeBytes(), 0));
        LOG.debug("Job '{}' completed checkpoint {} in {} ms ({} bytes)", jobName, checkpointId, millis,
                meta.stateSizeBytes());
    }

    private void notifyCheckpointComplete(long checkpointId) throws Exception {
        for (StreamOperator op : operators) {
            if (op != null) {
                op.notifyCheckpointComplete(checkpointId);
            }
        }
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        }
    }

    private Throwable closeResources() {
        Throwable first = null;
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Throwable t) {
                LOG.warn("Job '{}': closing {} failed", jobName, resources.get(i).getClass().getSimpleName(), t);
                if (first == null) {
                    first = t;
                }
            }
        }
        resources.clear();
        if (workingDir != null) {
            try {
                FileTrees.deleteRecursively(workingDir);
            } catch (IOException e) {
                LOG.warn("Job '{}': cannot delete working directory {}: {}", jobName, workingDir, e.toString());
            }
        }
        return first;
    }

    private JobMetrics snapshotMetrics() {
        List<OperatorStats> ops = new ArrayList<>(metrics.length);
        long late = 0;
        long read = 0;
        for (int i = 0; i < metrics.length; i++) {
            OperatorMetrics m = metrics[i];
            long in = 0;
            for (int input : plan.inputsOf(i)) {
                // a LateRowsSpec receives its window's late rows, not its results
                in += specs.get(i) instanceof LateRowsSpec ? metrics[input].lateRowsDropped() : metrics[input].rowsOut();
            }
            if (specs.get(i) instanceof SourceSpec) {
                read += m.rowsOut();
            }
            ops.add(new OperatorStats(m.operatorId(), in, m.rowsOut(), m.lateRowsDropped(), m.currentWatermark(),
                    m.stateSizeBytes()));
            late += m.lateRowsDropped();
        }
        long skipped = 0;
        for (SourceReader reader : readers == null ? new SourceReader[0] : readers) {
            skipped += reader == null ? 0 : reader.skippedRecords();
        }
        java.util.Map<String, Long> perSink = new java.util.LinkedHashMap<>();
        long written = 0;
        for (int i : plan.sinkIndices()) {
            perSink.put(specs.get(i).id(), metrics[i].rowsOut());
            written += metrics[i].rowsOut();
        }
        return new JobMetrics(read, written, late, completedCheckpoints, ops, new ArrayList<>(checkpointStats),
                skipped, perSink);
    }
}
