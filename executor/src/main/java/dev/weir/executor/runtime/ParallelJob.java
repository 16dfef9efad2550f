package dev.weir.executor.runtime;

import dev.weir.core.WeirException;
import dev.weir.core.config.Configuration;
import dev.weir.core.keys.KeyGroupRange;
import dev.weir.core.keys.KeyGroups;
import dev.weir.executor.checkpoint.CheckpointMetadata;
import dev.weir.executor.checkpoint.CheckpointStorage;
import dev.weir.executor.checkpoint.CheckpointingMode;
import dev.weir.executor.checkpoint.CompletedCheckpoint;
import dev.weir.executor.checkpoint.FileTrees;
import dev.weir.executor.connector.ConnectorFactory;
import dev.weir.executor.connector.Connectors;
import dev.weir.executor.connector.SinkWriter;
import dev.weir.executor.connector.SourceReader;
import dev.weir.executor.connector.TableContext;
import dev.weir.executor.operator.MultiInputOperator;
import dev.weir.executor.operator.Output;
import dev.weir.executor.operator.StreamOperator;
import dev.weir.executor.operators.OperatorContext;
import dev.weir.executor.operators.DeferredSnapshots;
import dev.weir.executor.operators.MeteredStateBackends;
import dev.weir.executor.operators.OperatorMetrics;
import dev.weir.executor.operators.Operators;
import dev.weir.executor.operators.SinkOperator;
import dev.weir.executor.operators.StateBackendFactory;
import dev.weir.executor.plan.LateRowsSpec;
import dev.weir.executor.plan.OperatorSpec;
import dev.weir.executor.plan.PhysicalPlan;
import dev.weir.executor.plan.SinkSpec;
import dev.weir.executor.plan.SourceSpec;
import dev.weir.state.StateBackendType;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import dev.weir.core.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a plan with more than one subtask somewhere ({@code parallelism.default} > 1, or a table's own
 * {@code scan.parallelism} / {@code sink.parallelism}): the plan is split into {@link Stages} at keyed
 * operators; each stage runs as many subtasks as its parallelism, one thread each, connected by hash,
 * forward or rebalance exchanges of bounded {@link Channel}s. Each source subtask reads split {@code i} of {@code N}
 * ({@link TableContext}); each keyed subtask owns the key groups
 * {@link KeyGroups#rangeForSubtask}; each subtask of a stage holding sinks has its own writer per sink.
 * The plan is a graph: a stage may feed several stages, one exchange per plan edge between them.
 * This thread coordinates checkpoints ({@link CheckpointCoordinator}), publishes metrics and
 * watches for cancellation and failures.
 */
final class ParallelJob {
    private static final Logger LOG = LoggerFactory.getLogger(ParallelJob.class);
    static final int CHANNEL_CAPACITY = 8;
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long METRICS_PUBLISH_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final int MAX_CHECKPOINT_STATS = 32;
    private static final long SAVEPOINT_COMMIT_WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final PhysicalPlan plan;
    private final Configuration config;
    private final StateBackendFactory backends;
    private final JobHandle handle;
    private final String jobName;
    private final int parallelism;
    private final List<OperatorSpec> specs;
    /** [subtask][spec]: each subtask thread writes only its own row; a spec has as many rows as its parallelism. */
    private OperatorMetrics[][] metrics;
    /** The parallelism of each spec (its stage's). */
    private int[] specParallelism;
    private final Deque<CheckpointStats> checkpointStats = new ArrayDeque<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicInteger finishedSubtasks = new AtomicInteger();
    private final List<Subtask> subtasks = new ArrayList<>();
    /** The source subtasks' readers, for the skipped-records metric (read from the metrics thread). */
    private final List<SourceReader> readers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;
    private volatile Thread jobThread;
    private CheckpointCoordinator coordinator;
    /** Per subtask (global index): where its keyed backends leave the asynchronous parts of their snapshots. */
    private final java.util.Map<Integer, DeferredSnapshots> deferredSnapshots = new java.util.HashMap<>();
    private Path workingDir;
    /** Ids of stateful operators whose state the restore point holds. */
    private java.util.Set<String> restoredIds = java.util.Set.of();

    ParallelJob(PhysicalPlan plan, Configuration config, StateBackendFactory backends, JobHandle handle,
            int parallelism) {
        this.plan = plan;
        this.config = config;
        this.backends = backends;
        this.handle = handle;
        this.jobName = handle.jobName();
        this.parallelism = parallelism;
        this.specs = plan.operators();
        int[] every = new int[specs.size()];
        java.util.Arrays.fill(every, parallelism);
        initMetrics(every, parallelism);
    }

    private void initMetrics(int[] perSpec, int slots) {
        this.specParallelism = perSpec;
        this.metrics = new OperatorMetrics[slots][specs.size()];
        for (int s = 0; s < slots; s++) {
            for (int i = 0; i < specs.size(); i++) {
                metrics[s][i] = new OperatorMetrics(specs.get(i).id());
            }
        }
    }

    /** The collection subtask {@code globalIndex}'s keyed backends defer snapshot parts to (see {@link Subtask}). */
    DeferredSnapshots deferredSnapshots(int globalIndex) {
        return deferredSnapshots.get(globalIndex);
    }

    CheckpointCoordinator coordinator() {
        return coordinator;
    }

    boolean isStopping() {
        return stopping;
    }

    void fail(Throwable t) {
        failure.compareAndSet(null, OperatorException.unwrap(t));
        wakeJobThread();
    }

    void subtaskFinished() {
        finishedSubtasks.incrementAndGet();
        wakeJobThread();
    }

    private void wakeJobThread() {
        Thread t = jobThread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    void run() {
        jobThread = Thread.currentThread();
        long startNanos = System.nanoTime();
        JobStatus status;
        String restoredFrom = null;
        CheckpointStorage storage = null;
        try {
            Path root = Path.of(config.get(ExecutionOptions.CHECKPOINTS_DIRECTORY));
            storage = new CheckpointStorage(root.resolve(CheckpointStorage.fileSafe(jobName)),
                    config.get(ExecutionOptions.CHECKPOINTS_NUM_RETAINED), config.get(ExecutionOptions.ON_DAMAGED_CHECKPOINT),
                    config.get(ExecutionOptions.STATE_BACKEND_INCREMENTAL));
            List<String> statefulIds = RestoreMapping.statefulOperatorIds(specs, jobName);
            int maxParallelism = config.get(ExecutionOptions.MAX_PARALLELISM);
            if (parallelism > maxParallelism) {
                throw new WeirException("parallelism.default (" + parallelism + ") must not exceed"
                        + " pipeline.max-parallelism (" + maxParallelism + ").");
            }
            List<Stages.Stage> stages = Stages.split(plan, parallelism, maxParallelism, true);
            // positions and committables are kept per subtask index up to the widest stage (and the default)
            int slots = Math.max(Stages.slots(stages), parallelism);
            int[] perSpec = new int[specs.size()];
            java.util.Map<String, Integer> operatorParallelism = new java.util.HashMap<>();
            for (Stages.Stage stage : stages) {
                for (int op : stage.operators()) {
                    perSpec[op] = stage.parallelism();
                    operatorParallelism.put(specs.get(op).id(), stage.parallelism());
                }
            }
            initMetrics(perSpec, slots);
            Optional<CompletedCheckpoint> restore =
                    storage.findRestorePoint(config.get(ExecutionOptions.STATE_RECOVERY_PATH));
            if (restore.isPresent()) {
                CompletedCheckpoint chk = restore.get();
                restoredFrom = chk.directory().toString();
                restoredIds = RestoreMapping.checkOperatorsMatch(chk, statefulIds, sinkIds(plan), jobName,
                        config.get(ExecutionOptions.IGNORE_UNCLAIMED_STATE));
                logRestore(LOG, jobName, chk, parallelism);
            }
            long firstId = Math.max(storage.highestCheckpointId(),
                    restore.map(CompletedCheckpoint::checkpointId).orElse(0L)) + 1;
            coordinator = new CheckpointCoordinator(storage, jobName, parallelism, slots, operatorParallelism,
                    plan.sourceIndices().size(), statefulIds,
                    config.get(ExecutionOptions.CHECKPOINTING_INTERVAL),
                    config.get(ExecutionOptions.CHECKPOINTING_TIMEOUT),
                    config.get(ExecutionOptions.CHECKPOINTING_MIN_PAUSE),
                    config.get(ExecutionOptions.CHECKPOINTING_MAX_CONCURRENT), firstId);
            build(stages, restore.orElse(null));
            coordinator.setSubtasks(subtasks);
            for (int i = 0; i < subtasks.size(); i++) {
                threads.get(i).start();
            }
            status = loop();
        } catch (Throwable t) {
            failure.compareAndSet(null, OperatorException.unwrap(t));
            status = JobStatus.FAILED;
        }
        stopAll();
        if (status == JobStatus.FINISHED && failure.get() != null) {
            status = JobStatus.FAILED; // a subtask failed while closing
        }
        if (status == JobStatus.FINISHED && storage != null) {
            try {
                storage.deleteAll();
            } catch (IOException e) {
                LOG.warn("Job '{}': cannot delete its checkpoints: {}", jobName, e.toString());
            }
        }
        if (workingDir != null) {
            try {
                FileTrees.deleteRecursively(workingDir);
            } catch (IOException e) {
                LOG.warn("Job '{}': cannot delete working directory {}: {}", jobName, workingDir, e.toString());
            }
        }
        JobMetrics finalMetrics = snapshotMetrics();
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        Throwable cause = status == JobStatus.FAILED ? failure.get() : null;
        LOG.debug("Job '{}' {} in {} ms: {}", jobName, status, elapsedMillis, finalMetrics.summary(), cause);
        handle.complete(new JobResult(jobName, status, cause, finalMetrics.rowsRead(), finalMetrics.rowsWritten(),
                finalMetrics.lateRowsDropped(), finalMetrics.completedCheckpoints(), restoredFrom, elapsedMillis,
                finalMetrics));
    }

    private JobStatus loop() throws IOException {
        long nextPublish = System.nanoTime() + METRICS_PUBLISH_NANOS;
        // one savepoint at a time: the request being taken, its checkpoint id, and (stopping) its directory
        JobHandle.SavepointRequest savepointRequest = null;
        long savepointId = -1;
        Path stopSavepoint = null;
        long savepointCommitDeadline = 0;
        boolean finishSent = false;
        List<CheckpointCoordinator.Completion> completed = new ArrayList<>();
        while (true) {
            if (failure.get() != null) {
                return JobStatus.FAILED;
            }
            if (handle.isCancelRequested()) {
                return JobStatus.CANCELLED;
            }
            if (savepointRequest == null && (savepointRequest = handle.nextSavepointRequest()) != null) {
                savepointId = triggerSavepoint(savepointRequest);
                if (savepointId < 0) {
                    savepointRequest = null;
                }
            }
            if (finishedSubtasks.get() == subtasks.size()) {
                return JobStatus.FINISHED;
            }
            completed.clear();
            boolean mayFinish = coordinator.tick(completed);
            handle.abortedCheckpoints(coordinator.abortedCount());
            for (CheckpointCoordinator.Completion c : completed) {
                if (checkpointStats.size() == MAX_CHECKPOINT_STATS) {
                    checkpointStats.removeFirst();
                }
                checkpointStats.addLast(c.stats());
                if (savepointRequest != null && c.checkpointId() == savepointId) {
                    if (savepointRequest.stop()) {
                        stopSavepoint = c.savepoint();
                        savepointCommitDeadline = System.nanoTime() + SAVEPOINT_COMMIT_WAIT_NANOS;
                    } else {
                        LOG.info("Job '{}' took savepoint {}; it goes on", jobName, c.savepoint());
                        savepointRequest.result().complete(c.savepoint());
                        savepointRequest = null;
                        savepointId = -1;
                    }
                }
            }
            if (stopSavepoint != null && (committed(savepointId) || System.nanoTime() > savepointCommitDeadline)) {
                // Every sink committed the output up to the savepoint (or will on resume: commits are
                // idempotent); rows written after its barrier stay uncommitted, so the job stops here.
                LOG.info("Job '{}' took savepoint {} and stops", jobName, stopSavepoint);
                savepointRequest.result().complete(stopSavepoint);
                return JobStatus.CANCELLED;
            }
            if (savepointRequest != null && stopSavepoint == null && coordinator.isAborted(savepointId)) {
                savepointRequest.result().completeExceptionally(new WeirException("Job '" + jobName + "' could not"
                        + " take its savepoint within execution.checkpointing.timeout; it keeps running. Try again"
                        + (savepointRequest.stop() ? ", or stop it without a savepoint to resume from its latest"
                                + " checkpoint." : ".")));
                savepointRequest = null;
                savepointId = -1;
            }
            if (mayFinish && !finishSent) {
                finishSent = true;
                for (Subtask s : subtasks) {
                    s.post(Subtask.FINISH);
                }
            }
            long now = System.nanoTime();
            if (!completed.isEmpty() || now - nextPublish >= 0) {
                handle.publish(snapshotMetrics());
                nextPublish = now + METRICS_PUBLISH_NANOS;
            }
            LockSupport.parkNanos(TICK_NANOS);
        }
    }

    /**
     * Starts the savepoint {@code request} asks for; returns its checkpoint id, or -1 when it could not
     * start (its directory cannot be created): the request then fails and the job goes on.
     */
    private long triggerSavepoint(JobHandle.SavepointRequest request) {
        try {
            // only a stopping savepoint commits: as in Flink, the job's next checkpoint commits past one
            return coordinator.triggerSavepoint(request.root(ExecutionOptions.savepointRoot(config)), request.stop());
        } catch (IOException e) {
            request.result().completeExceptionally(new WeirException("Job '" + jobName + "' could not start its"
                    + " savepoint: " + e.getMessage() + ". It keeps running.", e));
            return -1;
        }
    }

    /** Whether every subtask has been told checkpoint {@code id} is complete (and so committed up to it). */
    private boolean committed(long id) {
        for (Subtask s : subtasks) {
            if (s.lastCompletedId < id) {
                return false;
            }
        }
        return true;
    }

    /** Stops every subtask thread (interrupting blocked exchanges) and waits for them to close their resources. */
    private void stopAll() {
        stopping = true;
        for (Thread t : threads) {
            if (t.isAlive()) {
                t.interrupt();
            }
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        for (int i = 0; i < threads.size(); i++) {
            if (threads.get(i).getState() == Thread.State.NEW) {
                subtasks.get(i).run(); // never started (build or start failed): only closes its resources
            }
        }
    }

    /** The ids of the plan's sinks. */
    static java.util.Set<String> sinkIds(PhysicalPlan plan) {
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        for (SinkSpec sink : plan.sinks()) {
            ids.add(sink.id());
        }
        return ids;
    }

    /** Says where the job resumes from, and at which parallelism when that is a rescale. */
    static void logRestore(Logger log, String jobName, CompletedCheckpoint chk, int parallelism) {
        int old = chk.metadata().parallelism();
        if (old == parallelism) {
            log.info("Job '{}' resumes from checkpoint {} (id {}, parallelism {})", jobName, chk.directory(),
                    chk.checkpointId(), parallelism);
        } else {
            log.info("Job '{}' resumes from checkpoint {} (id {}) taken at parallelism {}, rescaled to parallelism {}",
                    jobName, chk.directory(), chk.checkpointId(), old, parallelism);
        }
    }

    private void build(List<Stages.Stage> stages, CompletedCheckpoint restore) throws Exception {
        CheckpointMetadata meta = restore == null ? null : restore.metadata();
        workingDir = Files.createTempDirectory(StreamTask.firstTmpDir(config),
                "weir-" + CheckpointStorage.fileSafe(jobName) + "-");
        int maxParallelism = config.get(ExecutionOptions.MAX_PARALLELISM);
        StateBackendType backendType = config.get(ExecutionOptions.STATE_BACKEND_TYPE);
        boolean align = config.get(ExecutionOptions.CHECKPOINTING_MODE) == CheckpointingMode.EXACTLY_ONCE;
        long idleTimeout = config.get(ExecutionOptions.SOURCE_IDLE_TIMEOUT);

        List<Integer> sourceIndices = plan.sourceIndices();
        // each operator restores directly, or rescaled when its parallelism (or the state layout) changed
        RescaledRestore rescale = restore == null ? null
                : new RescaledRestore(restore, maxParallelism, workingDir, sourceIndices.size());
        int[] stageOf = Stages.stageOf(stages, specs.size());
        int sinkCount = plan.sinkIndices().size();
        // channels[stage][input][upstream subtask]: the channels of the exchange feeding that input of the
        // stage (one per plan edge between stages), one per downstream subtask, or just the twin's (forward);
        // upstream and downstream stages may differ in parallelism (hash, rebalance)
        int stageCount = stages.size();
        Channel[][][][] channels = new Channel[stageCount][][][];
        for (int st = 0; st < stageCount; st++) {
            List<Stages.Input> stageInputs = stages.get(st).inputs();
            channels[st] = new Channel[stageInputs.size()][][];
            for (int k = 0; k < stageInputs.size(); k++) {
                Stages.Input input = stageInputs.get(k);
                channels[st][k] = new Channel[stages.get(input.stage()).parallelism()][input.isForward() ? 1
                        : stages.get(st).parallelism()];
                for (Channel[] row : channels[st][k]) {
                    for (int d = 0; d < row.length; d++) {
                        row[d] = new Channel(CHANNEL_CAPACITY);
                    }
                }
            }
        }
        int global = 0;
        for (int st = 0; st < stageCount; st++) {
            Stages.Stage stage = stages.get(st);
            int stageParallelism = stage.parallelism();
            for (int i = 0; i < stageParallelism; i++, global++) {
                List<AutoCloseable> resources = new ArrayList<>();
                OperatorMetrics[] m = metrics[i];
                KeyGroupRange keyGroups = KeyGroups.rangeForSubtask(maxParallelism, stageParallelism, i);
                SourceReader reader = null;
                int source = -1;
                List<Integer> chain = stage.operators();
                if (stage.isSource()) {
                    source = sourceIndices.indexOf(stage.first());
                    SourceSpec sourceSpec = (SourceSpec) specs.get(stage.first());
                    ConnectorFactory factory = Connectors.find(sourceSpec.connector());
                    byte[] position;
                    if (meta == null || !restoredIds.contains(sourceSpec.id())) {
                        position = null;
                    } else if (meta.parallelismOf(sourceSpec.id()) != stageParallelism) {
                        position = rescale.sourcePosition(factory, source, sourceSpec.id(), new TableContext(
                                sourceSpec.tableName(), sourceSpec.outputType(), sourceSpec.options(), config, i,
                                stageParallelism, null));
                    } else {
                        position = SourcePositions.unpack(meta.sourcePositions().get(i), sourceIndices.size())
                                .get(source);
                    }
                    reader = factory.createReader(new TableContext(sourceSpec.tableName(), sourceSpec.outputType(),
                            sourceSpec.options(), config, i, stageParallelism, position));
                    resources.add(reader);
                    readers.add(reader);
                    chain = chain.subList(1, chain.size());
                }
                int n = chain.size();
                StreamOperator[] ops = new StreamOperator[n];
                StreamOperator[] byPlan = new StreamOperator[specs.size()];
                String[] ids = new String[n];
                List<SinkOperator> sinks = new ArrayList<>();
                List<String> sinkIds = new ArrayList<>();
                for (int k = 0; k < n; k++) {
                    int specIndex = chain.get(k);
                    OperatorSpec spec = specs.get(specIndex);
                    ids[k] = spec.id();
                    if (spec instanceof SinkSpec sinkSpec) {
                        ConnectorFactory factory = Connectors.find(sinkSpec.connector());
                        byte[] committable;
                        if (meta == null || !restoredIds.contains(sinkSpec.id())) {
                            committable = null;
                        } else if (meta.parallelismOf(sinkSpec.id()) != stageParallelism) {
                            // the old subtasks' pending output, each taken over by exactly one new subtask
                            committable = SinkCommittables.rescaled(meta, factory, new TableContext(
                                    sinkSpec.tableName(), sinkSpec.outputType(), sinkSpec.options(), config, i,
                                    stageParallelism, null), sinkSpec.id(), sinkCount);
                        } else {
                            committable = SinkCommittables.of(meta, i, sinkSpec.id(), sinkCount);
                        }
                        SinkWriter writer = factory.createWriter(new TableContext(sinkSpec.tableName(),
                                sinkSpec.outputType(), sinkSpec.options(), config, i, stageParallelism, committable));
                        SinkOperator sink = new SinkOperator(writer, m[specIndex]);
                        ops[k] = sink;
                        sinks.add(sink);
                        sinkIds.add(sinkSpec.id());
                        resources.add(sink);
                        if (committable != null) {
                            writer.commit(meta.checkpointId()); // idempotent: the job may have died before it
                        }
                    } else {
                        Path restoreDir;
                        if (restore == null) {
                            restoreDir = null;
                        } else if (RescaledRestore.isRescale(restore, spec.id(), stageParallelism)) {
                            restoreDir = rescale.operatorDir(spec.id(), i, stageParallelism);
                        } else {
                            restoreDir = restore.directory().resolve(CheckpointStorage.fileSafe(spec.id()))
                                    .resolve(Integer.toString(i));
                        }
                        OperatorContext ctx = new OperatorContext(spec.id(), i, stageParallelism, maxParallelism,
                                keyGroups, backendType, MeteredStateBackends.factory(backends, m[specIndex],
                                        deferredSnapshots.computeIfAbsent(global, g -> new DeferredSnapshots())),
                                workingDir.resolve(CheckpointStorage.fileSafe(spec.id()) + "-" + i),
                                restoreDir != null && Files.isDirectory(restoreDir) ? restoreDir : null,
                                m[specIndex]);
                        ops[k] = Operators.create(spec, StreamTask.inputTypes(plan, specIndex), ctx);
                        resources.add(ops[k]);
                    }
                    byPlan[specIndex] = ops[k];
                }
                // Outputs back to front: a chained consumer's output exists before its input's.
                Output[] outByPlan = new Output[specs.size()];
                List<ExchangeOutput> exchangeOutputs = new ArrayList<>();
                int stageIndex = st;
                int subtaskIndex = i;
                List<Integer> stageOps = stage.operators();
                for (int k = stageOps.size() - 1; k >= 0; k--) {
                    int op = stageOps.get(k);
                    outByPlan[op] = EdgeOutputs.of(plan, op, m[op], (edge, counted) -> {
                        int c = edge.to();
                        if (stageOf[c] == stageIndex) {
                            ChainedOutput co = new ChainedOutput(byPlan[c], counted, m[c]);
                            co.setNextOutput(outByPlan[c]);
                            return co;
                        }
                        // the first operator of another stage: input k of that stage is input k of the operator
                        Stages.Input edgeInput = stages.get(stageOf[c]).inputs().get(edge.position());
                        if (edgeInput.from() != edge.from()) {
                            throw new IllegalStateException("stage input " + edge.position() + " of operator "
                                    + specs.get(c).id() + " is not fed by " + specs.get(edge.from()).id());
                        }
                        Channel[] out = channels[stageOf[c]][edge.position()][subtaskIndex];
                        ExchangeOutput exchange = switch (edgeInput.routing()) {
                            case FORWARD -> new ExchangeOutput(out, new int[0], maxParallelism, counted);
                            case HASH -> new ExchangeOutput(out, edgeInput.keyIndices(), maxParallelism, counted);
                            case REBALANCE -> ExchangeOutput.rebalance(out, subtaskIndex, counted);
                            case BROADCAST -> ExchangeOutput.broadcast(out, counted);
                        };
                        exchangeOutputs.add(exchange);
                        return exchange;
                    });
                }
                Output[] outs = new Output[n];
                for (int k = 0; k < n; k++) {
                    outs[k] = outByPlan[chain.get(k)];
                }
                StageExchanges exchange = exchangeOutputs.isEmpty() ? null : new StageExchanges(exchangeOutputs);
                StageSinks stageSinks = sinks.isEmpty() ? null : new StageSinks(sinks, sinkIds, sinkCount > 1);
                String name = "weir-" + jobName + "-stage" + st + "-" + i;
                Subtask subtask;
                if (reader != null) {
                    // the source's output counts the rows read (a chained operator, a fan-out or an exchange)
                    Output head = outByPlan[stage.first()];
                    subtask = new Subtask(this, st, i, global, name, source, reader, null, null, null, ops, outs,
                            ids, (Consumer<Row>) head, head, exchange, stageSinks, m[stage.first()], align, idleTimeout,
                            resources);
                } else {
                    List<Channel> in = new ArrayList<>();
                    List<Integer> channelInput = new ArrayList<>();
                    for (int k = 0; k < stage.inputs().size(); k++) {
                        Stages.Input edge = stage.inputs().get(k);
                        for (int u = 0; u < stages.get(edge.stage()).parallelism(); u++) {
                            if (!edge.isForward() || u == i) {
                                in.add(edge.isForward() ? channels[st][k][u][0] : channels[st][k][u][i]);
                                channelInput.add(k);
                            }
                        }
                    }
                    ChainedOutput head = new ChainedOutput(ops[0], EdgeOutputs.uncounted(), m[chain.get(0)]);
                    head.setNextOutput(outs[0]);
                    @SuppressWarnings("unchecked")
                    Consumer<Row>[] inputHeads = new Consumer[stage.inputs().size()];
                    if (inputHeads.length == 1) {
                        inputHeads[0] = head;
                    } else {
                        // The gate passes the minimum watermark over all channels to the head; these only take rows.
                        for (int k = 0; k < inputHeads.length; k++) {
                            inputHeads[k] = new MultiInputOutput((MultiInputOperator) ops[0], k,
                                    new MultiInputOutput.Watermarks(inputHeads.length), EdgeOutputs.uncounted(), m[chain.get(0)],
                                    outs[0]);
                        }
                    }
                    InputGate gate = new InputGate(in.toArray(new Channel[0]));
                    subtask = new Subtask(this, st, i, global, name, -1, null, gate,
                            channelInput.stream().mapToInt(Integer::intValue).toArray(), inputHeads, ops, outs, ids,
                            null, head, exchange, stageSinks, m[chain.get(0)], align, idleTimeout, resources);
                    Thread receiver = new Thread(subtask, name);
                    for (Channel c : in) {
                        c.setReceiver(receiver);
                    }
                    subtask.setThread(receiver);
                    subtasks.add(subtask);
                    threads.add(receiver);
                    continue;
                }
                Thread thread = new Thread(subtask, name);
                subtask.setThread(thread);
                subtasks.add(subtask);
                threads.add(thread);
            }
        }
    }

    /** Late rows of operator {@code index} over all subtasks: what a LateRowsSpec reading it receives. */
    private long lateOf(int index) {
        long late = 0;
        for (int s = 0; s < specParallelism[index]; s++) {
            late += metrics[s][index].lateRowsDropped();
        }
        return late;
    }

    private JobMetrics snapshotMetrics() {
        List<OperatorStats> ops = new ArrayList<>(specs.size());
        long late = 0;
        long read = 0;
        long[] out = new long[specs.size()];
        for (int i = 0; i < specs.size(); i++) {
            long rowsOut = 0;
            long lateRows = 0;
            long watermark = Long.MAX_VALUE;
            long stateSize = -1;
            for (int s = 0; s < specParallelism[i]; s++) {
                // Plain longs written by the subtask threads: a slightly stale read is fine for metrics.
                OperatorMetrics m = metrics[s][i];
                rowsOut += m.rowsOut();
                lateRows += m.lateRowsDropped();
                watermark = Math.min(watermark, m.currentWatermark());
                if (m.stateSizeBytes() >= 0) {
                    stateSize = Math.max(stateSize, 0) + m.stateSizeBytes();
                }
            }
            out[i] = rowsOut;
            long in = 0;
            for (int input : plan.inputsOf(i)) {
                in += out[input];
            }
            if (specs.get(i) instanceof LateRowsSpec) {
                in = lateOf(plan.inputsOf(i).get(0));
            }
            if (specs.get(i) instanceof SourceSpec) {
                read += rowsOut;
            }
            ops.add(new OperatorStats(specs.get(i).id(), in, rowsOut, lateRows, watermark, stateSize));
            late += lateRows;
        }
        long completed = coordinator == null ? 0 : coordinator.completedCount();
        long skipped = 0;
        for (SourceReader reader : readers) {
            skipped += reader.skippedRecords();
        }
        java.util.Map<String, Long> perSink = new java.util.LinkedHashMap<>();
        long written = 0;
        for (int sink : plan.sinkIndices()) {
            perSink.put(specs.get(sink).id(), out[sink]);
            written += out[sink];
        }
        return new JobMetrics(read, written, late, completed, ops, new ArrayList<>(checkpointStats), skipped,
                perSink);
    }
}
