package dev.weir.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.core.WeirException;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.remote.TypedValue;
import org.junit.jupiter.api.Test;

class SqlParametersTest {

    @Test
    void markersSkipLiteralsIdentifiersAndComments() {
        String sql = "SELECT '?', `a?`, \"b?\" -- ?\n, /* ? */ x FROM t WHERE a = ? AND b = 'it''s ?' AND c = ?";
        assertThat(SqlParameters.markers(sql)).containsExactly(sql.indexOf("a = ?") + 4, sql.lastIndexOf('?'));
    }

    @Test
    void stringsAreQuotedSoTheyCannotEndTheirLiteral() {
        String bound = SqlParameters.bind("SELECT * FROM t WHERE name = ?",
                List.of(TypedValue.ofLocal(ColumnMetaData.Rep.STRING, "x' OR '1'='1")));
        assertThat(bound).isEqualTo("SELECT * FROM t WHERE name = 'x'' OR ''1''=''1'");
    }

    @Test
    void typedValuesBecomeTypedLiterals() {
        assertThat(SqlParameters.literal(null)).isEqualTo("NULL");
        assertThat(SqlParameters.literal(42)).isEqualTo("42");
        assertThat(SqlParameters.literal(-7L)).isEqualTo("-7");
        assertThat(SqlParameters.literal(new BigDecimal("12.50"))).isEqualTo("12.50");
        assertThat(SqlParameters.literal(true)).isEqualTo("TRUE");
        assertThat(SqlParameters.literal(1.5d)).isEqualTo("CAST('1.5' AS DOUBLE)");
        assertThat(SqlParameters.literal(new byte[] {1, (byte) 0xff})).isEqualTo("X'01ff'");
        assertThat(SqlParameters.literal(Timestamp.valueOf(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 6_000_000))))
                .isEqualTo("TIMESTAMP '2024-01-02 03:04:05.006'");
    }

    @Test
    void countsMustMatch() {
        assertThatThrownBy(() -> SqlParameters.bind("SELECT ?, ?", List.of(TypedValue.ofLocal(
                ColumnMetaData.Rep.INTEGER, 1)))).isInstanceOf(WeirException.class)
                .hasMessageContaining("2 parameter marker(s)").hasMessageContaining("1 value(s)");
        assertThatThrownBy(() -> SqlParameters.bind("SELECT ?", Arrays.asList((TypedValue) null)))
                .isInstanceOf(WeirException.class).hasMessageContaining("Parameter 1 is not set");
    }
}
