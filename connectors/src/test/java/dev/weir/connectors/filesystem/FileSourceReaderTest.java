package dev.weir.connectors.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.connectors.AllTypes;
import dev.weir.core.Row;
import dev.weir.core.WeirException;
import dev.weir.core.config.Configuration;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.core.type.TypeRoot;
import dev.weir.executor.connector.InputStatus;
import dev.weir.executor.connector.SourceReader;
import dev.weir.executor.connector.TableContext;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSourceReaderTest {
    static final RowType ALL_TYPES = AllTypes.SCHEMA;
    static final Object[] EXPECTED = AllTypes.values();

    @TempDir
    Path dir;

    static TableContext context(String table, RowType schema, Map<String, String> options, byte[] restored) {
        Map<String, String> all = new HashMap<>(options);
        all.put("connector", "filesystem");
        return new TableContext(table, schema, all, Configuration.empty(), 0, 1, restored);
    }

    static List<Row> readAll(SourceReader reader) throws Exception {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            if (reader.pollNext(rows::add) == InputStatus.END_OF_INPUT) {
                return rows;
            }
        }
        throw new AssertionError("source did not end");
    }

    private SourceReader reader(String table, RowType schema, Map<String, String> options, byte[] restored)
            throws Exception {
        return new FileSystemConnectorFactory().createReader(context(table, schema, options, restored));
    }

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void readsEveryTypeFromCsvWithQuotesAndNulls() throws Exception {
        Path file = write("all.csv", "true,1,2,3,4,1.5,2.25,12.3,\"a,\"\"b\"\"\",2023-11-14,22:13:20,"
                + "2023-11-14 22:13:20.000,2023-11-14T22:13:20.123456Z,AQID\r\n"
                + ",,,,,,,,,,,,,\n"
                + "false,1,2,3,4,1.5,2.25,12.3,\"\",2023-11-14,22:13:20,2023-11-14T22:13:20,2023-11-14 22:13:20Z,\n");
        List<Row> rows = readAll(reader("t", ALL_TYPES, Map.of("path", file.toString(), "format", "csv"), null));
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).isEqualTo(Row.of(EXPECTED));
        // Empty fields are NULL, except in a string column: there an empty field is the empty string, as in Flink.
        Object[] empty = new Object[ALL_TYPES.arity()];
        empty[8] = "";
        assertThat(rows.get(1)).isEqualTo(Row.of(empty));
        assertThat(rows.get(2).field(8)).isEqualTo("");
        assertThat(rows.get(2).field(11)).isEqualTo(1_700_000_000_000L);
    }

    @Test
    void quotedFieldsMayContainLineBreaksAndCustomDelimiters() throws Exception {
        RowType schema = RowType.builder().add("s", DataType.string()).add("n", DataType.bigint()).build();
        Path file = write("q.csv", "# comment\n'x|y\nz'|1\nnull|2\n");
        List<Row> rows = readAll(reader("t", schema, Map.of("path", file.toString(), "format", "csv",
                "csv.field-delimiter", "|", "csv.quote-character", "'", "csv.allow-comments", "true",
                "csv.null-literal", "null"), null));
        assertThat(rows).containsExactly(Row.of("x|y\nz", 1L), Row.of(null, 2L));
    }

    @Test
    void badRecordFailsWithFileLineColumnAndValue() throws Exception {
        RowType schema = RowType.builder().add("id", DataType.bigint()).add("amount", DataType.bigint()).build();
        Path file = write("orders.csv", "1,10\n2,20\n3,abc\n");
        SourceReader reader = reader("orders", schema, Map.of("path", file.toString(), "format", "csv"), null);
        assertThatThrownBy(() -> readAll(reader)).isInstanceOf(WeirException.class)
                .hasMessageContaining("orders.csv:3: cannot parse 'abc' as BIGINT for column 'amount'")
                .hasMessageContaining("csv.ignore-parse-errors");
    }

    @Test
    void ignoreParseErrorsSkipsAndCountsBadRecords() throws Exception {
        RowType schema = RowType.builder().add("id", DataType.bigint()).add("amount", DataType.bigint()).build();
        Path file = write("orders.csv", "1,10\nx,20\n3,30\n4\n5,50,5\n6,60\n");
        FileSourceReader reader = (FileSourceReader) reader("skipping", schema, Map.of("path", file.toString(),
                "format", "csv", "csv.ignore-parse-errors", "true"), null);
        List<Row> rows = readAll(reader);
        assertThat(rows).containsExactly(Row.of(1L, 10L), Row.of(3L, 30L), Row.of(6L, 60L));
        assertThat(reader.skippedRecords()).isEqualTo(3);
        assertThat(ParseErrorCounters.skipped("skipping")).isEqualTo(3);
    }

    @Test
    void readsJsonWithMissingFieldsAndBadRecords() throws Exception {
        RowType schema = RowType.builder().add("id", DataType.bigint()).add("name", DataType.string())
                .add("ts", DataType.timestamp(3)).add("price", DataType.decimal(5, 1)).build();
        Path file = write("data.json", "{\"id\":1,\"name\":\"a\",\"ts\":\"2023-11-14 22:13:20.000\",\"price\":1.25}\n"
                + "{\"id\":\"2\"}\n"
                + "{\"id\":\"oops\"}\n");
        SourceReader failing = reader("j", schema, Map.of("path", file.toString(), "format", "json"), null);
        assertThatThrownBy(() -> readAll(failing)).isInstanceOf(WeirException.class)
                .hasMessageContaining("data.json:3: cannot parse 'oops' as BIGINT for column 'id'");
        FileSourceReader skipping = (FileSourceReader) reader("j", schema, Map.of("path", file.toString(), "format",
                "json", "json.ignore-parse-errors", "true"), null);
        assertThat(readAll(skipping)).containsExactly(
                Row.of(1L, "a", 1_700_000_000_000L, new BigDecimal("1.3")), Row.of(2L, null, null, null));
        assertThat(skipping.skippedRecords()).isEqualTo(1);
        SourceReader strict = reader("j", schema, Map.of("path", file.toString(), "format", "json",
                "json.fail-on-missing-field", "true"), null);
        assertThatThrownBy(() -> readAll(strict)).hasMessageContaining("data.json:2: missing field 'name'");
    }

    @Test
    void restoreFromMidFilePositionContinuesExactly() throws Exception {
        RowType schema = RowType.builder().add("n", DataType.bigint()).add("s", DataType.string()).build();
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            (i < 1500 ? a : b).append(i).append(",\"line\nbreak ").append(i).append("\"\n");
        }
        write("a.csv", a.toString());
        write("b.csv", b.toString());
        write(".hidden.csv", "bad\n");
        write("_SUCCESS", "bad\n");
        Map<String, String> options = Map.of("path", dir.toString(), "format", "csv");
        List<Row> expected = readAll(reader("t", schema, options, null));
        assertThat(expected).hasSize(3000);
        SourceReader first = reader("t", schema, options, null);
        List<Row> got = new ArrayList<>();
        first.pollNext(got::add);
        first.pollNext(got::add); // 2048 rows: into the second file
        byte[] position = first.snapshotPosition(7);
        first.close();
        got.addAll(readAll(reader("t", schema, options, position)));
        assertThat(got).isEqualTo(expected);
        // a bad row after a restore is still reported with its true line number
        Path bad = write("c.csv", "1,x\n2,\"y\nz\"\n3\n");
        SourceReader r = reader("t", schema, Map.of("path", bad.toString(), "format", "csv"), null);
        List<Row> rows = new ArrayList<>();
        assertThatThrownBy(() -> {
            while (r.pollNext(rows::add) != InputStatus.END_OF_INPUT) {
                // drain
            }
        }).hasMessageContaining("c.csv:4: expected 2 fields but found 1");
    }

    @Test
    void optionErrorsNameTheKey() {
        RowType schema = RowType.builder().add("n", DataType.bigint()).build();
        FileSystemConnectorFactory f = new FileSystemConnectorFactory();
        assertThatThrownBy(() -> f.validate(context("t", schema, Map.of("path", "/x", "format", "xml"), null), true))
                .isInstanceOf(WeirException.class).hasMessageContaining("'xml'").hasMessageContaining("'format'");
        assertThatThrownBy(() -> f.validate(context("t", schema, Map.of("path", "/x", "format", "csv",
                "json.ignore-parse-errors", "true"), null), true))
                .hasMessageContaining("json.ignore-parse-errors");
        assertThatThrownBy(() -> f.validate(context("t", schema, Map.of("path", "/x", "format", "csv",
                "csv.field-delimiter", ";;"), null), true))
                .hasMessageContaining("csv.field-delimiter");
        assertThatThrownBy(() -> f.validate(context("t", schema, Map.of("format", "csv"), null), true))
                .hasMessageContaining("requires option 'path'");
        assertThatThrownBy(() -> f.createReader(context("t", schema, Map.of("path", dir.resolve("missing").toString(),
                "format", "csv"), null))).hasMessageContaining("does not exist");
    }
}
