package dev.weir.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.core.keys.KeyGroupRange;
import dev.weir.core.serde.Serializers;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.executor.operator.SnapshotContext;
import dev.weir.state.StateBackendType;
import dev.weir.state.StateDescriptor;
import dev.weir.state.ValueState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keyed backend and state file of event-time operators: fresh start, snapshot and restore, failed declarations. */
class EventTimeStateTest {
    private static final RowType IN = RowType.builder().add("k", DataType.string()).add("v", DataType.bigint()).build();
    private static final RowKeys KEYS = new RowKeys(new int[] {0}, IN);
    private static final String FILE = "test-op.bin";

    @TempDir
    Path tmp;

    private OperatorContext context(String work, Path restoreDir) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(work));
        return new OperatorContext("op", 0, 1, 128, KeyGroupRange.all(128), StateBackendType.HASHMAP,
                StateBackendFactory.DEFAULT, dir, restoreDir, new OperatorMetrics("op"));
    }

    @Test
    void aFreshStartHasNoWatermarkAndNoTimes() throws IOException {
        EventTimeState state = EventTimeState.open(KEYS, context("work", null), FILE);
        try {
            assertThat(state.restoredWatermark()).isEqualTo(Long.MIN_VALUE);
            assertThat(state.restoredTimes()).isEmpty();
        } finally {
            state.close();
        }
    }

    @Test
    void aSnapshotRestoresTheKeyedStateTheWatermarkAndTheTimes() throws IOException {
        Path snapshot = Files.createDirectories(tmp.resolve("cp-1"));
        EventTimeState state = EventTimeState.open(KEYS, context("work-1", null), FILE);
        try {
            ValueState<Long, Long> values = state.declare(b -> b.valueState(new StateDescriptor<>("values",
                    Serializers.LONG, Serializers.LONG)));
            state.backend().setCurrentKey(KEYS.key(dev.weir.core.Row.of("a", 1L)));
            values.update(7L, 42L);
            state.snapshot(new SnapshotContext(1, snapshot), 1_000L, new TreeSet<>(List.of(1_999L, 2_999L)));
        } finally {
            state.close();
        }
        assertThat(snapshot.resolve(FILE)).exists();
        assertThat(snapshot.resolve(EventTimeState.KEYED_DIR)).isDirectory();

        EventTimeState restored = EventTimeState.open(KEYS, context("work-2", snapshot), FILE);
        try {
            ValueState<Long, Long> values = restored.declare(b -> b.valueState(new StateDescriptor<>("values",
                    Serializers.LONG, Serializers.LONG)));
            restored.backend().setCurrentKey(KEYS.key(dev.weir.core.Row.of("a", 1L)));
            assertThat(values.value(7L)).isEqualTo(42L);
            assertThat(restored.restoredWatermark()).isEqualTo(1_000L);
            assertThat(restored.restoredTimes()).containsExactly(1_999L, 2_999L);
            NavigableSet<Long> view = restored.restoredTimes();
            assertThatThrownBy(() -> view.add(5L)).isInstanceOf(UnsupportedOperationException.class);
        } finally {
            restored.close();
        }
    }

    @Test
    void aWatermarkOnlySnapshotRestoresNoTimes() throws IOException {
        Path snapshot = Files.createDirectories(tmp.resolve("cp-1"));
        EventTimeState state = EventTimeState.open(KEYS, context("work-1", null), FILE);
        state.snapshot(new SnapshotContext(1, snapshot), 500L);
        state.close();
        assertThat(OperatorStateFiles.readWatermark(snapshot.resolve(FILE))).isEqualTo(500L);

        EventTimeState restored = EventTimeState.open(KEYS, context("work-2", snapshot), FILE);
        try {
            assertThat(restored.restoredWatermark()).isEqualTo(500L);
            assertThat(restored.restoredTimes()).isEmpty();
        } finally {
            restored.close();
        }
    }

    @Test
    void aFailedDeclarationClosesTheBackend() throws IOException {
        EventTimeState state = EventTimeState.open(KEYS, context("work", null), FILE);
        assertThatThrownBy(() -> state.declare(b -> {
            throw new IllegalArgumentException("bad state");
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("bad state");
        // The heap backend refuses to declare state once closed.
        assertThatThrownBy(() -> state.backend().valueState(new StateDescriptor<>("values", Serializers.LONG,
                Serializers.LONG))).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void anUnreadableStateFileFailsTheRestore() throws IOException {
        Path snapshot = Files.createDirectories(tmp.resolve("cp-1"));
        Files.write(snapshot.resolve(FILE), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        assertThatThrownBy(() -> EventTimeState.open(KEYS, context("work", snapshot), FILE))
                .isInstanceOf(IOException.class).hasMessageContaining("Not an operator state file");
    }
}
