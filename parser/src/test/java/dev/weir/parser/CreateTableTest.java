package dev.weir.parser;

import static dev.weir.parser.Parsing.single;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CreateTableTest {

    /** The table DDL of /work/shared/bench-sql/q5_tumble_count.sql, verbatim. */
    private static final String Q5_BID = """
            CREATE TEMPORARY TABLE bid (
              id        BIGINT,
              auction   AS CAST((id / 7) % 1000 AS BIGINT),
              bidder    AS CAST((id / 100) % 10007 AS BIGINT),
              price     AS CAST((id * 7919) % 100000 AS BIGINT),
              channel   AS CAST(CASE id % 4 WHEN 0 THEN 'Apple' WHEN 1 THEN 'Google' WHEN 2 THEN 'Facebook' ELSE 'Baidu' END AS STRING),
              url       AS CONCAT('https://www.nexmark.com/item.htm?query=', CAST(id % 997 AS STRING)),
              date_time AS CAST(TO_TIMESTAMP_LTZ(1700000000000 + id * 10, 3) AS TIMESTAMP(3)),
              extra     AS CONCAT('extra-', CAST(id % 101 AS STRING)),
              WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND
            ) WITH (
              'connector' = 'datagen',
              'number-of-rows' = '${ROWS}',
              'rows-per-second' = '1000000000000',
              'fields.id.kind' = 'sequence',
              'fields.id.start' = '1',
              'fields.id.end' = '${ROWS}'
            );
            """;

    @Test
    void parsesTheBenchmarkBidTable() {
        CreateTable table = single(Q5_BID, CreateTable.class);

        assertThat(table.name()).isEqualTo("bid");
        assertThat(table.temporary()).isTrue();
        assertThat(table.ifNotExists()).isFalse();
        assertThat(table.columns()).extracting(ColumnDef::name).containsExactly(
                "id", "auction", "bidder", "price", "channel", "url", "date_time", "extra");
        assertThat(table.columns().get(0)).isEqualTo(new PhysicalColumn("id",
                new TypeSpec("BIGINT", List.of(), new Position(2, 13)), false, new Position(2, 3)));

        ComputedColumn url = (ComputedColumn) table.columns().get(5);
        assertThat(url.expression().text())
                .isEqualTo("CONCAT('https://www.nexmark.com/item.htm?query=', CAST(id % 997 AS STRING))");
        assertThat(url.expression().start()).isEqualTo(new Position(7, 16));
        assertThat(url.position()).isEqualTo(new Position(7, 3));
        ComputedColumn channel = (ComputedColumn) table.columns().get(4);
        assertThat(channel.expression().text()).startsWith("CAST(CASE id % 4").endsWith("END AS STRING)");

        assertThat(table.watermark().column()).isEqualTo("date_time");
        assertThat(table.watermark().columnPosition()).isEqualTo(new Position(10, 17));
        assertThat(table.watermark().expression().text()).isEqualTo("date_time - INTERVAL '4' SECOND");
        assertThat(table.watermark().expression().start()).isEqualTo(new Position(10, 30));

        assertThat(table.primaryKey()).isEmpty();
        assertThat(table.comment()).isNull();
        assertThat(table.optionMap()).containsExactly(
                Map.entry("connector", "datagen"),
                Map.entry("number-of-rows", "${ROWS}"),
                Map.entry("rows-per-second", "1000000000000"),
                Map.entry("fields.id.kind", "sequence"),
                Map.entry("fields.id.start", "1"),
                Map.entry("fields.id.end", "${ROWS}"));
        assertThat(table.options().get(0).position()).isEqualTo(new Position(12, 3));
        assertThat(table.text()).startsWith("CREATE TEMPORARY TABLE bid (").endsWith("'${ROWS}'\n)");
    }

    @Test
    void keepsNestedCommasAndParenthesesInsideComputedColumns() {
        CreateTable table = single("""
                CREATE TABLE t (
                  a INT,
                  b AS CONCAT(a, ',', CAST(a AS DECIMAL(10, 2))), c AS (a + 1) * 2 COMMENT 'twice',
                  d AS a || ')' || ')(' -- a comment, with a comma
                , e AS f(a, (b, c)))
                """, CreateTable.class);
        assertThat(table.columns()).extracting(ColumnDef::name).containsExactly("a", "b", "c", "d", "e");
        assertThat(((ComputedColumn) table.columns().get(1)).expression().text())
                .isEqualTo("CONCAT(a, ',', CAST(a AS DECIMAL(10, 2)))");
        assertThat(((ComputedColumn) table.columns().get(2)).expression().text()).isEqualTo("(a + 1) * 2");
        assertThat(((ComputedColumn) table.columns().get(3)).expression().text()).isEqualTo("a || ')' || ')('");
        assertThat(((ComputedColumn) table.columns().get(4)).expression().text()).isEqualTo("f(a, (b, c))");
        assertThat(table.options()).isEmpty();
    }

    @Test
    void parsesWatermarkWithIntervalAndPrimaryKeys() {
        CreateTable table = single("""
                CREATE TABLE IF NOT EXISTS cat.db.orders (
                  id BIGINT NOT NULL,
                  ts TIMESTAMP(3),
                  CONSTRAINT pk PRIMARY KEY (id, ts) NOT ENFORCED,
                  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
                ) COMMENT 'the orders' WITH ('connector' = 'print', 'print-identifier' = 'it''s')
                """, CreateTable.class);
        assertThat(table.name()).isEqualTo("cat.db.orders");
        assertThat(table.ifNotExists()).isTrue();
        assertThat(table.temporary()).isFalse();
        assertThat(table.primaryKey()).containsExactly("id", "ts");
        assertThat(((PhysicalColumn) table.columns().get(0)).notNull()).isTrue();
        assertThat(((PhysicalColumn) table.columns().get(1)).notNull()).isFalse();
        assertThat(table.watermark().expression().text()).isEqualTo("ts - INTERVAL '5' SECOND");
        assertThat(table.comment()).isEqualTo("the orders");
        assertThat(table.optionMap()).containsEntry("print-identifier", "it's");
    }

    @Test
    void parsesInlinePrimaryKeyAndColumnComments() {
        CreateTable table = single("""
                create table t (
                  id BIGINT PRIMARY KEY NOT ENFORCED COMMENT 'the key',
                  name STRING NULL COMMENT 'a name',
                  `my col` INT NOT NULL
                ) with ('connector' = 'blackhole')
                """, CreateTable.class);
        assertThat(table.primaryKey()).containsExactly("id");
        assertThat(table.columns()).extracting(ColumnDef::name).containsExactly("id", "name", "my col");
        assertThat(((PhysicalColumn) table.columns().get(2)).notNull()).isTrue();
    }

    @Test
    void normalisesTypeNames() {
        CreateTable table = single("""
                CREATE TABLE t (
                  c1 STRING, c2 VARCHAR(10), c3 CHAR(2), c4 BOOLEAN, c5 TINYINT, c6 SMALLINT, c7 INT, c8 INTEGER,
                  c9 BIGINT, c10 FLOAT, c11 DOUBLE, c12 DOUBLE PRECISION, c13 DECIMAL(10, 2), c14 DECIMAL(5),
                  c15 DECIMAL, c16 DEC(3, 1), c17 NUMERIC(4), c18 DATE, c19 TIME(3), c20 TIMESTAMP,
                  c21 TIMESTAMP(3), c22 TIMESTAMP(6) WITHOUT TIME ZONE, c23 TIMESTAMP_LTZ(3),
                  c24 TIMESTAMP(3) WITH LOCAL TIME ZONE, c25 BYTES, c26 VARBINARY(8), c27 BINARY(4),
                  c28 string, c29 timestamp with local time zone, c30 TIME
                )
                """, CreateTable.class);
        List<String> types = table.columns().stream()
                .map(column -> {
                    TypeSpec type = ((PhysicalColumn) column).type();
                    return type.name() + type.params();
                })
                .toList();
        assertThat(types).containsExactly(
                "STRING[]", "VARCHAR[10]", "CHAR[2]", "BOOLEAN[]", "TINYINT[]", "SMALLINT[]", "INT[]", "INT[]",
                "BIGINT[]", "FLOAT[]", "DOUBLE[]", "DOUBLE[]", "DECIMAL[10, 2]", "DECIMAL[5]",
                "DECIMAL[]", "DECIMAL[3, 1]", "DECIMAL[4]", "DATE[]", "TIME[3]", "TIMESTAMP[]",
                "TIMESTAMP[3]", "TIMESTAMP[6]", "TIMESTAMP_LTZ[3]",
                "TIMESTAMP_LTZ[3]", "BYTES[]", "VARBINARY[8]", "BINARY[4]",
                "STRING[]", "TIMESTAMP_LTZ[]", "TIME[]");
        assertThat(((PhysicalColumn) table.columns().get(1)).type().position()).isEqualTo(new Position(2, 17));
    }

    @Test
    void acceptsKeywordsAsColumnNamesAndQuotedTableNames() {
        CreateTable table = single("CREATE TABLE `my.db`.`odd``name` (key STRING, `select` STRING, time TIME, "
                + "comment STRING COMMENT 'c', d AS comment || 'x')", CreateTable.class);
        assertThat(table.name()).isEqualTo("`my.db`.`odd``name`");
        assertThat(table.columns()).extracting(ColumnDef::name)
                .containsExactly("key", "select", "time", "comment", "d");
        assertThat(((ComputedColumn) table.columns().get(4)).expression().text()).isEqualTo("comment || 'x'");
    }

    @Test
    void allowsAMissingWithClause() {
        CreateTable table = single("CREATE TABLE t (a INT)", CreateTable.class);
        assertThat(table.options()).isEmpty();
        assertThat(table.optionMap()).isEmpty();
    }
}
