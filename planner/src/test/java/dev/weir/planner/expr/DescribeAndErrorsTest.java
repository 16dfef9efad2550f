package dev.weir.planner.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.core.WeirException;
import java.time.ZoneOffset;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.validate.SqlNameMatchers;
import org.junit.jupiter.api.Test;

class DescribeAndErrorsTest {
    private final ExprHarness h = ExprHarness.utc();

    @Test
    void describesWithInputNamesAndFlinkTypeNames() {
        assertThat(h.describe("CAST(MOD(id / 7, 1000) AS BIGINT)")).isEqualTo("CAST(MOD(/(id, 7), 1000) AS BIGINT)");
        assertThat(h.describe("ts - INTERVAL '4' SECOND")).isEqualTo("-(ts, 4000:INTERVAL SECOND)");
        assertThat(h.describe("CAST(id AS STRING)")).isEqualTo("CAST(id AS STRING)");
        assertThat(h.describe("CAST(d AS DECIMAL(10, 2))")).isEqualTo("CAST(d AS DECIMAL(10, 2))");
    }

    @Test
    void unsupportedFunctionFailsAtCompileTime() {
        assertThatThrownBy(() -> ExpressionCompiler.compile(h.rex("LN(d)"), ZoneOffset.UTC))
                .isInstanceOf(WeirException.class)
                .hasMessageStartingWith("Not supported yet: function LN");
    }

    @Test
    void operatorTableHoldsFlinkFunctions() {
        for (String name : new String[] {"CONCAT", "CONCAT_WS", "IF", "SUBSTR", "TO_TIMESTAMP_LTZ", "TO_TIMESTAMP",
            "DATE_FORMAT", "FROM_UNIXTIME", "UNIX_TIMESTAMP", "NOW"}) {
            java.util.List<SqlOperator> found = new java.util.ArrayList<>();
            FlinkFunctions.operatorTable().lookupOperatorOverloads(
                    new org.apache.calcite.sql.SqlIdentifier(name, org.apache.calcite.sql.parser.SqlParserPos.ZERO),
                    null, SqlSyntax.FUNCTION, found, SqlNameMatchers.withCaseSensitive(false));
            assertThat(found).as(name).isNotEmpty();
        }
        assertThat(SqlStdOperatorTable.instance()).isNotNull();
    }

    @Test
    void compiledExpressionIsReusableAcrossRows() {
        var expr = h.compile("id * 2 + i");
        assertThat(expr.evaluate(ExprHarness.row("id", 10L))).isEqualTo(23L);
        assertThat(expr.evaluate(ExprHarness.row("id", 20L, "i", 0))).isEqualTo(40L);
    }
}
