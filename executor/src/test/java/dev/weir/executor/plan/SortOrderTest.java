package dev.weir.executor.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.executor.testing.TestPlans;
import org.junit.jupiter.api.Test;

/** The sort keys the rank, window rank and temporal sort specs share. */
class SortOrderTest {
    @Test
    void isImmutableAndEqualByContent() {
        int[] indices = {1, 0};
        boolean[] descending = {true, false};
        boolean[] nullsFirst = {false, true};
        SortOrder order = new SortOrder(indices, descending, nullsFirst);
        indices[0] = 2;
        descending[0] = false;
        order.indices()[1] = 2;
        order.nullsFirst()[0] = true;

        SortOrder same = new SortOrder(new int[] {1, 0}, new boolean[] {true, false}, new boolean[] {false, true});
        assertThat(order).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(order.indices()).containsExactly(1, 0);
        assertThat(order.descending()).containsExactly(true, false);
        assertThat(order.nullsFirst()).containsExactly(false, true);
        assertThat(order).isNotEqualTo(new SortOrder(new int[] {1, 0}, new boolean[] {true, false},
                new boolean[] {true, true}));
        assertThat(order.toString()).isEqualTo("SortOrder[indices=[1, 0], descending=[true, false], "
                + "nullsFirst=[false, true]]");
    }

    @Test
    void describesTheKeysWithTheirColumnNamesAsExplainShowsThem() {
        SortOrder order = new SortOrder(new int[] {1, 0}, new boolean[] {true, false}, new boolean[] {false, true});
        assertThat(order.describe(TestPlans.ORDERS)).isEqualTo("amount DESC NULLS LAST, user ASC NULLS FIRST");
        assertThat(order.size()).isEqualTo(2);
        assertThat(order.index(1)).isZero();
        assertThat(order.isDescending(0)).isTrue();
        assertThat(SortOrder.none().isEmpty()).isTrue();
        assertThat(SortOrder.none().describe(TestPlans.ORDERS)).isEmpty();
    }

    @Test
    void refusesKeysWithoutOneDirectionAndNullOrderEach() {
        assertThatThrownBy(() -> new SortOrder(new int[] {1, 0}, new boolean[] {true}, new boolean[] {false, true}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one direction and null order per sort column");
    }

    @Test
    void specsHoldingTheSameOrderAreEqual() {
        RankSpec a = new RankSpec("rank-1", TestPlans.ORDERS, new int[] {0},
                new SortOrder(new int[] {1}, new boolean[] {true}, new boolean[] {false}), 3, false);
        RankSpec b = new RankSpec("rank-1", TestPlans.ORDERS, new int[] {0},
                new SortOrder(new int[] {1}, new boolean[] {true}, new boolean[] {false}), 3, false);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.describe()).contains("orderBy=[amount DESC NULLS LAST]");
        TemporalSortSpec sort = new TemporalSortSpec("sort-1", TestPlans.ORDERS, 2, a.order());
        assertThat(sort).isEqualTo(new TemporalSortSpec("sort-1", TestPlans.ORDERS, 2, b.order()));
        assertThat(sort.describe()).isEqualTo("TemporalSort(orderBy=[ts ASC, amount DESC NULLS LAST])");
        assertThat(new TemporalSortSpec("sort-1", TestPlans.ORDERS, 2, SortOrder.none()).describe())
                .isEqualTo("TemporalSort(orderBy=[ts ASC])");
    }
}
