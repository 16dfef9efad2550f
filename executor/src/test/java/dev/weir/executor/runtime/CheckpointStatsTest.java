package dev.weir.executor.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CheckpointStatsTest {

    @Test
    void describeShowsTheSynchronousAndAsynchronousParts() {
        CheckpointStats stats = new CheckpointStats(7, 120, 1_258_291, 40_960, 3, 8, 100);

        assertThat(stats.describe()).isEqualTo("#7 (120 ms, sync 8 ms, async 100 ms, 1.2 MB, incremental 40.0 KB,"
                + " alignment 3 ms)");
    }

    @Test
    void aCheckpointWithoutAsynchronousWorkShowsZero() {
        CheckpointStats stats = new CheckpointStats(2, 15, 2048, 2048, 0, 15, 0);

        assertThat(stats.describe()).isEqualTo("#2 (15 ms, sync 15 ms, async 0 ms, 2.0 KB)");
    }

    @Test
    void theOldConstructorsLeaveThePartsUnmeasuredAndOutOfTheText() {
        CheckpointStats full = new CheckpointStats(3, 12, 2048);
        CheckpointStats aligned = new CheckpointStats(4, 20, 4096, 1024, 5);

        assertThat(full.syncMillis()).isEqualTo(-1);
        assertThat(full.asyncMillis()).isEqualTo(-1);
        assertThat(full.describe()).isEqualTo("#3 (12 ms, 2.0 KB)");
        assertThat(aligned.describe()).isEqualTo("#4 (20 ms, 4.0 KB, incremental 1.0 KB, alignment 5 ms)");
    }

    @Test
    void theJobLinesShowTheLastCheckpointWithItsParts() {
        JobMetrics metrics = new JobMetrics(10, 10, 0, 2, List.of(), List.of(
                new CheckpointStats(1, 30, 2048, 2048, 0, 4, 20),
                new CheckpointStats(2, 50, 2048, 2048, 0, 6, 40)));

        assertThat(metrics.lastCheckpointText()).isEqualTo("#2 (50 ms, sync 6 ms, async 40 ms, 2.0 KB)");
        assertThat(metrics.summary()).endsWith(", lastCheckpoint=#2 (50 ms, sync 6 ms, async 40 ms, 2.0 KB)");
        assertThat(metrics.details()).containsExactly("checkpoint #1 (30 ms, sync 4 ms, async 20 ms, 2.0 KB)",
                "checkpoint #2 (50 ms, sync 6 ms, async 40 ms, 2.0 KB)");
    }
}
