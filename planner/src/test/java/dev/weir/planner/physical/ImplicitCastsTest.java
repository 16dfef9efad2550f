package dev.weir.planner.physical;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.core.type.DataType;
import dev.weir.core.type.TypeRoot;
import org.junit.jupiter.api.Test;

class ImplicitCastsTest {
    @Test
    void widensNumbersButNeverNarrows() {
        assertThat(ImplicitCasts.allowed(DataType.of(TypeRoot.INT), DataType.bigint())).isTrue();
        assertThat(ImplicitCasts.allowed(DataType.bigint(), DataType.of(TypeRoot.DOUBLE))).isTrue();
        assertThat(ImplicitCasts.allowed(DataType.bigint(), DataType.decimal(24, 3))).isTrue();
        assertThat(ImplicitCasts.allowed(DataType.bigint(), DataType.of(TypeRoot.INT))).isFalse();
        assertThat(ImplicitCasts.allowed(DataType.decimal(10, 2), DataType.bigint())).isFalse();
    }

    @Test
    void keepsFamiliesApart() {
        assertThat(ImplicitCasts.allowed(DataType.string(), DataType.bigint())).isFalse();
        assertThat(ImplicitCasts.allowed(DataType.bigint(), DataType.string())).isFalse();
        assertThat(ImplicitCasts.allowed(DataType.of(TypeRoot.CHAR, 3), DataType.string())).isTrue();
        assertThat(ImplicitCasts.allowed(DataType.timestamp(6), DataType.timestamp(3))).isTrue();
        assertThat(ImplicitCasts.allowed(DataType.of(TypeRoot.DATE), DataType.timestamp(3))).isFalse();
    }
}
