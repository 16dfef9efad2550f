package dev.weir.planner.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.core.WeirException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CollectionFunctionsTest {
    private final ExprHarness h = ExprHarness.utc();

    @Test
    @SuppressWarnings("unchecked")
    void valueConstructors() {
        assertThat(h.eval("ARRAY[1, 2, i]")).isEqualTo(List.of(1, 2, 3));
        assertThat(h.eval("ARRAY[i, CAST(NULL AS INT)]")).isEqualTo(Arrays.asList(3, null));
        // elements are converted to the common element type
        assertThat(h.eval("ARRAY[i, id]")).isEqualTo(List.of(3L, 4L));
        assertThat(h.eval("ARRAY[s, 'x']")).isEqualTo(List.of("hello", "x"));
        Object map = h.eval("MAP['k', i, 'j', 5]");
        assertThat(map).isEqualTo(Map.of("k", 3, "j", 5));
        assertThat(new java.util.ArrayList<Object>(((Map<?, ?>) map).keySet())).containsExactly("k", "j");
        // a later duplicate key wins
        assertThat(h.eval("MAP['k', 1, 'k', 2]")).isEqualTo(Map.of("k", 2));
        assertThat(h.eval("ARRAY[ARRAY[1], ARRAY[2, 3]]")).isEqualTo(List.of(List.of(1), List.of(2, 3)));
        assertThatThrownBy(() -> ((List<Object>) h.eval("ARRAY[1]")).add(2))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void elementAccessIsOneBasedAndNullOutOfRange() {
        assertThat(h.eval("arr[1]")).isEqualTo(10);
        assertThat(h.eval("arr[2]")).isNull(); // a NULL element
        assertThat(h.eval("arr[3]")).isEqualTo(30);
        assertThat(h.eval("arr[4]")).isNull();
        assertThat(h.eval("arr[0]")).isNull();
        assertThat(h.eval("arr[i]")).isEqualTo(30);
        assertThat(h.eval("arr[CAST(NULL AS INT)]")).isNull();
        assertThat(h.evalNulls("arr[1]")).isNull();
        assertThat(h.eval("m['a']")).isEqualTo(1L);
        assertThat(h.eval("m['b']")).isNull();
        assertThat(h.eval("m['zz']")).isNull();
        assertThat(h.eval("m[s]")).isNull();
        assertThat(h.evalNulls("m['a']")).isNull();
        assertThat(h.eval("ARRAY['x', 'y'][2]")).isEqualTo("y");
        assertThat(h.eval("MAP[1, 'one', 2, 'two'][2]")).isEqualTo("two");
    }

    @Test
    void cardinalityElementContainsKeysAndValues() {
        assertThat(h.eval("CARDINALITY(arr)")).isEqualTo(3);
        assertThat(h.eval("CARDINALITY(m)")).isEqualTo(2);
        assertThat(h.evalNulls("CARDINALITY(arr)")).isNull();
        assertThat(h.evalNulls("CARDINALITY(m)")).isNull();
        assertThat(h.eval("ELEMENT(ARRAY[i])")).isEqualTo(3);
        assertThat(h.evalNulls("ELEMENT(arr)")).isNull();
        assertThatThrownBy(() -> h.eval("ELEMENT(arr)")).isInstanceOf(WeirException.class)
                .hasMessageContaining("ELEMENT of an array with 3 elements");
        assertThat(h.eval("ARRAY_CONTAINS(arr, 30)")).isEqualTo(true);
        assertThat(h.eval("ARRAY_CONTAINS(arr, 31)")).isEqualTo(false);
        assertThat(h.eval("ARRAY_CONTAINS(arr, CAST(NULL AS INT))")).isEqualTo(true);
        assertThat(h.evalNulls("ARRAY_CONTAINS(arr, 1)")).isNull();
        assertThat(h.eval("MAP_KEYS(m)")).isEqualTo(List.of("a", "b"));
        assertThat(h.eval("MAP_VALUES(m)")).isEqualTo(Arrays.asList(1L, null));
        assertThat(h.evalNulls("MAP_KEYS(m)")).isNull();
    }

    @Test
    void castsAndTypes() {
        assertThat(h.eval("CAST(arr AS BIGINT ARRAY)")).isEqualTo(Arrays.asList(10L, null, 30L));
        assertThat(h.eval("CAST(ARRAY['1', '2'] AS INT ARRAY)")).isEqualTo(List.of(1, 2));
        assertThat(Describer.typeName(h.type("arr"))).isEqualTo("ARRAY<INT>");
        assertThat(Describer.typeName(h.type("m"))).isEqualTo("MAP<STRING, BIGINT>");
        assertThat(h.describe("arr[1]")).isEqualTo("ITEM(arr, 1)");
        assertThat(h.eval("CAST(MAP['x', i] AS MAP<VARCHAR, BIGINT>)")).isEqualTo(Map.of("x", 3L));
    }

    @Test
    void collectionsCompareForEqualityOnly() {
        assertThat(h.eval("arr = ARRAY[10, CAST(NULL AS INT), 30]")).isEqualTo(true);
        assertThat(h.eval("arr = ARRAY[10, 20, 30]")).isEqualTo(false);
        assertThat(h.eval("arr <> ARRAY[10]")).isEqualTo(true);
        assertThat(h.evalNulls("arr = ARRAY[1]")).isNull();
        assertThat(h.evalNulls("arr IS NOT DISTINCT FROM CAST(NULL AS INT ARRAY)")).isEqualTo(true);
        assertThat(h.eval("MAP['k', 1] = MAP['k', 1]")).isEqualTo(true);
        assertThatThrownBy(() -> h.compile("arr < ARRAY[1]")).isInstanceOf(WeirException.class)
                .hasMessageContaining("collections can only be compared for equality");
    }
}
