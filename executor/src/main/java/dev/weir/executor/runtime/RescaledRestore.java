package dev.weir.executor.runtime;

import dev.weir.core.WeirException;
import dev.weir.core.keys.KeyGroupRange;
import dev.weir.core.keys.KeyGroups;
import dev.weir.executor.checkpoint.CheckpointMetadata;
import dev.weir.executor.checkpoint.CheckpointStorage;
import dev.weir.executor.checkpoint.CompletedCheckpoint;
import dev.weir.executor.connector.ConnectorFactory;
import dev.weir.executor.connector.TableContext;
import dev.weir.executor.operators.RescaledOperatorState;
import dev.weir.state.StateBackends;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Restoring a checkpoint at another parallelism than it was taken at (rescaling), for
 * {@link StreamTask} (parallelism 1) and {@link ParallelJob} alike, per operator: each operator
 * ran at its own parallelism ({@link CheckpointMetadata#parallelismOf}: {@code scan.parallelism},
 * {@code sink.parallelism}, else the job's default), and only an operator whose parallelism changed
 * (or whose state layout did, from one subtask slot to several) is rescaled.
 *
 * <ul>
 *   <li>Operator state: for each new subtask, a restore directory is materialised under the job's
 *       working directory with the same layout as an operator's checkpoint directory. Each keyed
 *       snapshot in it (a subdirectory {@link StateBackends#isSnapshot}) is the merge, in the
 *       canonical heap format, streamed, of the old subtasks' snapshots restricted to the new subtask's
 *       key-group range ({@link StateBackends#mergeSnapshots}: entries and timers move with their
 *       keys); each other file is operator state merged by {@link RescaledOperatorState}. Operators
 *       then restore from it as from any checkpoint, into either backend.</li>
 *   <li>Source positions and sink committables: the old subtasks' bytes are handed to the
 *       connector ({@link ConnectorFactory#rescaledPosition}, {@link ConnectorFactory#rescaledCommittable}),
 *       which redistributes them or refuses with a message naming itself.</li>
 * </ul>
 */
final class RescaledRestore {
    private final CompletedCheckpoint checkpoint;
    private final CheckpointMetadata meta;
    private final int maxParallelism;
    private final Path workingDir;
    private final int sourceCount;

    RescaledRestore(CompletedCheckpoint checkpoint, int maxParallelism, Path workingDir, int sourceCount) {
        this.checkpoint = Objects.requireNonNull(checkpoint, "checkpoint is null");
        this.meta = checkpoint.metadata();
        this.maxParallelism = maxParallelism;
        this.workingDir = Objects.requireNonNull(workingDir, "workingDir is null");
        this.sourceCount = sourceCount;
    }

    /**
     * Whether {@code checkpoint} restores into a job running every operator at parallelism 1 on one thread
     * ({@link StreamTask}, state in {@code <operator>/}) only by rescaling: some operator ran at another.
     */
    static boolean isRescaleToOne(CompletedCheckpoint checkpoint) {
        return checkpoint != null && checkpoint.metadata().subtaskSlots() != 1;
    }

    /**
     * Whether operator {@code operatorId} of {@code checkpoint} restores into a {@link ParallelJob} subtask (state
     * in {@code <operator>/<subtask>/}) at {@code parallelism} only by rescaling.
     */
    static boolean isRescale(CompletedCheckpoint checkpoint, String operatorId, int parallelism) {
        CheckpointMetadata meta = checkpoint.metadata();
        return meta.subtaskSlots() == 1 || meta.parallelismOf(operatorId) != parallelism;
    }

    /** The directory old subtask {@code j} wrote operator {@code operatorId}'s state into. */
    private Path oldDir(String operatorId, int j) {
        Path dir = checkpoint.directory().resolve(CheckpointStorage.fileSafe(operatorId));
        return meta.subtaskSlots() == 1 ? dir : dir.resolve(Integer.toString(j));
    }

    /**
     * The restore directory of operator {@code operatorId} for new subtask {@code subtask} of {@code parallelism}:
     * the old subtasks' state redistributed, or null when the checkpoint holds no state of the operator.
     */
    Path operatorDir(String operatorId, int subtask, int parallelism) throws IOException {
        int oldParallelism = meta.parallelismOf(operatorId);
        List<Path> old = new ArrayList<>();
        for (int j = 0; j < oldParallelism; j++) {
            Path dir = oldDir(operatorId, j);
            if (Files.isDirectory(dir)) {
                old.add(dir);
            }
        }
        if (old.isEmpty()) {
            return null;
        }
        String safeId = CheckpointStorage.fileSafe(operatorId);
        Path target = workingDir.resolve("rescaled").resolve(safeId).resolve(Integer.toString(subtask));
        Files.createDirectories(target);
        KeyGroupRange range = KeyGroups.rangeForSubtask(maxParallelism, parallelism, subtask);
        TreeSet<String> names = new TreeSet<>();
        for (Path dir : old) {
            try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
                for (Path child : children) {
                    names.add(child.getFileName().toString());
                }
            }
        }
        for (String name : names) {
            List<Path> parts = new ArrayList<>();
            boolean directory = false;
            for (Path dir : old) {
                Path part = dir.resolve(name);
                if (Files.exists(part)) {
                    parts.add(part);
                    directory |= Files.isDirectory(part);
                }
            }
            if (!directory) {
                RescaledOperatorState.merge(operatorId, parts, target.resolve(name));
                continue;
            }
            for (Path part : parts) {
                if (!StateBackends.isSnapshot(part)) {
                    throw new WeirException("Cannot resume operator '" + operatorId + "' at parallelism " + parallelism
                            + " from checkpoint " + checkpoint.directory() + " (taken at parallelism " + oldParallelism
                            + "): its state in " + part + " is not a keyed-state snapshot, so it cannot be"
                            + " redistributed. Resume with it at parallelism " + oldParallelism + ".");
                }
            }
            StateBackends.mergeSnapshots(parts, operatorId, maxParallelism, range, checkpoint.checkpointId(),
                    target.resolve(name), workingDir.resolve("rescale-scratch"));
        }
        return target;
    }

    /**
     * The position of source {@code source} (of the plan's {@code sourceCount}, operator {@code sourceId}) for the
     * new subtask of {@code context}, redistributed by its connector.
     */
    byte[] sourcePosition(ConnectorFactory factory, int source, String sourceId, TableContext context) {
        int oldParallelism = meta.parallelismOf(sourceId);
        List<byte[]> old = new ArrayList<>(oldParallelism);
        for (int j = 0; j < oldParallelism; j++) {
            old.add(SourcePositions.unpack(checkpoint.metadata().sourcePositions().get(j), sourceCount).get(source));
        }
        return factory.rescaledPosition(context, old);
    }
}
