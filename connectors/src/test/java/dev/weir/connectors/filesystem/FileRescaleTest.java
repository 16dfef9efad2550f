package dev.weir.connectors.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.core.Row;
import dev.weir.core.config.Configuration;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.executor.connector.SinkWriter;
import dev.weir.executor.connector.SourceReader;
import dev.weir.executor.connector.TableContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filesystem connector resuming at another parallelism: source file progress and sink committables. */
class FileRescaleTest {
    private static final RowType SCHEMA = RowType.builder().add("id", DataType.bigint()).build();
    private static final FileSystemConnectorFactory FACTORY = new FileSystemConnectorFactory();
    private static final int FILES = 5;
    private static final int LINES = 10;

    @TempDir
    Path tmp;

    private TableContext context(Path path, int subtask, int parallelism, byte[] restored) {
        Map<String, String> options = new HashMap<>(Map.of("connector", "filesystem", "path", path.toString(),
                "format", "csv"));
        return new TableContext("t", SCHEMA, options, Configuration.empty(), subtask, parallelism, restored);
    }

    /** Files f0..f4, each with ids {@code file * 100 + line} for lines 1..10, 4 bytes per line. */
    private Path input() throws Exception {
        Path dir = tmp.resolve("in");
        Files.createDirectories(dir);
        for (int f = 0; f < FILES; f++) {
            StringBuilder sb = new StringBuilder();
            for (int line = 1; line <= LINES; line++) {
                sb.append(f * 100 + line).append('\n');
            }
            Files.writeString(dir.resolve("f" + f + ".csv"), sb.toString().replaceAll("(?m)^(\\d)$", "00$1")
                    .replaceAll("(?m)^(\\d\\d)$", "0$1"));
        }
        return dir;
    }

    private List<Long> readAll(Path dir, int subtask, int parallelism, byte[] position) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (SourceReader reader = FACTORY.createReader(context(dir, subtask, parallelism, position))) {
            for (int i = 0; i < 100; i++) {
                if (reader.pollNext(r -> ids.add((Long) r.field(0))) == dev.weir.executor.connector.InputStatus.END_OF_INPUT) {
                    break;
                }
            }
        }
        return ids;
    }

    private List<byte[]> rescale(Path dir, List<byte[]> old, int parallelism) {
        List<byte[]> positions = new ArrayList<>();
        for (int i = 0; i < parallelism; i++) {
            positions.add(FACTORY.rescaledPosition(context(dir, i, parallelism, null), old));
        }
        return positions;
    }

    @Test
    void everyUnreadRecordIsReadOnceAfterRescalingEitherWay() throws Exception {
        Path dir = input();
        // at parallelism 2: subtask 0 (f0, f2, f4) had read f0 and 3 lines of f2; subtask 1 (f1, f3) was done
        List<byte[]> old = List.of(FilePositions.encodeCursor(false, "f2.csv", 12, 4),
                FilePositions.encodeCursor(true, "", 0, 1));
        List<Long> expected = new ArrayList<>();
        for (int line = 4; line <= LINES; line++) {
            expected.add(200L + line);
        }
        for (int line = 1; line <= LINES; line++) {
            expected.add(400L + line);
        }
        for (int parallelism : new int[] {1, 3, 4}) {
            List<byte[]> rescaled = rescale(dir, old, parallelism);
            List<Long> read = new ArrayList<>();
            for (int i = 0; i < parallelism; i++) {
                read.addAll(readAll(dir, i, parallelism, rescaled.get(i)));
            }
            Collections.sort(read);
            assertThat(read).as("at parallelism %d", parallelism).isEqualTo(expected);
            // a second rescale of the per-file positions (back to 2) still reads the same rest
            List<byte[]> again = rescale(dir, rescaled, 2);
            List<Long> readAgain = new ArrayList<>(readAll(dir, 0, 2, again.get(0)));
            readAgain.addAll(readAll(dir, 1, 2, again.get(1)));
            Collections.sort(readAgain);
            assertThat(readAgain).as("from %d back to 2", parallelism).isEqualTo(expected);
        }
    }

    @Test
    void aRestoredReaderSnapshotsPerFileProgressUntilItCatchesUp() throws Exception {
        Path dir = input();
        // parallelism 1 read f0 fully and f1 up to line 5; at 2, subtask 0 gets f0 (done), f2 (unread), f4;
        // subtask 1 gets f1 (partly read) and f3
        List<byte[]> rescaled = rescale(dir, List.of(FilePositions.encodeCursor(false, "f1.csv", 16, 5)), 2);
        try (SourceReader reader = FACTORY.createReader(context(dir, 1, 2, rescaled.get(1)))) {
            byte[] position = reader.snapshotPosition(1);
            Map<String, FilePositions.Progress> progress = FilePositions.decode("t", position,
                    List.of("f1.csv", "f3.csv"));
            assertThat(progress).containsOnlyKeys("f1.csv");
            assertThat(progress.get("f1.csv")).isEqualTo(new FilePositions.Progress(false, 16, 5));
        }
        assertThat(readAll(dir, 1, 2, rescaled.get(1))).hasSize(LINES - 4 + LINES);
        assertThat(readAll(dir, 0, 2, rescaled.get(0))).hasSize(2 * LINES);
    }

    private SinkWriter writer(Path out, int subtask, int parallelism, byte[] restored) throws Exception {
        return FACTORY.createWriter(context(out, subtask, parallelism, restored));
    }

    private static List<String> files(Path dir, boolean hidden) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".") == hidden).sorted().toList();
        }
    }

    private static List<String> visibleLines(Path dir) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String name : files(dir, false)) {
            lines.addAll(Files.readAllLines(dir.resolve(name)));
        }
        Collections.sort(lines);
        return lines;
    }

    @Test
    void everyOldSubtasksPendingFilesAreCommittedOnceAndItsLaterOnesRemoved() throws Exception {
        Path out = tmp.resolve("out");
        for (int[] scale : new int[][] {{3, 2}, {3, 1}, {2, 4}}) {
            int from = scale[0];
            int to = scale[1];
            Path dir = out.resolve(from + "-" + to);
            List<byte[]> committables = new ArrayList<>();
            List<SinkWriter> old = new ArrayList<>();
            for (int j = 0; j < from; j++) {
                SinkWriter w = writer(dir, j, from, null);
                w.write(Row.of((long) j));
                committables.add(w.prepareCommit(1)); // checkpoint 1: a pending file per old subtask
                w.write(Row.of(100L + j));
                w.prepareCommit(2); // checkpoint 2 never completes: its rows are replayed
                w.write(Row.of(200L + j)); // in progress when the job stops
                old.add(w);
            }
            assertThat(files(dir, false)).isEmpty();
            List<SinkWriter> rescaled = new ArrayList<>();
            for (int i = 0; i < to; i++) {
                SinkWriter w = writer(dir, i, to, FACTORY.rescaledCommittable(context(dir, i, to, null), committables));
                w.commit(1);
                rescaled.add(w);
            }
            List<String> expected = new ArrayList<>();
            for (int j = 0; j < from; j++) {
                expected.add(Long.toString(j));
            }
            assertThat(visibleLines(dir)).as("%d -> %d", from, to).isEqualTo(expected);
            assertThat(files(dir, true)).as("uncommitted files of every old subtask are gone").isEmpty();
            // the rescaled writers go on without clashing with the old files
            for (int i = 0; i < to; i++) {
                rescaled.get(i).write(Row.of(1000L + i));
                rescaled.get(i).finish();
            }
            for (int i = 0; i < to; i++) {
                expected.add(Long.toString(1000 + i));
            }
            Collections.sort(expected);
            assertThat(visibleLines(dir)).isEqualTo(expected);
            assertThat(Arrays.asList(files(dir, false).toArray())).hasSize(from + to);
        }
    }
}
