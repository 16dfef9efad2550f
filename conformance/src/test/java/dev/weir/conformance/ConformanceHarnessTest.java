package dev.weir.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.core.type.TypeRoot;
import dev.weir.executor.plan.SinkSpec;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness itself: file parsing, rendering, changelog, and that a wrong result is reported. */
class ConformanceHarnessTest {
    private static final ZoneId UTC = ZoneId.of("UTC");

    @TempDir
    Path dir;

    @Test
    void headerTypesWithCommasInsideParenthesesAndSeveralSections() {
        List<ResultSection> sections = ResultSection.parseFile("x", List.of(
                "# k STRING, total DECIMAL(38, 2), cnt BIGINT NOT NULL",
                "b,2.00,1",
                "a,1.50,2",
                "# ts TIMESTAMP(3) NOT NULL",
                "2024-01-01 00:00:00.000"));

        assertThat(sections).hasSize(2);
        assertThat(sections.get(0).columnNames()).containsExactly("k", "total", "cnt");
        assertThat(sections.get(0).columnTypes()).containsExactly("STRING", "DECIMAL(38, 2)", "BIGINT");
        assertThat(sections.get(0).rows()).containsExactly("a,1.50,2", "b,2.00,1");
        assertThat(sections.get(1).columnTypes()).containsExactly("TIMESTAMP(3)");
    }

    @Test
    void rowsBeforeAnyHeaderAreRejected() {
        assertThatThrownBy(() -> ResultSection.parseFile("c/expected.csv", List.of("a,1")))
                .hasMessageContaining("c/expected.csv:1").hasMessageContaining("header");
    }

    @Test
    void rendersLikeTheOracle() {
        RowType type = RowType.builder()
                .add("s", DataType.string())
                .add("m", DataType.decimal(10, 2))
                .add("t", DataType.timestamp(3))
                .add("n", DataType.of(TypeRoot.INT))
                .build();

        assertThat(CsvLine.render(Row.of("a,b", new BigDecimal("1.5"), 0L, null), type, UTC))
                .isEqualTo("\"a,b\",1.50,1970-01-01 00:00:00.000,\\N");
        assertThat(CsvLine.render(Row.of("say \"hi\"", null, 1000L, 7), type, UTC))
                .isEqualTo("\"say \"\"hi\"\"\",\\N,1970-01-01 00:00:01.000,7");
        assertThat(CsvLine.render(Row.of("\\N", null, null, null), type, UTC)).isEqualTo("\"\\N\",\\N,\\N,\\N");
        RowType flags = RowType.builder().add("b", DataType.of(TypeRoot.BOOLEAN)).add("c", DataType.of(TypeRoot.BOOLEAN))
                .build();
        assertThat(CsvLine.render(Row.of(true, false), flags, UTC)).isEqualTo("TRUE,FALSE");
    }

    @Test
    void aSinkDeclaredWithOtherTypesThanTheQueryIsACaseError() {
        RowType sinkType = RowType.builder().add("t", DataType.of(TypeRoot.TIMESTAMP_LTZ, 0))
                .add("s", DataType.of(TypeRoot.VARCHAR, DataType.MAX_LENGTH)).build();
        ConformanceCase c = new ConformanceCase("c", dir, "", ConformanceCase.EXPECTED, List.of(new ResultSection(
                List.of("t", "s"), List.of("TIMESTAMP_LTZ(3)", "VARCHAR(6)"), List.of())));
        SinkSpec sink = new SinkSpec("sink", "out", sinkType, java.util.Map.of("connector", "blackhole"));

        assertThatThrownBy(() -> CaseRunner.checkSinkTypes(c, 0, sink))
                .hasMessageContaining("sink column 't' of table 'out' is declared TIMESTAMP_LTZ(0)")
                .hasMessageContaining("TIMESTAMP_LTZ(3)");
    }

    @Test
    void changelogIsAppliedIntoFinalRows() {
        RowType type = RowType.builder().add("k", DataType.string()).add("n", DataType.bigint()).build();
        ConformanceCase c = new ConformanceCase("c", dir, "", ConformanceCase.EXPECTED, List.of());
        ResultSection result = CaseRunner.materialize(c, type, type, List.of(
                Row.ofKind(RowKind.INSERT, "a", 1L),
                Row.ofKind(RowKind.INSERT, "b", 1L),
                Row.ofKind(RowKind.UPDATE_BEFORE, "a", 1L),
                Row.ofKind(RowKind.UPDATE_AFTER, "a", 2L),
                Row.ofKind(RowKind.INSERT, "b", 1L),
                Row.ofKind(RowKind.DELETE, "b", 1L)), UTC);

        assertThat(result.rows()).containsExactly("a,2", "b,1");
        assertThatThrownBy(() -> CaseRunner.materialize(c, type, type,
                List.of(Row.ofKind(RowKind.DELETE, "z", 1L)), UTC))
                .hasMessageContaining("retracts a row that is not present: -D z,1");
    }

    @Test
    void comparisonReportsTypesAndRowDifferences() {
        ResultSection expected = new ResultSection(List.of("k", "n"), List.of("STRING", "INT"), List.of("a,1", "b,2"));
        ResultSection actual = new ResultSection(List.of("k", "n"), List.of("STRING", "BIGINT"), List.of("a,1", "b,3"));

        String report = ResultComparison.differences(List.of(expected), List.of(actual));

        assertThat(report).contains("column 2 'n': Flink type INT, Weir type BIGINT")
                .contains("- b,2").contains("+ b,3").doesNotContain("a,1");
        assertThat(ResultComparison.differences(List.of(expected), List.of(expected))).isEmpty();
        ResultSection wide = new ResultSection(List.of("k", "n", "x"), List.of("STRING", "INT", "INT"), List.of());
        assertThat(ResultComparison.differences(List.of(expected), List.of(wide))).contains("column count: expected 2");
    }

    @Test
    void aWrongExpectedFileIsReportedAsARowDiff() throws Exception {
        Path c = Files.createDirectories(dir.resolve("tiny"));
        Files.writeString(c.resolve("input.csv"), "a,1,2024-01-01 00:00:01\nb,2,2024-01-01 00:00:02\n");
        Files.writeString(c.resolve("query.sql"), """
                CREATE TABLE t (k STRING, n INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
                  WITH ('connector' = 'filesystem', 'path' = '${CASE_DIR}/input.csv', 'format' = 'csv');
                CREATE TABLE s (k STRING, n INT) WITH ('connector' = 'blackhole');
                INSERT INTO s SELECT UPPER(k) AS k, n * 10 AS n FROM t;
                """);
        Files.writeString(c.resolve("expected.csv"), "# k STRING, n INT\nA,10\nB,25\n");

        ConformanceCase loaded = ConformanceCase.load(c);
        List<ResultSection> actual = new CaseRunner(dir.resolve("work")).run(loaded, "hashmap", 1);

        assertThat(actual).hasSize(1);
        assertThat(actual.get(0).rows()).containsExactly("A,10", "B,20");
        assertThat(ResultComparison.differences(loaded.expected(), actual)).contains("- B,25").contains("+ B,20");
    }

    @Test
    void expectedWeirNeedsAReason() throws Exception {
        Path c = Files.createDirectories(dir.resolve("differs"));
        Files.writeString(c.resolve("query.sql"), "SELECT 1;\n");
        Files.writeString(c.resolve("expected.csv"), "# a INT\n1\n");
        Files.writeString(c.resolve("expected-weir.csv"), "# a INT\n2\n");

        assertThatThrownBy(() -> ConformanceCase.load(c)).hasMessageContaining("-- weir-differs:");

        Files.writeString(c.resolve("query.sql"), "-- weir-differs: because.\nSELECT 1;\n");
        assertThat(ConformanceCase.load(c).expectedFile()).isEqualTo(ConformanceCase.EXPECTED_WEIR);
        assertThat(ConformanceCase.load(c).expected().get(0).rows()).containsExactly("2");
    }

    @Test
    void onlyCaseDirIsSubstituted() {
        assertThat(ConformanceCase.substitute("c", "'${CASE_DIR}/in.csv'", Path.of("/x/y")))
                .isEqualTo("'/x/y/in.csv'");
        assertThatThrownBy(() -> ConformanceCase.substitute("c", "${ROWS}", Path.of("/x")))
                .hasMessageContaining("${ROWS}");
    }
}
