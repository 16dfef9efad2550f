package dev.weir.connectors.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.WeirException;
import dev.weir.core.type.RowType;
import dev.weir.executor.connector.SinkWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSinkWriterTest {
    private static final RowType SCHEMA = FileSourceReaderTest.ALL_TYPES;

    @TempDir
    Path dir;

    private SinkWriter writer(String format, byte[] restored) throws Exception {
        return new FileSystemConnectorFactory().createWriter(FileSourceReaderTest.context("out", SCHEMA,
                Map.of("path", dir.toString(), "format", format), restored));
    }

    private List<String> names(boolean hidden) throws Exception {
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(p -> {
                String n = p.getFileName().toString();
                if (n.startsWith(".") == hidden) {
                    names.add(n);
                }
            });
        }
        return names;
    }

    private static Row row(long id) {
        Object[] v = FileSourceReaderTest.EXPECTED.clone();
        v[4] = id;
        return Row.of(v);
    }

    @Test
    void twoPhaseCommitMakesFilesVisibleOnlyOnCommitAndRoundTrips() throws Exception {
        for (String format : List.of("csv", "json")) {
            Path sub = dir.resolve(format);
            // Without a null literal a NULL string is written as an empty field and reads back as ''
            // (as in Flink); with one, NULLs round-trip.
            Map<String, String> options = format.equals("csv")
                    ? Map.of("path", sub.toString(), "format", format, "csv.null-literal", "\\N")
                    : Map.of("path", sub.toString(), "format", format);
            SinkWriter w = new FileSystemConnectorFactory().createWriter(FileSourceReaderTest.context("out", SCHEMA,
                    options, null));
            w.write(row(1));
            w.write(Row.of(new Object[SCHEMA.arity()]));
            byte[] committable = w.prepareCommit(1);
            assertThat(committable).isNotEmpty();
            assertThat(FileSourceReaderTest.readAll(new FileSystemConnectorFactory().createReader(
                    FileSourceReaderTest.context("in", SCHEMA, options,
                            null)))).isEmpty();
            w.commit(1);
            w.commit(1); // idempotent
            List<Row> back = FileSourceReaderTest.readAll(new FileSystemConnectorFactory().createReader(
                    FileSourceReaderTest.context("in", SCHEMA, options,
                            null)));
            assertThat(back).containsExactly(row(1), Row.of(new Object[SCHEMA.arity()]));
            try (Stream<Path> s = Files.list(sub)) {
                assertThat(s.map(p -> p.getFileName().toString()).toList())
                        .singleElement().asString().matches("part-[0-9a-f-]{36}-0-0\\." + format);
            }
            w.close();
        }
    }

    @Test
    void restoreCommitsPendingFilesAndDeletesStrayInProgressFiles() throws Exception {
        SinkWriter crashed = writer("csv", null);
        crashed.write(row(1));
        byte[] checkpoint1 = crashed.prepareCommit(1); // checkpoint 1 completes, but the commit notification is lost
        crashed.write(row(2));
        crashed.prepareCommit(2); // checkpoint 2 never completes
        crashed.write(row(3)); // in progress at the crash
        assertThat(names(false)).isEmpty();
        assertThat(names(true)).hasSize(3);

        SinkWriter restored = writer("csv", checkpoint1);
        assertThat(names(true)).isEmpty();
        assertThat(names(false)).hasSize(1);
        SinkWriter again = writer("csv", checkpoint1); // restoring twice is fine
        assertThat(names(false)).hasSize(1);
        List<Row> rows = FileSourceReaderTest.readAll(new FileSystemConnectorFactory().createReader(
                FileSourceReaderTest.context("in", SCHEMA, Map.of("path", dir.toString(), "format", "csv"), null)));
        assertThat(rows).containsExactly(row(1));
        restored.close();
        again.close();
    }

    @Test
    void committingACheckpointLeavesTheNextPreparedOnePending() throws Exception {
        // asynchronous checkpoints: checkpoint 2 is prepared before checkpoint 1's completion arrives
        SinkWriter w = writer("csv", null);
        w.write(row(1));
        w.prepareCommit(1);
        w.write(row(2));
        w.prepareCommit(2);
        w.write(row(3));

        w.commit(1);
        assertThat(names(false)).hasSize(1);
        assertThat(names(true)).hasSize(2); // checkpoint 2's pending file and the in-progress one
        assertThat(FileSourceReaderTest.readAll(new FileSystemConnectorFactory().createReader(
                FileSourceReaderTest.context("in", SCHEMA, Map.of("path", dir.toString(), "format", "csv"), null))))
                .containsExactly(row(1));
        w.commit(2);
        assertThat(names(false)).hasSize(2);
        w.close();
    }

    @Test
    void earlierUncommittedFilesTravelInLaterCommittables() throws Exception {
        SinkWriter w = writer("json", null);
        w.write(row(1));
        w.prepareCommit(1);
        w.write(row(2));
        byte[] checkpoint2 = w.prepareCommit(2); // the commit of 1 never arrived
        SinkWriter restored = writer("json", checkpoint2);
        assertThat(names(false)).hasSize(2);
        assertThat(names(true)).isEmpty();
        restored.close();
    }

    @Test
    void closeWithoutFinishLeavesNothingVisibleAndFinishPublishesEverything() throws Exception {
        SinkWriter aborted = writer("csv", null);
        aborted.write(row(1));
        aborted.close();
        assertThat(names(false)).isEmpty();
        assertThat(names(true)).isEmpty();

        SinkWriter finished = writer("csv", null);
        finished.write(row(1));
        finished.prepareCommit(1);
        finished.write(row(2));
        finished.finish();
        finished.close();
        assertThat(names(false)).hasSize(2);
        assertThat(names(true)).isEmpty();
    }

    @Test
    void rejectsChangeRows() throws Exception {
        SinkWriter w = writer("csv", null);
        assertThatThrownBy(() -> w.write(row(1).withKind(RowKind.UPDATE_AFTER)))
                .isInstanceOf(WeirException.class).hasMessageContaining("'out'").hasMessageContaining("+U");
        w.close();
    }
}
