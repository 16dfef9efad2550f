package dev.weir.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.connectors.blackhole.BlackHoleSinkWriter;
import dev.weir.core.Row;
import dev.weir.core.WeirException;
import dev.weir.core.config.Configuration;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.executor.connector.ConnectorFactory;
import dev.weir.executor.connector.Connectors;
import dev.weir.executor.connector.TableContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectorFactoriesTest {
    private static final RowType SCHEMA = RowType.builder().add("n", DataType.bigint()).build();

    private static TableContext context(String connector, Map<String, String> options) {
        Map<String, String> all = new java.util.HashMap<>(options);
        all.put("connector", connector);
        return new TableContext("t", SCHEMA, all, Configuration.empty(), 0, 1, null);
    }

    @Test
    void allFourFactoriesAreDiscoverableWithTheirCapabilities() {
        Map<String, ConnectorFactory> all = Connectors.discover();
        assertThat(all).containsKeys("datagen", "filesystem", "print", "blackhole");
        assertThat(all.get("datagen").isSource()).isTrue();
        assertThat(all.get("datagen").isSink()).isFalse();
        assertThat(all.get("filesystem").isSource()).isTrue();
        assertThat(all.get("filesystem").isSink()).isTrue();
        assertThat(all.get("filesystem").requiredOptions()).containsExactlyInAnyOrder("path", "format");
        assertThat(all.get("print").isSink()).isTrue();
        assertThat(all.get("print").optionalOptions()).contains("print-identifier", "standard-error");
        assertThat(all.get("blackhole").optionalOptions()).isEmpty();
        assertThat(all.get("datagen").optionalOptions()).contains("number-of-rows", "rows-per-second", "fields.*.kind");
    }

    @Test
    void unknownOptionsAreRejectedWithTheValidOnes() {
        assertThatThrownBy(() -> Connectors.find("blackhole").validate(context("blackhole", Map.of("x", "1")), false))
                .isInstanceOf(WeirException.class).hasMessageContaining("'x'").hasMessageContaining("none");
        assertThatThrownBy(() -> Connectors.find("print").validate(context("print", Map.of("standard-error", "yes")),
                false)).isInstanceOf(WeirException.class).hasMessageContaining("standard-error")
                .hasMessageContaining("true or false");
        assertThatThrownBy(() -> Connectors.find("print").validate(context("print", Map.of("print-identifer", "a")),
                false)).hasMessageContaining("print-identifier");
    }

    @Test
    void blackholeCountsRows() throws Exception {
        BlackHoleSinkWriter w = (BlackHoleSinkWriter) Connectors.find("blackhole").createWriter(context("blackhole",
                Map.of()));
        w.write(Row.of(1L));
        w.write(Row.of(2L));
        w.finish();
        assertThat(w.rowCount()).isEqualTo(2);
    }
}
