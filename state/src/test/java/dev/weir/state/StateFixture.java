package dev.weir.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.core.keys.KeyGroupRange;
import dev.weir.core.keys.KeyGroups;
import dev.weir.core.serde.Serializers;
import dev.weir.core.serde.TypeSerializer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Shared descriptors and a known data set written into, and checked against, any backend. */
final class StateFixture {
    static final int MAX_PARALLELISM = 128;
    static final int KEYS = 40;
    static final StateDescriptor<Long, String> VALUE = new StateDescriptor<>("value", Serializers.LONG,
            Serializers.STRING);
    static final StateDescriptor<Long, String> LIST = new StateDescriptor<>("list", Serializers.LONG,
            Serializers.STRING);
    static final StateDescriptor<Long, Long> MAP = new StateDescriptor<>("map", Serializers.LONG, Serializers.LONG);
    static final StateDescriptor<Long, Long> REDUCING = new StateDescriptor<>("reducing", Serializers.LONG,
            Serializers.LONG);
    static final StateDescriptor<Long, Long> AGGREGATING = new StateDescriptor<>("aggregating", Serializers.LONG,
            Serializers.LONG);
    static final ReduceFunction<Long> SUM = Long::sum;
    /** Sums into a Long accumulator and reports it as text, so the result type differs from the accumulator. */
    static final AggregateFunction<Long, Long, String> SUM_AS_TEXT = new AggregateFunction<>() {
        @Override
        public Long createAccumulator() {
            return 0L;
        }

        @Override
        public Long add(Long value, Long accumulator) {
            return accumulator + value;
        }

        @Override
        public String getResult(Long accumulator) {
            return "sum=" + accumulator;
        }
    };

    private StateFixture() {
    }

    @SuppressWarnings("unchecked")
    static StateBackendContext context(Path workingDir, KeyGroupRange range) {
        return new StateBackendContext("op-1", (TypeSerializer<Object>) (TypeSerializer<?>) Serializers.STRING,
                MAX_PARALLELISM, range, workingDir);
    }

    static String key(int i) {
        return "key-" + i;
    }

    static boolean owns(KeyGroupRange range, String key) {
        return range.contains(KeyGroups.assignToKeyGroup(key, MAX_PARALLELISM));
    }

    /** Writes every kind of state for {@link #KEYS} keys in namespaces 1 and 2, plus one timer per key. */
    static void populate(KeyedStateBackend backend, KeyGroupRange range) throws Exception {
        ValueState<Long, String> value = backend.valueState(VALUE);
        ListState<Long, String> list = backend.listState(LIST);
        MapState<Long, String, Long> map = backend.mapState(MAP, Serializers.STRING);
        ReducingState<Long, Long> reducing = backend.reducingState(REDUCING, SUM);
        AggregatingState<Long, Long, String> aggregating = backend.aggregatingState(AGGREGATING, SUM_AS_TEXT);
        TimerService<Long> timers = backend.timerService("timers", Serializers.LONG);
        for (int i = 0; i < KEYS; i++) {
            if (!owns(range, key(i))) {
                continue;
            }
            backend.setCurrentKey(key(i));
            for (long ns = 1; ns <= 2; ns++) {
                value.update(ns, key(i) + "@" + ns);
                list.add(ns, "a" + i);
                list.add(ns, "b" + ns);
                map.put(ns, "x", (long) i);
                map.put(ns, "y", ns);
                reducing.add(ns, (long) i);
                reducing.add(ns, ns);
                aggregating.add(ns, (long) i);
                aggregating.add(ns, 100L);
            }
            timers.registerEventTimeTimer(1L, 1000 + i);
        }
    }

    /** Checks that exactly the keys of {@code range} hold what {@link #populate} wrote. */
    static void verify(KeyedStateBackend backend, KeyGroupRange range) throws Exception {
        ValueState<Long, String> value = backend.valueState(VALUE);
        ListState<Long, String> list = backend.listState(LIST);
        MapState<Long, String, Long> map = backend.mapState(MAP, Serializers.STRING);
        ReducingState<Long, Long> reducing = backend.reducingState(REDUCING, SUM);
        AggregatingState<Long, Long, String> aggregating = backend.aggregatingState(AGGREGATING, SUM_AS_TEXT);
        int expectedTimers = 0;
        for (int i = 0; i < KEYS; i++) {
            if (!owns(range, key(i))) {
                continue;
            }
            expectedTimers++;
            backend.setCurrentKey(key(i));
            for (long ns = 1; ns <= 2; ns++) {
                assertThat(value.value(ns)).isEqualTo(key(i) + "@" + ns);
                assertThat(list.get(ns)).containsExactly("a" + i, "b" + ns);
                assertThat(map.entries(ns)).isEqualTo(Map.of("x", (long) i, "y", ns));
                assertThat(reducing.get(ns)).isEqualTo(i + ns);
                assertThat(aggregating.get(ns)).isEqualTo("sum=" + (i + 100));
            }
            assertThat(value.value(3L)).isNull();
        }
        TimerService<Long> timers = backend.timerService("timers", Serializers.LONG);
        assertThat(timers.size()).isEqualTo(expectedTimers);
        List<String> fired = new ArrayList<>();
        timers.advanceWatermark(Long.MAX_VALUE, (key, ns, ts) -> {
            assertThat(backend.currentKey()).isEqualTo(key);
            assertThat(ts).isEqualTo(1000 + Integer.parseInt(((String) key).substring(4)));
            fired.add((String) key);
        });
        assertThat(fired).hasSize(expectedTimers);
    }
}
