package dev.weir.connectors.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.connectors.format.debezium.DebeziumJsonDecoder;
import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.WeirException;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.executor.connector.SinkWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore rolls back what later checkpoints committed (so a fallback past a damaged checkpoint
 * writes nothing twice), and the {@code debezium-json} format writes a changelog into part files.
 */
class FileSinkRollbackAndChangelogTest {
    private static final RowType SCHEMA = FileSourceReaderTest.ALL_TYPES;

    @TempDir
    Path dir;

    private SinkWriter writer(Path path, String format, byte[] restored) throws Exception {
        return new FileSystemConnectorFactory().createWriter(FileSourceReaderTest.context("out", SCHEMA,
                Map.of("path", path.toString(), "format", format), restored));
    }

    private static Row row(long id) {
        Object[] v = FileSourceReaderTest.EXPECTED.clone();
        v[4] = id;
        return Row.of(v);
    }

    private static List<Row> read(Path path) throws Exception {
        return FileSourceReaderTest.readAll(new FileSystemConnectorFactory().createReader(
                FileSourceReaderTest.context("in", SCHEMA, Map.of("path", path.toString(), "format", "csv"), null)));
    }

    private static List<String> files(Path path) throws Exception {
        try (Stream<Path> s = Files.list(path)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void restoringAnOlderCheckpointRemovesWhatLaterCheckpointsCommitted() throws Exception {
        SinkWriter first = writer(dir, "csv", null);
        first.write(row(1));
        byte[] checkpoint1 = first.prepareCommit(1);
        first.commit(1);
        first.write(row(2));
        first.prepareCommit(2);
        first.commit(2); // checkpoint 2 committed, then found damaged: the restore falls back to 1
        first.write(row(3)); // in progress at the crash
        assertThat(read(dir)).containsExactly(row(1), row(2));

        SinkWriter resumed = writer(dir, "csv", checkpoint1);
        assertThat(read(dir)).as("rows after checkpoint 1 are rolled back").containsExactly(row(1));
        assertThat(files(dir)).as("no hidden leftovers").noneMatch(n -> n.startsWith("."));
        resumed.write(row(2)); // the replay
        resumed.write(row(3));
        byte[] checkpoint3 = resumed.prepareCommit(3);
        resumed.commit(3);
        resumed.close();
        assertThat(read(dir)).containsExactlyInAnyOrder(row(1), row(2), row(3));

        SinkWriter again = writer(dir, "csv", checkpoint3); // a later restore keeps everything up to 3
        again.write(row(4));
        again.finish();
        again.close();
        assertThat(read(dir)).containsExactlyInAnyOrder(row(1), row(2), row(3), row(4));
    }

    @Test
    void rollbackLeavesOtherJobsFilesAlone() throws Exception {
        SinkWriter other = writer(dir, "csv", null);
        other.write(row(7));
        other.prepareCommit(1);
        other.commit(1);
        other.close();

        SinkWriter mine = writer(dir, "csv", null);
        byte[] empty = mine.prepareCommit(1);
        mine.write(row(1));
        mine.prepareCommit(2);
        mine.commit(2);
        mine.close();
        SinkWriter resumed = writer(dir, "csv", empty);
        resumed.close();
        assertThat(read(dir)).containsExactly(row(7));
    }

    @Test
    void debeziumJsonWritesEveryChangeAndReadsBackAsTheChangelog() throws Exception {
        SinkWriter w = writer(dir, "debezium-json", null);
        List<Row> changes = List.of(row(1), row(1).withKind(RowKind.UPDATE_BEFORE), row(2).withKind(RowKind.UPDATE_AFTER),
                row(2).withKind(RowKind.DELETE));
        for (Row r : changes) {
            w.write(r);
        }
        w.finish();
        w.close();
        List<String> names = files(dir);
        assertThat(names).singleElement().asString().matches("part-[0-9a-f-]{36}-0-0\\.json");
        List<Row> back = new ArrayList<>();
        DebeziumJsonDecoder decoder = new DebeziumJsonDecoder(SCHEMA, false, ZoneOffset.UTC);
        for (String line : Files.readAllLines(dir.resolve(names.get(0)))) {
            decoder.decode(line.getBytes(StandardCharsets.UTF_8), back::add);
        }
        // Debezium has no -U/+U of its own: an update travels as a delete and a create, as in Flink
        assertThat(back).containsExactly(row(1), row(1).withKind(RowKind.DELETE), row(2),
                row(2).withKind(RowKind.DELETE));
    }

    @Test
    void debeziumJsonTablesAcceptAndProduceUpdates() {
        FileSystemConnectorFactory factory = new FileSystemConnectorFactory();
        var changelog = FileSourceReaderTest.context("t", SCHEMA,
                Map.of("path", dir.toString(), "format", "debezium-json"), null);
        var csv = FileSourceReaderTest.context("t", SCHEMA, Map.of("path", dir.toString(), "format", "csv"), null);
        assertThat(factory.acceptsUpdates(changelog)).isTrue();
        assertThat(factory.producesUpdates(changelog)).isTrue();
        assertThat(factory.acceptsUpdates(csv)).isFalse();
        assertThat(factory.producesUpdates(csv)).isFalse();
        factory.validate(changelog, true);
        factory.validate(changelog, false);
    }

    @Test
    void debeziumJsonFilesAreReadAsTheirChangelog() throws Exception {
        RowType schema = RowType.builder().add("id", DataType.bigint()).add("v", DataType.string()).build();
        Files.writeString(dir.resolve("changes.json"), String.join("\n",
                "{\"before\":null,\"after\":{\"id\":1,\"v\":\"a\"},\"op\":\"c\"}",
                "{\"before\":{\"id\":1,\"v\":\"a\"},\"after\":{\"id\":1,\"v\":\"b\"},\"op\":\"u\"}",
                "",
                "{\"before\":{\"id\":1,\"v\":\"b\"},\"after\":null,\"op\":\"d\"}",
                "{\"before\":null,\"after\":{\"id\":2,\"v\":\"c\"},\"op\":\"r\"}") + "\n");
        var context = FileSourceReaderTest.context("t", schema,
                Map.of("path", dir.toString(), "format", "debezium-json"), null);
        List<Row> rows = FileSourceReaderTest.readAll(new FileSystemConnectorFactory().createReader(context));
        assertThat(rows).containsExactly(Row.ofKind(RowKind.INSERT, 1L, "a"), Row.ofKind(RowKind.UPDATE_BEFORE, 1L, "a"),
                Row.ofKind(RowKind.UPDATE_AFTER, 1L, "b"), Row.ofKind(RowKind.DELETE, 1L, "b"),
                Row.ofKind(RowKind.INSERT, 2L, "c"));
    }

    @Test
    void aMalformedDebeziumEventNamesItsFileLineAndTheOptionToSkipIt() throws Exception {
        RowType schema = RowType.builder().add("id", DataType.bigint()).build();
        Files.writeString(dir.resolve("changes.json"), "{\"before\":null,\"after\":{\"id\":1},\"op\":\"c\"}\n"
                + "{\"after\":{\"id\":2}}\n");
        var context = FileSourceReaderTest.context("t", schema,
                Map.of("path", dir.toString(), "format", "debezium-json"), null);
        assertThatThrownBy(() -> FileSourceReaderTest.readAll(new FileSystemConnectorFactory().createReader(context)))
                .isInstanceOf(WeirException.class).hasMessageContaining("changes.json:2")
                .hasMessageContaining("no 'op' field").hasMessageContaining("'debezium-json.ignore-parse-errors'");
        var skipping = FileSourceReaderTest.context("t", schema, Map.of("path", dir.toString(), "format",
                "debezium-json", "debezium-json.ignore-parse-errors", "true"), null);
        assertThat(FileSourceReaderTest.readAll(new FileSystemConnectorFactory().createReader(skipping)))
                .containsExactly(Row.ofKind(RowKind.INSERT, 1L));
    }
}
