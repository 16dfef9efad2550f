package dev.weir.executor.operators;

import dev.weir.core.WeirException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Rescaling of the operator state kept outside keyed backends (the {@link OperatorStateFiles}:
 * a watermark, and for window operators the fire times of their pending windows), in one place:
 * a new subtask gets the <em>minimum</em> of the old subtasks' watermarks and the <em>union</em> of
 * their fire times; a broadcast join's broadcast rows, the same on every old subtask, are copied.
 *
 * <p>Why that is safe: after rescaling a subtask holds keys of several old subtasks, so it must not
 * treat a row as late that any of them would have accepted (the minimum watermark never drops a
 * row the old subtasks would have kept); the watermark catches up as soon as its inputs' do. Fire
 * times are only a schedule: a time without windows of this subtask's keys fires nothing.
 */
public final class RescaledOperatorState {
    private RescaledOperatorState() {
    }

    /**
     * Writes into {@code target} the merge of the operator state files {@code oldFiles} (one per old
     * subtask, same name) of operator {@code operatorId}.
     */
    public static void merge(String operatorId, List<Path> oldFiles, Path target) throws IOException {
        if (target.getFileName().toString().equals(WatermarkAssignerOperator.SPLITS_FILE)) {
            WatermarkAssignerOperator.mergeSplits(oldFiles, target); // per-split watermarks, by split id
            return;
        }
        if (target.getFileName().toString().equals(BroadcastRows.FILE)) {
            BroadcastRows.rescale(oldFiles, target); // every subtask held the same rows
            return;
        }
        long watermark = Long.MAX_VALUE;
        NavigableSet<Long> times = new TreeSet<>();
        for (Path file : oldFiles) {
            try {
                watermark = Math.min(watermark, OperatorStateFiles.read(file, times));
            } catch (IOException e) {
                throw new WeirException("Cannot redistribute the state of operator '" + operatorId + "' in " + file
                        + " to another parallelism: " + e.getMessage() + ". Resume at the parallelism the checkpoint"
                        + " was taken at.", e);
            }
        }
        OperatorStateFiles.writeWatermarkAndTimes(target, oldFiles.isEmpty() ? Long.MIN_VALUE : watermark, times);
    }
}
