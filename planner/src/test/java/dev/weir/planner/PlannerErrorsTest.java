package dev.weir.planner;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.core.config.Configuration;
import dev.weir.parser.Script;
import dev.weir.parser.ScriptParser;
import dev.weir.parser.SqlException;
import dev.weir.parser.Statement;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Bad input: each case checks the exact message and where it points. */
class PlannerErrorsTest {
    private static final String SOURCE = "CREATE TABLE src (\n"
            + "  id BIGINT,\n"
            + "  name STRING,\n"
            + "  ts TIMESTAMP(3),\n"
            + "  plain_ts TIMESTAMP(3),\n"
            + "  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND\n"
            + ") WITH ('connector' = 'datagen', 'number-of-rows' = '10');\n"
            + "CREATE TABLE snk (id BIGINT, name STRING) WITH ('connector' = 'blackhole');\n";

    /** Runs the script; the last statement must fail. */
    /** Parses and runs the script; only its last statement may fail (parse errors count too). */
    private static AbstractThrowableAssert<?, ? extends Throwable> failing(String sql) {
        Script script = new Script("t.sql", sql);
        SqlSession session = new SqlSession(Configuration.empty());
        return assertThatThrownBy(() -> {
            var statements = ScriptParser.parse(script);
            for (int i = 0; i < statements.size() - 1; i++) {
                session.execute(statements.get(i), script);
            }
            Statement last = statements.get(statements.size() - 1);
            session.execute(last, script);
        }).isInstanceOf(SqlException.class);
    }

    @Test
    void missingConnector() {
        failing("CREATE TABLE t (a INT) WITH ('number-of-rows' = '1');")
                // The list grows as connectors are added (e.g. kafka): match its stable part.
                .hasMessageStartingWith("t.sql:1:1: Table 't' has no 'connector' option. Add 'connector' = '...' to the "
                        + "WITH clause; available connectors: blackhole, datagen, filesystem, ")
                .hasMessageContaining(", print")
                .hasMessageNotContaining("weir-collect");
    }

    @Test
    void unknownConnector() {
        failing("CREATE TABLE t (a INT)\nWITH ('connector' = 'kafkaa');")
                .hasMessageStartingWith("t.sql:2:7: Unknown connector 'kafkaa' for table 't'. Available connectors: "
                        + "blackhole, datagen, filesystem, ")
                .hasMessageContaining(", print")
                .hasMessageEndingWith(".\nWITH ('connector' = 'kafkaa');\n      ^");
    }

    @Test
    void unknownOptionListsTheValidOnes() {
        failing("CREATE TABLE t (a INT) WITH (\n  'connector' = 'datagen',\n  'rows' = '5');")
                .hasMessageStartingWith("t.sql:3:3: Unsupported option 'rows' for connector 'datagen' (table 't'). "
                        + "Supported options: 'connector', ")
                .hasMessageContaining("'fields.*.kind'")
                .hasMessageContaining("'number-of-rows'");
    }

    @Test
    void fieldOptionsMatchAnyFieldName() {
        SqlSession session = new SqlSession(Configuration.empty());
        Script script = new Script("t.sql", "CREATE TABLE t (a INT) WITH ('connector' = 'datagen', "
                + "'fields.a.kind' = 'sequence', 'fields.a.start' = '1', 'fields.a.end' = '5');");
        for (Statement s : ScriptParser.parse(script)) {
            org.assertj.core.api.Assertions.assertThat(session.execute(s, script))
                    .isEqualTo(new StatementResult.Ok("[INFO] Execute statement succeeded."));
        }
    }

    @Test
    void missingRequiredOption() {
        failing("CREATE TABLE t (a INT) WITH ('connector' = 'filesystem', 'format' = 'csv');")
                .hasMessageStartingWith("t.sql:1:1: Table 't': connector 'filesystem' requires option 'path'. "
                        + "Add 'path' = '...' to the WITH clause.");
    }

    @Test
    void watermarkOnUnknownColumn() {
        failing("CREATE TABLE t (\n  a BIGINT,\n  WATERMARK FOR b AS b\n) WITH ('connector' = 'datagen');")
                // The parser catches this one; the catalog checks it again for statements built in code.
                .hasMessageStartingWith("t.sql:3:17: ");
    }

    @Test
    void watermarkOnWrongType() {
        failing("CREATE TABLE t (\n  a BIGINT,\n  WATERMARK FOR a AS a\n) WITH ('connector' = 'datagen');")
                .hasMessageStartingWith("t.sql:3:17: WATERMARK column 'a' must be of type TIMESTAMP(3) or "
                        + "TIMESTAMP_LTZ(3) but is BIGINT\n");
    }

    @Test
    void badComputedColumnIsPositionedInTheExpression() {
        failing("CREATE TABLE t (\n  a BIGINT,\n  b AS a + nope\n) WITH ('connector' = 'datagen');")
                .hasMessage("t.sql:3:12: Column 'nope' not found in any table\n  b AS a + nope\n           ^");
    }

    @Test
    void unknownTypeName() {
        failing("CREATE TABLE t (a INTEGR) WITH ('connector' = 'datagen');")
                .hasMessageStartingWith("t.sql:1:19: Unknown type 'INTEGR' for column 'a'.");
    }

    @Test
    void windowOverColumnWithoutWatermark() {
        failing(SOURCE + "INSERT INTO snk SELECT id, name FROM TABLE(\n"
                + "  TUMBLE(TABLE src, DESCRIPTOR(plain_ts), INTERVAL '1' MINUTE))\n"
                + "GROUP BY id, name, window_start, window_end;")
                .hasMessageStartingWith("t.sql:10:32: The window function TUMBLE requires a time attribute column: "
                        + "column 'plain_ts' of table 'src' has no WATERMARK (the table's time attribute is 'ts')\n");
    }

    @Test
    void windowThroughViewOnColumnWithoutWatermark() {
        failing(SOURCE + "CREATE VIEW pv AS SELECT id, name, plain_ts FROM src;\n"
                + "INSERT INTO snk SELECT id, name FROM TABLE(\n"
                + "  TUMBLE(TABLE pv, DESCRIPTOR(plain_ts), INTERVAL '1' MINUTE))\n"
                + "GROUP BY id, name, window_start, window_end;")
                .hasMessageStartingWith("t.sql:10:17: The window function TUMBLE requires a time attribute column: "
                        + "column 'plain_ts' is not a column with a WATERMARK (or is computed from one).\n");
    }

    @Test
    void unknownTable() {
        failing(SOURCE + "INSERT INTO snk SELECT id, name FROM nowhere;")
                .hasMessageStartingWith("t.sql:9:38: Object 'nowhere' not found\n");
    }

    @Test
    void unknownColumn() {
        failing(SOURCE + "INSERT INTO snk\nSELECT id, nme FROM src;")
                .hasMessageStartingWith("t.sql:10:12: Column 'nme' not found in any table\n");
    }

    @Test
    void unknownSinkTable() {
        failing(SOURCE + "INSERT INTO nosink SELECT id, name FROM src;")
                .hasMessageStartingWith("t.sql:9:13: Table with identifier 'nosink' does not exist.");
    }

    @Test
    void typeMismatchIntoSink() {
        failing(SOURCE + "INSERT INTO snk SELECT name, name FROM src;")
                .hasMessageStartingWith("t.sql:9:24: Incompatible types for sink column 'id' (position 1) of table "
                        + "'snk': the query produces STRING but the column is BIGINT. Add an explicit CAST(... AS "
                        + "BIGINT).\n");
    }

    @Test
    void columnCountMismatchIntoSink() {
        failing(SOURCE + "INSERT INTO snk SELECT id FROM src;")
                .hasMessageStartingWith("t.sql:9:17: Column count mismatch: table 'snk' expects 2 columns [id, name] "
                        + "but the query produces 1 columns [id].");
    }

    @Test
    void updatingQueryIntoAnAppendOnlySinkIsRefusedAtTheInsert() {
        failing(SOURCE + "CREATE TABLE csv_out (name STRING, cnt BIGINT) WITH ('connector' = 'filesystem', "
                + "'path' = '/tmp/out', 'format' = 'csv');\n"
                + "INSERT INTO csv_out SELECT name, COUNT(*) FROM src\nGROUP BY name;")
                .hasMessageStartingWith("t.sql:10:1: Table sink 'csv_out' doesn't support consuming update changes "
                        + "which is produced by node GroupAggregate(groupBy=[name], select=[name, COUNT(*) AS EXPR$1]")
                .hasMessageContaining("write into a sink that accepts updates (print, blackhole)");
    }

    @Test
    void updatingQueryIntoBlackholeAndPrintIsPlanned() {
        SqlSession session = new SqlSession(Configuration.empty());
        Script script = new Script("t.sql", SOURCE + "INSERT INTO snk SELECT COUNT(*), name FROM src GROUP BY name;\n"
                + "SELECT name, COUNT(*) FROM src GROUP BY name;");
        var statements = ScriptParser.parse(script);
        for (Statement s : statements) {
            org.assertj.core.api.Assertions.assertThat(session.execute(s, script)).isNotNull();
        }
        StatementResult last = session.execute(statements.get(statements.size() - 1), script);
        org.assertj.core.api.Assertions.assertThat(((StatementResult.RunJob) last).plan().operators())
                .anyMatch(op -> op instanceof dev.weir.executor.plan.GroupAggregateSpec);
    }

    @Test
    void windowOverAnUpdatingInputIsRefused() {
        failing(SOURCE + "CREATE VIEW latest AS SELECT name, MAX(ts) AS ts FROM src GROUP BY name;\n"
                + "INSERT INTO snk SELECT COUNT(*), name FROM TABLE(\n"
                + "  TUMBLE(TABLE latest, DESCRIPTOR(ts), INTERVAL '1' MINUTE))\n"
                + "GROUP BY name, window_start, window_end;")
                .hasMessageStartingWith("t.sql:10:17: Not supported yet: a TUMBLE window aggregation over an updating "
                        + "input (produced by GroupAggregate(groupBy=[name], select=[name, MAX($1) AS ts]");
    }

    @Test
    void cumulateSizeMustBeAMultipleOfTheStep() {
        failing(SOURCE + "INSERT INTO snk SELECT COUNT(*), name FROM TABLE(\n"
                + "  CUMULATE(TABLE src, DESCRIPTOR(ts), INTERVAL '7' SECOND, INTERVAL '1' MINUTE))\n"
                + "GROUP BY name, window_start, window_end;")
                .hasMessageContaining("CUMULATE window size (60000 ms) must be an integral multiple of its step "
                        + "(7000 ms)");
    }

    @Test
    void hopNeedsIntervals() {
        failing(SOURCE + "INSERT INTO snk SELECT COUNT(*), name FROM TABLE(\n"
                + "  HOP(TABLE src, DESCRIPTOR(ts), 5, INTERVAL '1' MINUTE))\n"
                + "GROUP BY name, window_start, window_end;")
                .hasMessageContaining("HOP(TABLE table_name, DESCRIPTOR(timecol), slide INTERVAL, size INTERVAL "
                        + "[, offset INTERVAL])");
    }

    @Test
    void hopOverAColumnWithoutWatermarkNamesTheFunction() {
        failing(SOURCE + "INSERT INTO snk SELECT COUNT(*), name FROM TABLE(\n"
                + "  HOP(TABLE src, DESCRIPTOR(plain_ts), INTERVAL '1' SECOND, INTERVAL '1' MINUTE))\n"
                + "GROUP BY name, window_start, window_end;")
                .hasMessageStartingWith("t.sql:10:29: The window function HOP requires a time attribute column: "
                        + "column 'plain_ts' of table 'src' has no WATERMARK");
    }

    @Test
    void invalidStateTtlNamesTheOption() {
        failing(SOURCE + "SET 'table.exec.state.ttl' = 'forever';\n"
                + "INSERT INTO snk SELECT COUNT(*), name FROM src GROUP BY name;")
                .hasMessageContaining("Invalid value 'forever' for option 'table.exec.state.ttl'");
    }

    @Test
    void sessionPartitionKeyMustBeGrouped() {
        failing(SOURCE + "INSERT INTO snk SELECT COUNT(*), name FROM TABLE(\n"
                + "  SESSION(TABLE src PARTITION BY id, DESCRIPTOR(ts), INTERVAL '1' SECOND))\n"
                + "GROUP BY name, window_start, window_end;")
                .hasMessageStartingWith("t.sql:10:34: The SESSION window is partitioned by 'id', but the query does "
                        + "not GROUP BY it. Add 'id' to the GROUP BY.");
    }

    @Test
    void sessionNeedsATimeAttribute() {
        failing(SOURCE + "INSERT INTO snk SELECT id, MAX(name) FROM TABLE(\n"
                + "  SESSION(TABLE src PARTITION BY id, DESCRIPTOR(plain_ts), INTERVAL '1' SECOND))\n"
                + "GROUP BY id, window_start, window_end;")
                .hasMessageStartingWith("t.sql:10:49: The window function SESSION requires a time attribute column: "
                        + "column 'plain_ts' of table 'src' has no WATERMARK");
    }

    @Test
    void sessionWithoutAggregationNeedsATimeAttributeToo() {
        failing(SOURCE + "INSERT INTO snk SELECT id, name FROM TABLE(\n"
                + "  SESSION(TABLE src PARTITION BY id, DESCRIPTOR(plain_ts), INTERVAL '1' SECOND));")
                .hasMessageStartingWith("t.sql:10:49: The window function SESSION requires a time attribute column: "
                        + "column 'plain_ts' of table 'src' has no WATERMARK");
    }


    @Test
    void overFunctionsOtherThanTheAggregatesAreRefused() {
        failing(SOURCE + "INSERT INTO snk SELECT id, CAST(RANK() OVER (PARTITION BY id ORDER BY ts) AS STRING) FROM src;")
                .hasMessageStartingWith("t.sql:9:33: Not supported yet: OVER windows other than ROW_NUMBER() for "
                        + "deduplication and Top-N and COUNT, SUM, MIN, MAX, AVG");
    }

    @Test
    void overOrderedByANonTimeColumnDescendingOrWithABoundedFrameIsRefused() {
        failing(SOURCE + "INSERT INTO snk SELECT id, MAX(name) OVER (PARTITION BY id ORDER BY plain_ts DESC) FROM src;")
                .hasMessageContaining("Not supported yet: an OVER window ordered DESC");
        failing(SOURCE + "INSERT INTO snk SELECT id, MAX(name) OVER (PARTITION BY id ORDER BY plain_ts "
                + "ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) FROM src;")
                .hasMessageContaining("Not supported yet: a bounded OVER frame");
    }

    @Test
    void overWithFollowingRowsIsRefused() {
        failing(SOURCE + "INSERT INTO snk SELECT id, MAX(name) OVER (PARTITION BY id ORDER BY ts "
                + "ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM src;")
                .hasMessageContaining("Not supported yet: an OVER frame with FOLLOWING rows");
    }

    @Test
    void overAggregatesOverDifferentWindowsAreRefused() {
        failing(SOURCE + "INSERT INTO snk SELECT COUNT(*) OVER (PARTITION BY id ORDER BY ts), "
                + "MAX(name) OVER (PARTITION BY name ORDER BY ts) FROM src;")
                .hasMessageContaining("OVER aggregates over different windows in one query");
    }

    @Test
    void rowNumberWithoutAFilterIsRefused() {
        failing(SOURCE + "INSERT INTO snk SELECT id, name FROM (\n"
                + "  SELECT *, ROW_NUMBER() OVER (PARTITION BY id ORDER BY ts) AS rn FROM src) WHERE rn > 1;")
                .hasMessageContaining("Not supported yet: ROW_NUMBER() without a filter rn = N or rn <= N in the "
                        + "outer query");
    }

    @Test
    void deduplicationIntoAnAppendOnlySinkIsRefused() {
        failing(SOURCE + "CREATE TABLE files (id BIGINT, name STRING) WITH ('connector' = 'filesystem',\n"
                + "  'path' = '/tmp/weir-never-written', 'format' = 'csv');\n"
                + "INSERT INTO files SELECT id, name FROM (\n"
                + "  SELECT *, ROW_NUMBER() OVER (PARTITION BY id ORDER BY ts DESC) AS rn FROM src) WHERE rn = 1;")
                .hasMessageContaining("Deduplicate(keep=[LastRow], key=[id], order=[ROWTIME ts]");
    }

    @Test
    void comparisonWithAllIsRefused() {
        failing(SOURCE + "INSERT INTO snk SELECT id, name FROM src\n"
                + "WHERE id > ALL (SELECT id FROM src WHERE name = 'none');")
                .hasMessageStartingWith("t.sql:10:7: Not supported yet: a comparison with ALL (> ALL); write NOT IN");
    }

    @Test
    void legacyGroupWindowOverASubqueryIsRefused() {
        failing(SOURCE + "INSERT INTO snk SELECT id, MAX(name) FROM (SELECT * FROM src)\n"
                + "GROUP BY id, TUMBLE(ts, INTERVAL '1' SECOND);")
                .hasMessageStartingWith("t.sql:10:14: Not supported yet: the legacy group window TUMBLE(...) in "
                        + "GROUP BY");
    }


    @Test
    void duplicateTable() {
        failing(SOURCE + "CREATE TABLE snk (x INT) WITH ('connector' = 'blackhole');")
                .hasMessageStartingWith("t.sql:9:1: Table `snk` already exists.");
    }

    @Test
    void dropMissingTable() {
        failing("DROP TABLE nope;")
                .hasMessageStartingWith("t.sql:1:1: Table with identifier 'nope' does not exist.");
    }

    @Test
    void calciteParseErrorIsPositioned() {
        failing(SOURCE + "INSERT INTO snk SELECT id,, name FROM src;")
                .hasMessageStartingWith("t.sql:9:27: SQL parse failed. Encountered \",\".");
    }
}
