package dev.weir.executor.runtime;

import dev.weir.core.Row;
import dev.weir.executor.checkpoint.CheckpointStorage;
import dev.weir.executor.connector.InputStatus;
import dev.weir.executor.connector.SourceReader;
import dev.weir.executor.operator.Output;
import dev.weir.executor.operator.SnapshotContext;
import dev.weir.executor.operator.StreamOperator;
import dev.weir.executor.operators.DeferredSnapshots;
import dev.weir.executor.operators.OperatorMetrics;
import dev.weir.executor.operators.WatermarkAssignerOperator;
import dev.weir.state.PendingSnapshot;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One subtask of one stage, on its own thread: reads its source split or its input gate, runs its
 * chained operators, and writes into the exchanges of the stages it feeds and its sink writers.
 *
 * <p>Checkpoints: a source subtask snapshots when the coordinator's trigger reaches its mailbox,
 * then sends the barrier; a gate subtask snapshots when the barrier arrived on every channel
 * (aligned). After its input ended a subtask stays alive to snapshot its final state for later
 * checkpoints, until the coordinator tells it to finish (the sink makes everything visible).
 */
final class Subtask implements Runnable {
    static final Object FINISH = new Object();
    private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int FLUSH_EVERY_EVENTS = 64;

    /** Mailbox command: snapshot for this checkpoint (sources; subtasks whose input ended). */
    record Trigger(long checkpointId) {
    }

    /** Mailbox command: the checkpoint is durable. */
    record Complete(long checkpointId) {
    }

    private final ParallelJob job;
    final int stage;
    final int index;
    final int globalIndex;
    final String name;
    /** Which of the plan's sources this subtask reads (its position in plan order); -1 for a gate subtask. */
    final int source;
    private final SourceReader reader;
    private final InputGate gate;
    /** Per gate channel: which input of the first operator it feeds. */
    private final int[] channelInput;
    /** Per input of the first operator: where its rows go (watermarks, combined by the gate, go to {@code head}). */
    private final Consumer<Row>[] inputHeads;
    private final StreamOperator[] ops;
    private final Output[] outs;
    private final String[] opIds;
    private final Consumer<Row> sourceHead;
    private final Output head;
    /** The exchanges into the stages this one feeds; null when it feeds none. */
    private final StageExchanges exchange;
    /** The sinks this subtask runs; null when none. */
    private final StageSinks sinks;
    private final OperatorMetrics sourceMetrics;
    private final boolean align;
    private final long idleTimeoutNanos;
    private final List<AutoCloseable> resources;
    private final ConcurrentLinkedQueue<Object> mailbox = new ConcurrentLinkedQueue<>();
    private volatile Thread thread;
    /** Writes the asynchronous parts of this subtask's keyed snapshots, in checkpoint order; created on first use. */
    private java.util.concurrent.ExecutorService snapshotThread;
    private long lastSnapshotId;
    /** The newest checkpoint this subtask's operators were told is complete (its sink committed up to it). */
    volatile long lastCompletedId;
    private boolean inputEnded;
    private long lastActivityNanos = System.nanoTime();
    /** A source subtask whose reader interleaves splits: its per-split watermark assigner's binding, or null. */
    private final SplitWatermarks splitWatermarks;

    Subtask(ParallelJob job, int stage, int index, int globalIndex, String name, int source, SourceReader reader,
            InputGate gate, int[] channelInput, Consumer<Row>[] inputHeads, StreamOperator[] ops, Output[] outs,
            String[] opIds, Consumer<Row> sourceHead, Output head,
            StageExchanges exchange, StageSinks sinks, OperatorMetrics sourceMetrics, boolean align,
            long idleTimeoutMillis, List<AutoCloseable> resources) {
        this.job = job;
        this.stage = stage;
        this.index = index;
        this.globalIndex = globalIndex;
        this.name = name;
        this.source = source;
        this.reader = reader;
        this.gate = gate;
        this.channelInput = channelInput;
        this.inputHeads = inputHeads;
        this.ops = ops;
        this.outs = outs;
        this.opIds = opIds;
        this.sourceHead = sourceHead;
        this.head = head;
        this.exchange = exchange;
        this.sinks = sinks;
        this.sourceMetrics = sourceMetrics;
        this.align = align;
        this.idleTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(idleTimeoutMillis);
        this.resources = resources;
        this.splitWatermarks = reader == null ? null
                : SplitWatermarks.attach(reader, java.util.Arrays.asList(ops), java.util.Arrays.asList(outs),
                        idleTimeoutMillis);
    }

    void setThread(Thread t) {
        thread = t;
    }

    void post(Object command) {
        mailbox.add(command);
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    @Override
    public void run() {
        boolean finished = false;
        try {
            finished = reader != null ? runSource() : runGate();
        } catch (Throwable t) {
            if (!job.isStopping()) {
                job.fail(t);
            }
        } finally {
            Throwable closeFailure = close();
            if (closeFailure != null && finished) {
                job.fail(closeFailure);
            }
            if (finished) {
                job.subtaskFinished();
            }
        }
    }

    private boolean runSource() throws Exception {
        for (int i = 0; i < ops.length; i++) {
            if (ops[i] instanceof WatermarkAssignerOperator assigner) {
                assigner.emitRestoredWatermark(outs[i]); // before the first row: CURRENT_WATERMARK sees it
            }
        }
        while (!job.isStopping()) {
            if (processMailbox()) {
                return true;
            }
            if (inputEnded) {
                LockSupport.parkNanos(PARK_NANOS);
                continue;
            }
            long before = sourceMetrics.rowsOut();
            InputStatus status = reader.pollNext(sourceHead);
            if (splitWatermarks != null) {
                splitWatermarks.afterPoll(); // ended and idle splits; before the flush, which sends the watermark
            }
            long now = System.nanoTime();
            if (sourceMetrics.rowsOut() != before) {
                lastActivityNanos = now;
            }
            if (exchange != null) {
                exchange.flush();
            }
            if (status == InputStatus.END_OF_INPUT) {
                head.emitWatermark(Long.MAX_VALUE);
                endInput();
            } else if (status == InputStatus.NOTHING_AVAILABLE) {
                if (exchange != null && idleTimeoutNanos > 0 && now - lastActivityNanos >= idleTimeoutNanos) {
                    exchange.markIdle();
                }
                LockSupport.parkNanos(PARK_NANOS);
            }
        }
        return false;
    }

    private boolean runGate() throws Exception {
        int sinceFlush = 0;
        while (!job.isStopping()) {
            if (processMailbox()) {
                return true;
            }
            if (inputEnded) {
                LockSupport.parkNanos(PARK_NANOS);
                continue;
            }
            Object e = gate.poll();
            if (e == null) {
                if (exchange != null) {
                    exchange.flush();
                }
                sinceFlush = 0;
                LockSupport.parkNanos(PARK_NANOS);
                continue;
            }
            int c = gate.lastChannel();
            if (e instanceof ExchangeEvents.Batch b) {
                Row[] rows = b.rows();
                long[] watermarksBefore = b.watermarksBefore();
                Consumer<Row> input = inputHeads[channelInput[c]];
                for (int i = 0, n = b.size(); i < n; i++) {
                    if (watermarksBefore[i] != ExchangeEvents.NO_WATERMARK) {
                        emitWatermark(gate.onWatermark(c, watermarksBefore[i]));
                    }
                    input.accept(rows[i]);
                }
                if (b.watermark() != ExchangeEvents.NO_WATERMARK) {
                    emitWatermark(gate.onWatermark(c, b.watermark()));
                }
            } else if (e instanceof ExchangeEvents.Barrier barrier) {
                gate.onBarrier(c, barrier.checkpointId(), align);
                snapshotAligned();
            } else if (e instanceof ExchangeEvents.Status s) {
                emitWatermark(gate.onStatus(c, s.idle()));
            } else if (e == ExchangeEvents.END) {
                emitWatermark(gate.onEnd(c));
                snapshotAligned();
                if (gate.allEnded()) {
                    endInput();
                }
            }
            if (exchange != null && ++sinceFlush >= FLUSH_EVERY_EVENTS) {
                exchange.flush();
                sinceFlush = 0;
            }
        }
        return false;
    }

    private void emitWatermark(long watermark) {
        if (watermark != InputGate.NO_CHANGE) {
            head.emitWatermark(watermark);
        }
    }

    private void snapshotAligned() throws Exception {
        long id;
        while ((id = gate.pollAligned()) >= 0) {
            job.coordinator().recordAlignment(id, gate.lastAlignmentNanos());
            snapshot(id);
        }
    }

    /** Input done: flush every operator but the sinks, which finish only when the coordinator says so. */
    private void endInput() throws Exception {
        for (int i = 0; i < ops.length; i++) {
            if (sinks == null || !sinks.contains(ops[i])) {
                ops[i].endInput(outs[i]);
            }
        }
        if (exchange != null) {
            exchange.end();
        }
        inputEnded = true;
        for (long id : job.coordinator().onInputEnded(globalIndex)) {
            snapshot(id);
        }
    }

    /** @return true when told to finish */
    private boolean processMailbox() throws Exception {
        Object cmd;
        while ((cmd = mailbox.poll()) != null) {
            if (cmd instanceof Trigger t) {
                snapshot(t.checkpointId());
            } else if (cmd instanceof Complete c) {
                for (StreamOperator op : ops) {
                    op.notifyCheckpointComplete(c.checkpointId());
                }
                lastCompletedId = Math.max(lastCompletedId, c.checkpointId());
            } else if (cmd == FINISH) {
                if (sinks != null) {
                    sinks.endInput();
                }
                return true;
            }
        }
        return false;
    }

    /**
     * Snapshots this subtask for the checkpoint, forwards the barrier and acknowledges. Keyed backends
     * take only their synchronous part here (see {@link DeferredSnapshots}); their asynchronous parts
     * run on this subtask's snapshot thread, in checkpoint order, while the subtask goes on processing,
     * and the acknowledgement follows them (the job thread then checksums and completes the checkpoint).
     */
    private void snapshot(long checkpointId) throws Exception {
        if (checkpointId <= lastSnapshotId) {
            return;
        }
        lastSnapshotId = checkpointId;
        long syncStart = System.nanoTime();
        CheckpointCoordinator coordinator = job.coordinator();
        Path dir = coordinator.directoryOf(checkpointId);
        if (dir == null) { // aborted (timed out): let the barrier pass, write nothing
            if (exchange != null) {
                exchange.barrier(checkpointId);
            }
            return;
        }
        byte[] position = null;
        byte[] committable = null;
        DeferredSnapshots deferred = job.deferredSnapshots(globalIndex);
        List<PendingSnapshot> parts = List.of();
        if (deferred != null) {
            deferred.begin();
        }
        try {
            if (reader != null) {
                position = reader.snapshotPosition(checkpointId);
            }
            for (int i = 0; i < ops.length; i++) {
                ops[i].prepareSnapshotPreBarrier(checkpointId, outs[i]);
                Path opDir = dir.resolve(CheckpointStorage.fileSafe(opIds[i])).resolve(Integer.toString(index));
                Files.createDirectories(opDir);
                ops[i].snapshotState(new SnapshotContext(checkpointId, opDir));
                deleteIfEmpty(opDir);
            }
            if (sinks != null) {
                committable = sinks.takeCommittable();
            }
        } catch (Exception e) {
            if (deferred != null) {
                for (PendingSnapshot part : deferred.end()) {
                    part.discard();
                }
            }
            if (!coordinator.isAborted(checkpointId)) {
                throw e;
            }
            // The checkpoint timed out and its directory went away under us: nothing to keep.
        }
        if (deferred != null) {
            parts = deferred.end();
        }
        if (exchange != null) {
            exchange.barrier(checkpointId);
        }
        long syncNanos = System.nanoTime() - syncStart; // the thread goes back to its input right after this
        if (parts.isEmpty()) {
            coordinator.ack(globalIndex, source, index, checkpointId, position, committable, syncNanos, 0);
            return;
        }
        if (snapshotThread == null) {
            snapshotThread = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, name + "-snapshot");
                t.setDaemon(true);
                return t;
            });
        }
        byte[] acked = position;
        byte[] ackedCommittable = committable;
        List<PendingSnapshot> pending = parts;
        snapshotThread.execute(() -> {
            long asyncStart = System.nanoTime(); // not its wait behind an earlier checkpoint's parts
            try {
                for (PendingSnapshot part : pending) {
                    part.complete();
                }
                coordinator.ack(globalIndex, source, index, checkpointId, acked, ackedCommittable, syncNanos,
                        System.nanoTime() - asyncStart);
            } catch (Throwable t) {
                for (PendingSnapshot part : pending) {
                    part.discard();
                }
                // an aborted checkpoint's directory went away under us: nothing to keep
                if (!coordinator.isAborted(checkpointId) && !job.isStopping()) {
                    job.fail(t);
                }
            }
        });
    }

    private static void deleteIfEmpty(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            if (entries.iterator().hasNext()) {
                return;
            }
        }
        Files.delete(dir);
    }

    private Throwable close() {
        Throwable first = null;
        if (snapshotThread != null) {
            // what is still being written belongs to a checkpoint that can no longer complete
            snapshotThread.shutdownNow();
            try {
                snapshotThread.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Throwable t) {
                if (first == null) {
                    first = t;
                }
            }
        }
        resources.clear();
        return first;
    }
}
