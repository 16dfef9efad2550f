package dev.weir.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.core.keys.KeyGroups;
import org.junit.jupiter.api.Test;

class RowTest {
    @Test
    void hashCodeIsTheSameInEveryJvm() {
        // a fixed number: an identity hash (of the kind enum, say) would differ between runs, and key
        // groups stored in a checkpoint would no longer match after a restore in a new process
        assertThat(Row.of("key-7", 42L).hashCode()).isEqualTo(-1134721854);
        assertThat(KeyGroups.assignToKeyGroup(Row.of("key-7", 42L), 128)).isEqualTo(
                KeyGroups.computeKeyGroupForHash(-1134721854, 128));
    }

    @Test
    void equalityCoversKindAndValues() {
        assertThat(Row.of("a", 1)).isEqualTo(Row.of("a", 1)).isNotEqualTo(Row.of("a", 2))
                .isNotEqualTo(Row.ofKind(RowKind.DELETE, "a", 1));
        assertThat(Row.of("a", 1).toString()).isEqualTo("+I[a, 1]");
    }
}
