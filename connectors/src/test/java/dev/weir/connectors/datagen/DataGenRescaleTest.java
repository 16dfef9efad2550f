package dev.weir.connectors.datagen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.core.config.Configuration;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.executor.connector.InputStatus;
import dev.weir.executor.connector.SourceReader;
import dev.weir.executor.connector.TableContext;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Datagen resuming at another parallelism emits every global row exactly once overall. */
class DataGenRescaleTest {
    private static final RowType SCHEMA = RowType.builder().add("id", DataType.bigint()).build();
    private static final int ROWS = 1000;
    private static final DataGenConnectorFactory FACTORY = new DataGenConnectorFactory();
    private static final Map<String, String> OPTIONS = Map.of("connector", "datagen", "rows-per-second", "1000000000",
            "fields.id.kind", "sequence", "fields.id.start", "0", "fields.id.end", Integer.toString(ROWS - 1));

    private static TableContext context(int subtask, int parallelism, byte[] restored) {
        return new TableContext("gen", SCHEMA, OPTIONS, Configuration.empty(), subtask, parallelism, restored);
    }

    private static byte[] emittedCount(long count) {
        return ByteBuffer.allocate(17).put((byte) 1).putLong(count).putLong(1_700_000_000_000L).array();
    }

    /** Reads subtask {@code i} of {@code p} from {@code position} to its end. */
    private static List<Long> readToEnd(int i, int p, byte[] position) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (SourceReader reader = FACTORY.createReader(context(i, p, position))) {
            while (reader.pollNext(r -> ids.add((Long) r.field(0))) != InputStatus.END_OF_INPUT) {
                // keep reading
            }
        }
        return ids;
    }

    private static List<byte[]> rescale(List<byte[]> old, int parallelism) {
        List<byte[]> positions = new ArrayList<>();
        for (int i = 0; i < parallelism; i++) {
            positions.add(FACTORY.rescaledPosition(context(i, parallelism, null), old));
        }
        return positions;
    }

    @Test
    void rowsEmittedByAnyOldSubtaskAreNeverEmittedAgainAndNoneIsLost() throws Exception {
        // parallelism 3 had drifted apart: subtask 0 emitted 10 rows, 1 emitted 300, 2 none (no position yet)
        List<byte[]> old = new ArrayList<>();
        old.add(emittedCount(10));
        old.add(emittedCount(300));
        old.add(null);
        List<Long> before = new ArrayList<>();
        for (long k = 0; k < 10; k++) {
            before.add(3 * k);
        }
        for (long k = 0; k < 300; k++) {
            before.add(3 * k + 1);
        }
        List<Long> all = LongStream.range(0, ROWS).boxed().toList();
        for (int parallelism : new int[] {1, 2, 4, 5}) {
            List<byte[]> positions = rescale(old, parallelism);
            List<Long> emitted = new ArrayList<>(before);
            for (int i = 0; i < parallelism; i++) {
                emitted.addAll(readToEnd(i, parallelism, positions.get(i)));
            }
            Collections.sort(emitted);
            assertThat(emitted).as("at parallelism %d", parallelism).isEqualTo(all);
            // the rescaled positions (with their rows emitted ahead) rescale again to the same rest
            List<byte[]> again = rescale(positions, 3);
            List<Long> emittedAgain = new ArrayList<>(before);
            for (int i = 0; i < 3; i++) {
                emittedAgain.addAll(readToEnd(i, 3, again.get(i)));
            }
            Collections.sort(emittedAgain);
            assertThat(emittedAgain).as("from %d to 3", parallelism).isEqualTo(all);
        }
    }

    @Test
    void aPositionWithoutRowsEmittedAheadStaysInTheOriginalFormat() throws Exception {
        List<byte[]> positions = rescale(List.of(emittedCount(40), emittedCount(40)), 4);
        // 80 rows below row 80 were emitted by two subtasks; at four, each has emitted its 20 of them
        for (int i = 0; i < 4; i++) {
            assertThat(positions.get(i)).isEqualTo(emittedCount(20));
        }
        try (SourceReader reader = FACTORY.createReader(context(1, 4, positions.get(1)))) {
            assertThat(reader.snapshotPosition(1)).isEqualTo(emittedCount(20));
        }
        assertThat(rescale(java.util.Arrays.asList(null, null), 2)).containsOnlyNulls();
    }
}
