package dev.weir.planner.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ConnectorOptionsTest {
    @Test
    void wildcardSegmentMatchesOneNonEmptySegment() {
        assertThat(ConnectorOptions.matches("fields.id.kind", "fields.#.kind")).isTrue();
        assertThat(ConnectorOptions.matches("fields.id.kind", "fields.*.kind")).isTrue();
        assertThat(ConnectorOptions.matches("fields..kind", "fields.#.kind")).isFalse();
        assertThat(ConnectorOptions.matches("fields.a.b.kind", "fields.#.kind")).isFalse();
        assertThat(ConnectorOptions.matches("fields.id.kinds", "fields.#.kind")).isFalse();
        assertThat(ConnectorOptions.matches("path", "path")).isTrue();
    }

    @Test
    void connectorIsAlwaysDeclaredAndListed() {
        assertThat(ConnectorOptions.isDeclared("connector", Set.of(), Set.of())).isTrue();
        assertThat(ConnectorOptions.listValid(Set.of("path"), Set.of("format"))).isEqualTo(
                "'connector', 'format', 'path'");
    }
}
