package dev.weir.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.executor.connector.SourceSplits;
import dev.weir.executor.operator.Output;
import dev.weir.executor.testing.OperatorHarness;
import dev.weir.executor.testing.RowText;
import dev.weir.executor.testing.TestBackends;
import dev.weir.executor.testing.TestPlans;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatermarkAssignerOperatorTest {
    @TempDir
    Path tmp;

    private OperatorHarness harness() throws Exception {
        return OperatorHarness.of(TestPlans.watermarkSpec(), TestPlans.ORDERS, TestBackends.choices().get(0), tmp);
    }

    @Test
    void emitsWatermarkWheneverItAdvancesAndNeverBackwards() throws Exception {
        try (OperatorHarness h = harness()) {
            h.process("+I[a, 1, 2023-11-14 22:13:20.000]", "+I[b, 2, 2023-11-14 22:13:25.000]",
                    "+I[c, 3, 2023-11-14 22:13:21.000]", "+I[d, 4, 2023-11-14 22:13:25.000]",
                    "+I[e, 5, 2023-11-14 22:13:26.000]");
            assertThat(h.output()).hasSize(5);
            assertThat(h.watermarks()).containsExactly(
                    RowText.timestamp("2023-11-14 22:13:18.000"),
                    RowText.timestamp("2023-11-14 22:13:23.000"),
                    RowText.timestamp("2023-11-14 22:13:24.000"));
        }
    }

    @Test
    void rowWithNullRowtimePassesWithoutWatermark() throws Exception {
        try (OperatorHarness h = harness()) {
            h.process("+I[a, 1, null]");
            assertThat(h.outputText()).containsExactly("+I[a, 1, null]");
            assertThat(h.watermarks()).isEmpty();
        }
    }

    @Test
    void rowPrecedesTheWatermarkItCauses() throws Exception {
        try (OperatorHarness h = harness()) {
            h.process("+I[a, 1, 2023-11-14 22:13:20.000]");
            assertThat(h.output()).hasSize(1);
            assertThat(h.watermarks()).hasSize(1);
        }
    }

    @Test
    void restoredWatermarkIsNotEmittedAgainForOlderRows() throws Exception {
        Path snapshot;
        try (OperatorHarness h = harness()) {
            h.process("+I[a, 1, 2023-11-14 22:13:30.000]");
            snapshot = h.snapshot();
        }
        try (OperatorHarness restored = OperatorHarness.restore(TestPlans.watermarkSpec(), TestPlans.ORDERS,
                TestBackends.choices().get(0), tmp, snapshot)) {
            restored.process("+I[b, 1, 2023-11-14 22:13:29.000]", "+I[c, 1, 2023-11-14 22:13:31.000]");
            assertThat(((WatermarkAssignerOperator) restored.operator()).currentWatermark())
                    .isEqualTo(RowText.timestamp("2023-11-14 22:13:29.000"));
            assertThat(restored.watermarks()).containsExactly(RowText.timestamp("2023-11-14 22:13:29.000"));
        }
    }

    @Test
    void restoredWatermarkIsSentOnBeforeTheFirstRowAndAFreshAssignerSendsNothing() throws Exception {
        Path snapshot;
        try (OperatorHarness h = harness()) {
            Watermarks fresh = new Watermarks();
            assigner(h).emitRestoredWatermark(fresh);
            assertThat(fresh.emitted).as("nothing restored, nothing to send").isEmpty();
            h.process("+I[a, 1, 2023-11-14 22:13:30.000]");
            snapshot = h.snapshot();
        }
        try (OperatorHarness restored = OperatorHarness.restore(TestPlans.watermarkSpec(), TestPlans.ORDERS,
                TestBackends.choices().get(0), tmp, snapshot)) {
            Watermarks sent = new Watermarks();
            assigner(restored).emitRestoredWatermark(sent);
            // the WATERMARK is ts - 2 s
            assertThat(sent.emitted).containsExactly(RowText.timestamp("2023-11-14 22:13:28.000"));
        }
    }

    // ---- per split (Kafka partitions)

    private static final long MS = 1_000_000L;

    /** Splits as a reader would report them: the test sets the current split before each row. */
    private static final class Splits implements SourceSplits {
        final String[] ids;
        final boolean[] ended;
        int current;

        Splits(String... ids) {
            this.ids = ids;
            this.ended = new boolean[ids.length];
        }

        @Override
        public int count() {
            return ids.length;
        }

        @Override
        public String id(int split) {
            return ids[split];
        }

        @Override
        public int current() {
            return current;
        }

        @Override
        public boolean ended(int split) {
            return ended[split];
        }
    }

    /** Collects the watermarks {@code afterPoll} emits (rows go through the harness). */
    private static final class Watermarks implements Output {
        final List<Long> emitted = new ArrayList<>();

        @Override
        public void collect(dev.weir.core.Row row) {
            throw new AssertionError("afterPoll emits no rows");
        }

        @Override
        public void emitWatermark(long watermark) {
            emitted.add(watermark);
        }
    }

    private static WatermarkAssignerOperator assigner(OperatorHarness h) {
        return (WatermarkAssignerOperator) h.operator();
    }

    private static void row(OperatorHarness h, Splits splits, int split, String ts) throws Exception {
        splits.current = split;
        h.process("+I[x, 1, " + ts + "]");
    }

    @Test
    void splitFarAheadDoesNotMoveTheWatermarkPastASlowerSplit() throws Exception {
        Splits splits = new Splits("t-0", "t-1");
        try (OperatorHarness h = harness()) {
            assigner(h).trackSplits(splits, 0, 0);
            row(h, splits, 0, "2023-11-14 23:00:00.000"); // an hour ahead
            assertThat(h.watermarks()).as("split 1 has no watermark yet").isEmpty();
            row(h, splits, 1, "2023-11-14 22:13:20.000");
            row(h, splits, 0, "2023-11-14 23:00:10.000");
            row(h, splits, 1, "2023-11-14 22:13:25.000");
            row(h, splits, 1, "2023-11-14 22:13:24.000"); // behind its own split: no change
            assertThat(h.watermarks()).containsExactly(RowText.timestamp("2023-11-14 22:13:18.000"),
                    RowText.timestamp("2023-11-14 22:13:23.000"));
            assertThat(h.output()).hasSize(5);
        }
    }

    @Test
    void endedSplitNoLongerHoldsTheWatermarkBack() throws Exception {
        Splits splits = new Splits("t-0", "t-1");
        try (OperatorHarness h = harness()) {
            assigner(h).trackSplits(splits, 0, 0);
            row(h, splits, 0, "2023-11-14 22:13:30.000");
            // split 1's last row: the reader says it ended before emitting it
            splits.ended[1] = true;
            row(h, splits, 1, "2023-11-14 22:13:10.000");
            assertThat(h.watermarks()).containsExactly(RowText.timestamp("2023-11-14 22:13:28.000"));
            // a split that ends without a row (a transaction marker) is noticed after the poll
            Splits other = new Splits("u-0", "u-1");
            try (OperatorHarness h2 = harness()) {
                assigner(h2).trackSplits(other, 0, 0);
                row(h2, other, 0, "2023-11-14 22:13:30.000");
                other.ended[1] = true;
                Watermarks out = new Watermarks();
                assigner(h2).afterPoll(1, out);
                assertThat(out.emitted).containsExactly(RowText.timestamp("2023-11-14 22:13:28.000"));
            }
            h.endInput();
            assertThat(h.watermarks()).last().isEqualTo(Long.MAX_VALUE);
        }
    }

    @Test
    void idleSplitStopsHoldingTheWatermarkBackUntilItHasDataAgain() throws Exception {
        Splits splits = new Splits("t-0", "t-1");
        try (OperatorHarness h = harness()) {
            WatermarkAssignerOperator op = assigner(h);
            op.trackSplits(splits, 1000, 0);
            Watermarks polled = new Watermarks();
            row(h, splits, 0, "2023-11-14 22:13:30.000");
            op.afterPoll(500 * MS, polled);
            assertThat(polled.emitted).as("split 1 silent for 0.5 s of a 1 s timeout").isEmpty();
            row(h, splits, 0, "2023-11-14 22:13:40.000");
            op.afterPoll(1000 * MS, polled);
            assertThat(polled.emitted).as("split 1 idle: split 0 alone sets the watermark")
                    .containsExactly(RowText.timestamp("2023-11-14 22:13:38.000"));
            row(h, splits, 0, "2023-11-14 22:13:50.000");
            assertThat(h.watermarks()).containsExactly(RowText.timestamp("2023-11-14 22:13:48.000"));

            // split 1 has data again: it holds the watermark back again (which never goes back)
            row(h, splits, 1, "2023-11-14 22:13:45.000");
            row(h, splits, 0, "2023-11-14 22:14:00.000");
            row(h, splits, 1, "2023-11-14 22:13:52.000");
            assertThat(h.watermarks()).containsExactly(RowText.timestamp("2023-11-14 22:13:48.000"),
                    RowText.timestamp("2023-11-14 22:13:50.000"));

            // both silent past the timeout: neither goes idle (no split has data), nothing moves
            op.afterPoll(1100 * MS, polled);
            op.afterPoll(3000 * MS, polled);
            assertThat(polled.emitted).hasSize(1);
        }
    }

    @Test
    void silenceCountsOnlyWhileAnotherSplitHasData() throws Exception {
        Splits splits = new Splits("t-0", "t-1");
        try (OperatorHarness h = harness()) {
            WatermarkAssignerOperator op = assigner(h);
            op.trackSplits(splits, 1000, 0);
            Watermarks polled = new Watermarks();
            for (long t = 100; t <= 5000; t += 100) { // a slow start: 5 s without any record
                op.afterPoll(t * MS, polled);
            }
            // split 0's records arrive first; split 1's are on their way: it is not idle at once
            row(h, splits, 0, "2023-11-14 23:00:00.000");
            op.afterPoll(5100 * MS, polled);
            row(h, splits, 1, "2023-11-14 22:13:20.000");
            op.afterPoll(5200 * MS, polled);
            assertThat(polled.emitted).isEmpty();
            assertThat(h.watermarks()).containsExactly(RowText.timestamp("2023-11-14 22:13:18.000"));
            // from here split 1 is silent while split 0 has data: idle after the timeout
            for (long t = 5300; t <= 6200; t += 100) {
                row(h, splits, 0, "2023-11-14 23:00:01.000");
                op.afterPoll(t * MS, polled);
            }
            assertThat(polled.emitted).containsExactly(RowText.timestamp("2023-11-14 22:59:59.000"));
        }
    }

    @Test
    void withoutIdleTimeoutASilentSplitHoldsTheWatermarkForever() throws Exception {
        Splits splits = new Splits("t-0", "t-1");
        try (OperatorHarness h = harness()) {
            WatermarkAssignerOperator op = assigner(h);
            op.trackSplits(splits, 0, 0);
            row(h, splits, 0, "2023-11-14 22:13:30.000");
            Watermarks polled = new Watermarks();
            op.afterPoll(3_600_000 * MS, polled);
            assertThat(polled.emitted).isEmpty();
            assertThat(h.watermarks()).isEmpty();
        }
    }

    @Test
    void perSplitWatermarksAreRestoredBySplitIdWhateverTheOrder() throws Exception {
        Splits splits = new Splits("t-0", "t-1");
        Path snapshot;
        try (OperatorHarness h = harness()) {
            assigner(h).trackSplits(splits, 0, 0);
            row(h, splits, 0, "2023-11-14 22:14:00.000");
            row(h, splits, 1, "2023-11-14 22:13:20.000");
            snapshot = h.snapshot();
            assertThat(assigner(h).currentWatermark()).isEqualTo(RowText.timestamp("2023-11-14 22:13:18.000"));
        }
        // restored with the splits in another order (as after redistribution) and one new split
        Splits restoredSplits = new Splits("t-1", "t-2", "t-0");
        try (OperatorHarness r = OperatorHarness.restore(TestPlans.watermarkSpec(), TestPlans.ORDERS,
                TestBackends.choices().get(0), tmp, snapshot)) {
            assigner(r).trackSplits(restoredSplits, 0, 0);
            restoredSplits.ended[1] = true; // t-2: nothing to read
            assigner(r).afterPoll(1, new Watermarks());
            // t-1 resumes at 22:13:18: an older t-1 row does not move it, a newer one does, up to t-0's 22:13:58
            row(r, restoredSplits, 0, "2023-11-14 22:13:19.000");
            assertThat(r.watermarks()).isEmpty();
            row(r, restoredSplits, 0, "2023-11-14 22:14:30.000");
            assertThat(r.watermarks()).containsExactly(RowText.timestamp("2023-11-14 22:13:58.000"));
        }
    }

    @Test
    void rescalingGivesEverySubtaskThePerSplitWatermarksOfAllOldSubtasks() throws Exception {
        Path[] snapshots = new Path[2];
        for (int subtask = 0; subtask < 2; subtask++) {
            Splits splits = new Splits("t-" + subtask, "t-" + (subtask + 2));
            try (OperatorHarness h = harness()) {
                assigner(h).trackSplits(splits, 0, 0);
                row(h, splits, 0, "2023-11-14 22:13:2" + subtask + ".000");
                row(h, splits, 1, "2023-11-14 22:14:00.000");
                snapshots[subtask] = h.snapshot();
            }
        }
        Path merged = tmp.resolve("merged");
        java.nio.file.Files.createDirectories(merged);
        for (String file : List.of(WatermarkAssignerOperator.STATE_FILE, WatermarkAssignerOperator.SPLITS_FILE)) {
            RescaledOperatorState.merge("watermark-1", List.of(snapshots[0].resolve(file), snapshots[1].resolve(file)),
                    merged.resolve(file));
        }
        assertThat(WatermarkAssignerOperator.readSplits(merged.resolve(WatermarkAssignerOperator.SPLITS_FILE)))
                .containsOnlyKeys("t-0", "t-1", "t-2", "t-3")
                .containsEntry("t-1", RowText.timestamp("2023-11-14 22:13:19.000"));
        // one subtask now reads t-1 and t-2: t-1 resumes at 22:13:19, t-2 at 22:13:58
        Splits now = new Splits("t-1", "t-2");
        try (OperatorHarness r = OperatorHarness.restore(TestPlans.watermarkSpec(), TestPlans.ORDERS,
                TestBackends.choices().get(0), tmp, merged)) {
            assigner(r).trackSplits(now, 0, 0);
            assertThat(assigner(r).currentWatermark()).isEqualTo(RowText.timestamp("2023-11-14 22:13:18.000"));
            row(r, now, 0, "2023-11-14 22:13:20.500"); // behind t-1's restored 22:13:19: no change
            assertThat(r.watermarks()).isEmpty();
            row(r, now, 0, "2023-11-14 22:13:22.000");
            assertThat(r.watermarks()).containsExactly(RowText.timestamp("2023-11-14 22:13:20.000"));
            row(r, now, 0, "2023-11-14 22:15:00.000");
            assertThat(r.watermarks()).last().isEqualTo(RowText.timestamp("2023-11-14 22:13:58.000"));
        }
    }
}
