package dev.weir.executor.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import org.junit.jupiter.api.Test;

/** The equi-join key columns the five join specs share. */
class JoinKeysTest {
    private static final RowType JOINED = RowType.builder().add("id", DataType.bigint())
            .add("customer", DataType.string()).add("cid", DataType.string()).add("name", DataType.string()).build();

    @Test
    void isImmutableAndEqualByContent() {
        int[] left = {1, 0};
        int[] right = {0, 1};
        JoinKeys keys = new JoinKeys(left, right);
        left[0] = 5;
        keys.right()[0] = 5;
        keys.of(0)[1] = 5;

        JoinKeys same = new JoinKeys(new int[] {1, 0}, new int[] {0, 1});
        assertThat(keys).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(keys).isNotEqualTo(new JoinKeys(new int[] {1, 0}, new int[] {1, 0}));
        assertThat(keys.of(0)).containsExactly(1, 0);
        assertThat(keys.of(1)).containsExactly(0, 1);
        assertThat(keys.size()).isEqualTo(2);
        assertThat(keys.isEmpty()).isFalse();
        assertThat(JoinKeys.none().isEmpty()).isTrue();
        assertThat(JoinKeys.none()).isEqualTo(new JoinKeys(new int[0], new int[0]));
        assertThat(keys.toString()).isEqualTo("JoinKeys[left=[1, 0], right=[0, 1]]");
    }

    @Test
    void needsKeyColumnsInPairs() {
        assertThatThrownBy(() -> new JoinKeys(new int[] {0, 1}, new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 left and 1 right");
    }

    @Test
    void describesTheEqualitiesAndKeyNamesAsExplainShowsThem() {
        JoinKeys keys = new JoinKeys(new int[] {1, 0}, new int[] {0, 1});
        assertThat(keys.equalities(JOINED, 2)).isEqualTo("customer = cid AND id = name");
        RowType right = RowType.builder().add("cid", DataType.string()).add("name", DataType.string()).build();
        assertThat(keys.equalities(JOINED, right, 0)).isEqualTo("customer = cid AND id = name");
        assertThat(keys.leftNames(JOINED)).isEqualTo("(customer, id)");
        assertThat(JoinKeys.none().equalities(JOINED, 2)).isEmpty();
    }
}
