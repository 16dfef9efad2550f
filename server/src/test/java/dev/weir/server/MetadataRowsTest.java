package dev.weir.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.MetaImpl;
import org.junit.jupiter.api.Test;

class MetadataRowsTest {

    @Test
    void jdbcPatterns() {
        assertThat(MetadataRows.matches(Meta.Pat.of(null), "anything")).isTrue();
        assertThat(MetadataRows.matches(Meta.Pat.of("ord%"), "orders")).isTrue();
        assertThat(MetadataRows.matches(Meta.Pat.of("ord_rs"), "orders")).isTrue();
        assertThat(MetadataRows.matches(Meta.Pat.of("ord_rs"), "ordrs")).isFalse();
        assertThat(MetadataRows.matches(Meta.Pat.of("a\\_b"), "a_b")).isTrue();
        assertThat(MetadataRows.matches(Meta.Pat.of("a\\_b"), "axb")).isFalse();
        assertThat(MetadataRows.matches(Meta.Pat.of("a.b"), "axb")).isFalse();
    }

    @Test
    void recordsBecomeRowsInFieldOrder() {
        Object[] row = MetadataRows.asArray(new MetaImpl.MetaTable("c", "s", "t", "TABLE"));
        assertThat(row).startsWith("c", "s", "t", "TABLE");
    }
}
