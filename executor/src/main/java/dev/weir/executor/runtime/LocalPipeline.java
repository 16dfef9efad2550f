package dev.weir.executor.runtime;

import dev.weir.core.Row;
import dev.weir.core.config.Configuration;
import dev.weir.core.keys.KeyGroupRange;
import dev.weir.executor.checkpoint.CheckpointMetadata;
import dev.weir.executor.checkpoint.CheckpointStorage;
import dev.weir.executor.checkpoint.CompletedCheckpoint;
import dev.weir.executor.checkpoint.FileTrees;
import dev.weir.executor.connector.ConnectorFactory;
import dev.weir.executor.connector.Connectors;
import dev.weir.executor.connector.SinkWriter;
import dev.weir.executor.connector.SourceReader;
import dev.weir.executor.connector.TableContext;
import dev.weir.executor.operator.MultiInputOperator;
import dev.weir.executor.operator.Output;
import dev.weir.executor.operator.SnapshotContext;
import dev.weir.executor.operator.StreamOperator;
import dev.weir.executor.operators.DeferredSnapshots;
import dev.weir.executor.operators.MeteredStateBackends;
import dev.weir.executor.operators.OperatorContext;
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
import dev.weir.state.StateBackendType;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators of a parallelism-1 job, wired together: each source reader → its chained operators
 * → (through a join or union, where branches meet) → the sinks; an operator feeding several hands each
 * row to all of them ({@link FanOutOutput}). Built once ({@link #build}) on the
 * task thread, which then reads it ({@link LocalSources}), snapshots it ({@link #snapshotState},
 * {@link #snapshotSink}) and closes it. Its metrics exist from the start, so a job that fails while
 * it is built still reports them.
 */
final class LocalPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(LocalPipeline.class);
    static final int SUBTASK = 0;
    static final int PARALLELISM = 1;

    final PhysicalPlan plan;
    private final Configuration config;
    private final StateBackendFactory backends;
    private final String jobName;
    private final List<OperatorSpec> specs;
    private final OperatorMetrics[] metrics;
    /** Everything to close when the task ends, in creation order; closed in reverse. */
    private final List<AutoCloseable> resources = new ArrayList<>();
    /** The asynchronous parts of keyed snapshots, collected during a checkpoint's synchronous part. */
    final DeferredSnapshots deferredSnapshots = new DeferredSnapshots();

    // Set by build().
    /** The plan's source operators and their readers (same order). */
    int[] sources;
    SourceReader[] readers;
    /** What each reader emits into: the output of its source operator. */
    Consumer<Row>[] sourceHeads;
    /** Per reader: its per-split watermark assigner's binding, or null (one split, or no WATERMARK). */
    SplitWatermarks[] splitWatermarks;
    /** Per plan operator (null for sources): the runtime operator. */
    StreamOperator[] operators;
    /** Per plan operator: where it emits (the sink's is a discarding output). */
    Output[] outputs;
    /** The plan's sinks (plan order), their plan indices and ids. */
    private SinkOperator[] sinks;
    private int[] sinkIndices;
    private List<String> sinkIds;
    private Path workingDir;

    LocalPipeline(PhysicalPlan plan, Configuration config, StateBackendFactory backends, String jobName) {
        this.plan = plan;
        this.config = config;
        this.backends = backends;
        this.jobName = jobName;
        this.specs = plan.operators();
        this.metrics = new OperatorMetrics[specs.size()];
        for (int i = 0; i < metrics.length; i++) {
            metrics[i] = new OperatorMetrics(specs.get(i).id());
        }
    }

    /**
     * Creates the readers (at their restored positions), the operators (with their restored state) and the
     * sinks (committing again what the restore point left pending), then wires the outputs between them.
     *
     * @param restore     the checkpoint or savepoint to resume from, or null for a fresh start
     * @param restoredIds the stateful operators whose state {@code restore} holds (see {@link RestoreMapping})
     */
    void build(CompletedCheckpoint restore, Set<String> restoredIds) throws Exception {
        CheckpointMetadata meta = restore == null ? null : restore.metadata();
        workingDir = Files.createTempDirectory(StreamTask.firstTmpDir(config),
                "weir-" + CheckpointStorage.fileSafe(jobName) + "-");
        int maxParallelism = config.get(ExecutionOptions.MAX_PARALLELISM);
        StateBackendType backendType = config.get(ExecutionOptions.STATE_BACKEND_TYPE);
        KeyGroupRange keyGroups = KeyGroupRange.all(maxParallelism);
        int n = specs.size();
        operators = new StreamOperator[n];
        outputs = new Output[n];

        sources = plan.sourceIndices().stream().mapToInt(Integer::intValue).toArray();
        readers = new SourceReader[sources.length];
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
            operators[i] = Operators.create(spec, StreamTask.inputTypes(plan, i), ctx);
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

    /**
     * Writes the source positions and the state of every operator but the sinks into {@code dir};
     * returns the packed positions. The sinks' part ({@link #snapshotSink}) comes last, once the
     * checkpoint is sure to be kept.
     */
    byte[] snapshotState(Path dir, long checkpointId) throws Exception {
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
    byte[] snapshotSink(Path dir, long checkpointId) throws Exception {
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

    /** The checkpoint is durable: every operator learns it (the sinks commit up to it). */
    void notifyCheckpointComplete(long checkpointId) throws Exception {
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

    /**
     * Closes everything {@link #build} created, in reverse order, and deletes the working directory; returns the
     * first failure, or null.
     */
    Throwable close() {
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

    /** The job's metrics now: every operator's, plus the checkpoints'. */
    JobMetrics metrics(long completedCheckpoints, List<CheckpointStats> checkpointStats) {
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
        return new JobMetrics(read, written, late, completedCheckpoints, ops, checkpointStats,
                skipped, perSink);
    }
}
