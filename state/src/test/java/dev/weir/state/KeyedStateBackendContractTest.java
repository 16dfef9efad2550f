package dev.weir.state;

import static dev.weir.state.StateFixture.AGGREGATING;
import static dev.weir.state.StateFixture.LIST;
import static dev.weir.state.StateFixture.MAP;
import static dev.weir.state.StateFixture.REDUCING;
import static dev.weir.state.StateFixture.SUM;
import static dev.weir.state.StateFixture.SUM_AS_TEXT;
import static dev.weir.state.StateFixture.VALUE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.core.WeirException;
import dev.weir.core.keys.KeyGroupRange;
import dev.weir.core.keys.KeyGroups;
import dev.weir.core.serde.Serializers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The behaviour every {@link KeyedStateBackend} must show; subclasses pick the backend type. */
abstract class KeyedStateBackendContractTest {
    private static final KeyGroupRange ALL = KeyGroupRange.all(StateFixture.MAX_PARALLELISM);

    @TempDir
    Path tmp;

    private final List<KeyedStateBackend> opened = new ArrayList<>();
    private int workDirs;

    abstract StateBackendType type();

    KeyedStateBackend open(Path restoreFrom) throws Exception {
        return open(type(), restoreFrom, ALL);
    }

    KeyedStateBackend open(StateBackendType type, Path restoreFrom, KeyGroupRange range) throws Exception {
        KeyedStateBackend backend = StateBackends.create(type,
                StateFixture.context(tmp.resolve("work-" + workDirs++), range), restoreFrom);
        opened.add(backend);
        return backend;
    }

    @AfterEach
    void closeAll() {
        opened.forEach(KeyedStateBackend::close);
    }

    @Test
    void valueStateIsScopedByKeyAndNamespace() throws Exception {
        KeyedStateBackend backend = open(null);
        ValueState<Long, String> state = backend.valueState(VALUE);
        backend.setCurrentKey("a");
        state.update(1L, "a1");
        state.update(2L, "a2");
        backend.setCurrentKey("b");
        assertThat(state.value(1L)).isNull();
        state.update(1L, "b1");
        backend.setCurrentKey("a");
        assertThat(state.value(1L)).isEqualTo("a1");
        assertThat(state.value(2L)).isEqualTo("a2");
        state.update(1L, "a1'");
        assertThat(state.value(1L)).isEqualTo("a1'");
        state.clear(1L);
        assertThat(state.value(1L)).isNull();
        assertThat(state.value(2L)).isEqualTo("a2");
        state.update(2L, null);
        assertThat(state.value(2L)).isNull();
        backend.setCurrentKey("b");
        assertThat(state.value(1L)).isEqualTo("b1");
        assertThat(backend.currentKey()).isEqualTo("b");
    }

    @Test
    void listStateAppendsInOrderAndUpdates() throws Exception {
        KeyedStateBackend backend = open(null);
        ListState<Long, String> state = backend.listState(LIST);
        backend.setCurrentKey("a");
        assertThat(state.get(1L)).isEmpty();
        state.add(1L, "x");
        state.add(1L, "y,with,commas");
        state.add(1L, "");
        state.add(2L, "other");
        assertThat(state.get(1L)).containsExactly("x", "y,with,commas", "");
        List<String> copy = state.get(1L);
        state.add(1L, "later");
        assertThat(copy).hasSize(3);
        state.update(1L, List.of("p", "q"));
        assertThat(state.get(1L)).containsExactly("p", "q");
        state.add(1L, "r");
        assertThat(state.get(1L)).containsExactly("p", "q", "r");
        state.update(1L, List.of());
        assertThat(state.get(1L)).isEmpty();
        state.clear(2L);
        assertThat(state.get(2L)).isEmpty();
    }

    @Test
    void mapStateKeepsEntriesPerKeyAndNamespace() throws Exception {
        KeyedStateBackend backend = open(null);
        MapState<Long, String, Long> state = backend.mapState(MAP, Serializers.STRING);
        backend.setCurrentKey("a");
        state.put(1L, "x", 1L);
        state.put(1L, "y", 2L);
        state.put(2L, "x", 3L);
        backend.setCurrentKey("ab");
        state.put(1L, "z", 9L);
        backend.setCurrentKey("a");
        assertThat(state.get(1L, "x")).isEqualTo(1L);
        assertThat(state.get(1L, "z")).isNull();
        assertThat(state.contains(1L, "y")).isTrue();
        assertThat(state.contains(1L, "z")).isFalse();
        assertThat(state.entries(1L)).isEqualTo(Map.of("x", 1L, "y", 2L));
        assertThat(state.readEntries(1L)).isEqualTo(Map.of("x", 1L, "y", 2L));
        assertThatThrownBy(() -> state.readEntries(1L).put("q", 0L)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(state.readEntries(7L)).isEmpty();
        state.put(1L, "x", 5L);
        state.remove(1L, "y");
        assertThat(state.entries(1L)).isEqualTo(Map.of("x", 5L));
        state.clear(1L);
        assertThat(state.entries(1L)).isEmpty();
        assertThat(state.entries(2L)).isEqualTo(Map.of("x", 3L));
        backend.setCurrentKey("ab");
        assertThat(state.entries(1L)).isEqualTo(Map.of("z", 9L));
    }

    @Test
    void reducingAndAggregatingStatesFoldAddedValues() throws Exception {
        KeyedStateBackend backend = open(null);
        ReducingState<Long, Long> reducing = backend.reducingState(REDUCING, SUM);
        AggregatingState<Long, Long, String> aggregating = backend.aggregatingState(AGGREGATING, SUM_AS_TEXT);
        backend.setCurrentKey("a");
        assertThat(reducing.get(1L)).isNull();
        assertThat(aggregating.get(1L)).isNull();
        for (long i = 1; i <= 4; i++) {
            reducing.add(1L, i);
            aggregating.add(1L, i * 10);
        }
        backend.setCurrentKey("b");
        reducing.add(1L, 7L);
        backend.setCurrentKey("a");
        assertThat(reducing.get(1L)).isEqualTo(10L);
        assertThat(aggregating.get(1L)).isEqualTo("sum=100");
        reducing.clear(1L);
        aggregating.clear(1L);
        assertThat(reducing.get(1L)).isNull();
        assertThat(aggregating.get(1L)).isNull();
        backend.setCurrentKey("b");
        assertThat(reducing.get(1L)).isEqualTo(7L);
    }

    @Test
    void timersFireInTimestampOrderWithTheirKeySet() throws Exception {
        KeyedStateBackend backend = open(null);
        TimerService<Long> timers = backend.timerService("t", Serializers.LONG);
        backend.setCurrentKey("c");
        timers.registerEventTimeTimer(1L, 30);
        backend.setCurrentKey("a");
        timers.registerEventTimeTimer(1L, 10);
        timers.registerEventTimeTimer(1L, 10);
        timers.registerEventTimeTimer(2L, 50);
        backend.setCurrentKey("b");
        timers.registerEventTimeTimer(1L, 20);
        timers.registerEventTimeTimer(1L, 40);
        timers.deleteEventTimeTimer(1L, 40);
        assertThat(timers.size()).isEqualTo(4);

        List<String> fired = new ArrayList<>();
        timers.advanceWatermark(5, (key, ns, ts) -> fired.add("early"));
        assertThat(fired).isEmpty();
        timers.advanceWatermark(30, (key, ns, ts) -> {
            assertThat(backend.currentKey()).isEqualTo(key);
            fired.add(key + "/" + ns + "@" + ts);
            if (ts == 10) {
                // registered during a callback, due at this watermark: fires in the same call
                timers.registerEventTimeTimer(9L, 25);
            }
        });
        assertThat(fired).containsExactly("a/1@10", "b/1@20", "a/9@25", "c/1@30");
        assertThat(timers.size()).isEqualTo(1);
        fired.clear();
        timers.advanceWatermark(100, (key, ns, ts) -> fired.add(key + "/" + ns + "@" + ts));
        assertThat(fired).containsExactly("a/2@50");
        assertThat(timers.size()).isZero();
    }

    @Test
    void deletedThenReregisteredTimerFiresOnce() throws Exception {
        KeyedStateBackend backend = open(null);
        TimerService<Long> timers = backend.timerService("t", Serializers.LONG);
        backend.setCurrentKey("a");
        for (int i = 0; i < 200; i++) {
            timers.registerEventTimeTimer(1L, 10);
            timers.deleteEventTimeTimer(1L, 10);
        }
        timers.registerEventTimeTimer(1L, 10);
        List<Long> fired = new ArrayList<>();
        timers.advanceWatermark(10, (key, ns, ts) -> fired.add(ts));
        assertThat(fired).containsExactly(10L);
    }

    @Test
    void snapshotRestoresIdenticalContentsAndIgnoresLaterWrites() throws Exception {
        KeyedStateBackend backend = open(null);
        StateFixture.populate(backend, ALL);
        Path snapshot = tmp.resolve("snap-1");
        backend.snapshot(1, snapshot);

        // changes after the snapshot must not leak into it
        ValueState<Long, String> value = backend.valueState(VALUE);
        MapState<Long, String, Long> map = backend.mapState(MAP, Serializers.STRING);
        backend.setCurrentKey(StateFixture.key(0));
        value.update(1L, "changed");
        map.put(1L, "x", -1L);
        backend.listState(LIST).add(1L, "extra");
        backend.setCurrentKey("brand-new-key");
        value.update(1L, "new");
        backend.timerService("timers", Serializers.LONG).registerEventTimeTimer(1L, 5);

        KeyedStateBackend restored = open(snapshot);
        StateFixture.verify(restored, ALL);
        restored.setCurrentKey("brand-new-key");
        assertThat(restored.valueState(VALUE).value(1L)).isNull();
    }

    /** Changes every kind of state (and the timers) of every key populated, plus a new key. */
    private static void changeEverything(KeyedStateBackend backend, String tag) throws Exception {
        ValueState<Long, String> value = backend.valueState(VALUE);
        ListState<Long, String> list = backend.listState(LIST);
        MapState<Long, String, Long> map = backend.mapState(MAP, Serializers.STRING);
        ReducingState<Long, Long> reducing = backend.reducingState(REDUCING, SUM);
        AggregatingState<Long, Long, String> aggregating = backend.aggregatingState(AGGREGATING, SUM_AS_TEXT);
        TimerService<Long> timers = backend.timerService("timers", Serializers.LONG);
        for (int i = 0; i < StateFixture.KEYS; i++) {
            backend.setCurrentKey(StateFixture.key(i));
            value.update(1L, tag);
            value.clear(2L);
            list.add(1L, tag); // appends to the stored list in place on the heap
            list.update(2L, List.of(tag));
            map.put(1L, "x", -1L); // the stored map changes in place on the heap
            map.remove(2L, "y");
            reducing.add(1L, 1000L);
            aggregating.add(2L, 1000L);
            timers.deleteEventTimeTimer(1L, 1000 + i);
            timers.registerEventTimeTimer(2L, 5000 + i);
        }
        backend.setCurrentKey("brand-new-key-" + tag);
        value.update(1L, tag);
    }

    private static void completeOnAnotherThread(PendingSnapshot pending) throws Exception {
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(() -> {
            try {
                pending.complete();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "test-snapshot");
        t.start();
        t.join();
        assertThat(failure[0]).isNull();
    }

    @Test
    void asyncSnapshotHoldsTheStateOfItsSynchronousPart() throws Exception {
        KeyedStateBackend backend = open(null);
        StateFixture.populate(backend, ALL);
        Path snapshot = tmp.resolve("snap-async");

        PendingSnapshot pending = backend.snapshotAsync(7, snapshot);
        assertThat(snapshot.resolve("state.meta")).as("incomplete until the asynchronous part ends").doesNotExist();
        changeEverything(backend, "after-the-barrier");
        completeOnAnotherThread(pending);

        assertThat(snapshot.resolve("state.meta")).isRegularFile();
        KeyedStateBackend restored = open(snapshot);
        StateFixture.verify(restored, ALL);
        restored.setCurrentKey("brand-new-key-after-the-barrier");
        assertThat(restored.valueState(VALUE).value(1L)).isNull();
        // the live backend kept its changes
        backend.setCurrentKey(StateFixture.key(3));
        assertThat(backend.valueState(VALUE).value(1L)).isEqualTo("after-the-barrier");
    }

    @Test
    void twoAsyncSnapshotsInFlightEachHoldTheirOwnState() throws Exception {
        KeyedStateBackend backend = open(null);
        StateFixture.populate(backend, ALL);
        PendingSnapshot first = backend.snapshotAsync(1, tmp.resolve("snap-1"));
        changeEverything(backend, "second");
        PendingSnapshot second = backend.snapshotAsync(2, tmp.resolve("snap-2"));
        changeEverything(backend, "third");

        completeOnAnotherThread(second); // in either order
        completeOnAnotherThread(first);

        StateFixture.verify(open(tmp.resolve("snap-1")), ALL);
        KeyedStateBackend two = open(tmp.resolve("snap-2"));
        two.setCurrentKey(StateFixture.key(5));
        assertThat(two.valueState(VALUE).value(1L)).isEqualTo("second");
        assertThat(two.valueState(VALUE).value(2L)).isNull();
        assertThat(two.listState(LIST).get(1L)).containsExactly("a5", "b1", "second");
        assertThat(two.mapState(MAP, Serializers.STRING).entries(1L)).isEqualTo(Map.of("x", -1L, "y", 1L));
        assertThat(two.reducingState(REDUCING, SUM).get(1L)).isEqualTo(5 + 1 + 1000L);
        assertThat(two.timerService("timers", Serializers.LONG).size()).isEqualTo(StateFixture.KEYS);
        two.setCurrentKey("brand-new-key-third");
        assertThat(two.valueState(VALUE).value(1L)).isNull();
    }

    @Test
    void discardedAsyncSnapshotIsNeverComplete() throws Exception {
        KeyedStateBackend backend = open(null);
        StateFixture.populate(backend, ALL);
        Path snapshot = tmp.resolve("snap-discarded");

        backend.snapshotAsync(1, snapshot).discard();

        assertThat(snapshot.resolve("state.meta")).doesNotExist();
        assertThatThrownBy(() -> open(snapshot)).isInstanceOf(WeirException.class).hasMessageContaining("state.meta");
    }

    @Test
    void unregisteredRestoredStateSurvivesTheNextSnapshot() throws Exception {
        KeyedStateBackend first = open(null);
        StateFixture.populate(first, ALL);
        first.snapshot(1, tmp.resolve("snap-1"));

        // nothing is registered before snapshotting again: restored bytes must be carried over
        KeyedStateBackend second = open(tmp.resolve("snap-1"));
        second.snapshot(2, tmp.resolve("snap-2"));

        StateFixture.verify(open(tmp.resolve("snap-2")), ALL);
    }

    @Test
    void snapshotIntoExistingEmptyDirectoryWorks() throws Exception {
        KeyedStateBackend backend = open(null);
        StateFixture.populate(backend, ALL);
        Path dir = Files.createDirectories(tmp.resolve("given"));
        backend.snapshot(3, dir);
        StateFixture.verify(open(dir), ALL);
    }

    @Test
    void restoreKeepsOnlyTheOwnedKeyGroups() throws Exception {
        KeyedStateBackend backend = open(null);
        StateFixture.populate(backend, ALL);
        backend.snapshot(1, tmp.resolve("snap"));

        KeyGroupRange lower = KeyGroups.rangeForSubtask(StateFixture.MAX_PARALLELISM, 2, 0);
        KeyedStateBackend half = open(type(), tmp.resolve("snap"), lower);
        StateFixture.verify(half, lower);
    }

    @Test
    void reopeningAStateAsAnotherKindFails() throws Exception {
        KeyedStateBackend backend = open(null);
        backend.valueState(VALUE);
        assertThatThrownBy(() -> backend.listState(new StateDescriptor<>("value", Serializers.LONG, Serializers.STRING)))
                .isInstanceOf(WeirException.class)
                .hasMessageContaining("'value'")
                .hasMessageContaining("VALUE");
    }

    @Test
    void restoringWithAnotherMaxParallelismFails() throws Exception {
        KeyedStateBackend backend = open(null);
        StateFixture.populate(backend, ALL);
        backend.snapshot(1, tmp.resolve("snap"));
        StateBackendContext other = new StateBackendContext("op-1", StateFixture.context(tmp, ALL).keySerializer(),
                64, KeyGroupRange.all(64), tmp.resolve("other"));
        assertThatThrownBy(() -> StateBackends.create(type(), other, tmp.resolve("snap")))
                .isInstanceOf(WeirException.class)
                .hasMessageContaining("max parallelism 128");
    }

    @Test
    void restoringFromADirectoryWithoutMetadataFails() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("not-a-snapshot"));
        assertThatThrownBy(() -> open(empty))
                .isInstanceOf(WeirException.class)
                .hasMessageContaining("state.meta");
    }

    @Test
    void keysOutsideTheRangeAreRejected() throws Exception {
        KeyGroupRange lower = KeyGroups.rangeForSubtask(StateFixture.MAX_PARALLELISM, 2, 0);
        KeyedStateBackend backend = open(type(), null, lower);
        String foreign = null;
        for (int i = 0; foreign == null; i++) {
            if (!StateFixture.owns(lower, StateFixture.key(i))) {
                foreign = StateFixture.key(i);
            }
        }
        String key = foreign;
        assertThatThrownBy(() -> backend.setCurrentKey(key)).hasMessageContaining("outside this backend's range");
    }

    @Test
    void approximateSizeGrowsWithState() throws Exception {
        KeyedStateBackend backend = open(null);
        ValueState<Long, String> value = backend.valueState(VALUE);
        for (int i = 0; i < 2000; i++) {
            backend.setCurrentKey(StateFixture.key(i));
            value.update(1L, "some value of moderate length " + i);
        }
        backend.snapshot(1, tmp.resolve("flushed"));
        assertThat(backend.approximateSizeBytes()).isGreaterThan(10_000L);
    }

    @Test
    void closedBackendRejectsUse() throws Exception {
        KeyedStateBackend backend = open(null);
        backend.close();
        assertThatThrownBy(() -> backend.valueState(VALUE)).isInstanceOf(IllegalStateException.class);
    }
}
