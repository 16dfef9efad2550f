package dev.weir.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.type.CollectionValues;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.core.type.TypeRoot;
import dev.weir.executor.plan.AggregateCall;
import dev.weir.executor.plan.AggregateFunctionKind;
import dev.weir.executor.plan.GroupAggregateSpec;
import dev.weir.executor.testing.OperatorHarness;
import dev.weir.executor.testing.TestBackends;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** ARRAY and MAP values as group keys in keyed state, through a snapshot and restore, on both backends. */
class CollectionStateTest {
    private static final DataType TAGS = DataType.array(DataType.string());
    private static final DataType ATTRS = DataType.map(DataType.string(), DataType.of(TypeRoot.INT));
    private static final RowType INPUT = RowType.builder().add("tags", TAGS).add("attrs", ATTRS)
            .add("v", DataType.bigint()).build();
    private static final RowType OUTPUT = RowType.builder().add("tags", TAGS).add("attrs", ATTRS)
            .add("n", DataType.bigint().notNull()).build();

    @TempDir
    Path tmp;

    static List<TestBackends.Choice> backends() {
        return TestBackends.choices();
    }

    private static GroupAggregateSpec spec() {
        return new GroupAggregateSpec("group-by-collections", OUTPUT, new int[] {0, 1}, List.of(
                new AggregateCall(AggregateFunctionKind.COUNT, -1, false, DataType.bigint().notNull(), "n")), 0);
    }

    private static Map<Object, Object> attrs(String key, Integer value) {
        LinkedHashMap<Object, Object> m = new LinkedHashMap<>();
        m.put(key, value);
        return CollectionValues.map(m);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void countsPerCollectionKeySurviveARestore(TestBackends.Choice backend) throws Exception {
        List<Object> ab = CollectionValues.array(new Object[] {"a", "b"});
        List<Object> withNull = CollectionValues.array(new Object[] {"a", null});
        Path snapshot;
        try (OperatorHarness h = OperatorHarness.of(spec(), INPUT, backend, tmp)) {
            h.process(Row.of(ab, attrs("x", 1), 1L));
            h.process(Row.of(withNull, attrs("x", null), 2L));
            h.process(Row.of(CollectionValues.array(new Object[] {"a", "b"}), attrs("x", 1), 3L)); // equal, not same
            assertThat(h.output()).containsExactly(
                    Row.of(ab, attrs("x", 1), 1L),
                    Row.of(withNull, attrs("x", null), 1L),
                    Row.ofKind(RowKind.UPDATE_BEFORE, ab, attrs("x", 1), 1L),
                    Row.ofKind(RowKind.UPDATE_AFTER, ab, attrs("x", 1), 2L));
            snapshot = h.snapshot();
        }
        try (OperatorHarness restored = OperatorHarness.restore(spec(), INPUT, backend, tmp, snapshot)) {
            restored.process(Row.of(CollectionValues.array(new Object[] {"a", null}), attrs("x", null), 4L));
            restored.process(Row.of(ab, attrs("y", 1), 5L));
            assertThat(restored.output()).containsExactly(
                    Row.ofKind(RowKind.UPDATE_BEFORE, withNull, attrs("x", null), 1L),
                    Row.ofKind(RowKind.UPDATE_AFTER, withNull, attrs("x", null), 2L),
                    Row.of(ab, attrs("y", 1), 1L));
        }
    }
}
