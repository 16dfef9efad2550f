package dev.weir.shell;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kill -9 storm: a parallelism-2 job is SIGKILLed at {@value #KILLS} random moments (while
 * starting, between checkpoints, while a checkpoint is written, right after one completes),
 * resumed each time, and its committed output must equal a fault-free run's exactly. The fault-free
 * run goes on at the same time. Reproduce a storm with {@code -Dweir.chaos.seed=N} (printed);
 * {@code -Dweir.chaos.kills=N} makes a longer storm (the input grows with it), and
 * {@code -Dweir.chaos.backend=hashmap|rocksdb} runs both jobs on one backend (by default the window
 * job keeps its state in RocksDB and the GROUP BY on the heap).
 */
class KillStormIT {
    static final int KILLS = 20;
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);
    private static final long ROWS_PER_SECOND = 20_000;

    @TempDir
    Path dir;

    static long seed(String test) {
        String fixed = System.getProperty("weir.chaos.seed");
        long seed = fixed == null || fixed.isBlank() ? System.nanoTime() : Long.parseLong(fixed.trim());
        System.out.println(test + " seed=" + seed + " (rerun with -Dweir.chaos.seed=" + seed + ")");
        return seed;
    }

    static String backend(String byDefault) {
        String chosen = System.getProperty("weir.chaos.backend");
        return chosen == null || chosen.isBlank() ? byDefault : chosen.trim();
    }

    static int kills() {
        return Integer.getInteger("weir.chaos.kills", KILLS);
    }

    /** Rows for a job of about 15 s at 20,000 rows/s, more for longer storms: most kills land while it runs. */
    static long rows(int kills) {
        return Math.max(300_000, kills * 15_000L) / ChaosJobs.KEYS * ChaosJobs.KEYS;
    }

    @Test
    void windowAggregateIntoTheExactlyOnceFileSink() throws Exception {
        Random random = new Random(seed("KillStormIT.window"));
        long rows = rows(kills());
        String backend = backend("rocksdb");
        Path expectedOut = dir.resolve("expected");
        ChildRun faultFree = ChildRun.start(ChaosJobs.write(dir.resolve("fault-free.sql"),
                ChaosJobs.header("storm-window", 2, backend, dir.resolve("chk-expected"), rows, ROWS_PER_SECOND),
                ChaosJobs.windowJob(expectedOut)), dir, "fault-free");

        Path actualOut = dir.resolve("actual");
        Path checkpoints = dir.resolve("chk-actual");
        Path script = ChaosJobs.write(dir.resolve("storm.sql"),
                ChaosJobs.header("storm-window", 2, backend, checkpoints, rows, ROWS_PER_SECOND),
                ChaosJobs.windowJob(actualOut));
        KillStorm.Result storm = new KillStorm(script, dir, new CheckpointWatch(checkpoints.resolve("storm-window")),
                random, "storm").run(kills());
        assertThat(faultFree.awaitExit(JOB_TIMEOUT)).as(faultFree.describe()).isZero();

        List<String> expected = CrashRecoveryIT.visibleLines(expectedOut);
        List<String> actual = CrashRecoveryIT.visibleLines(actualOut);
        SequenceChecker.Figures figures = SequenceChecker.checkWindows(actual, rows / ChaosJobs.KEYS, ChaosJobs.KEYS);
        System.out.println("KillStormIT.window (" + backend + "): " + storm + " windows=" + actual.size() + " " + figures);
        assertThat(storm.total()).isGreaterThanOrEqualTo(kills());
        assertThat(expected).hasSize((int) (ChaosJobs.KEYS * (rows / 1000)));
        assertThat(actual).as("the stormed run's committed windows").containsExactlyInAnyOrderElementsOf(expected);
        assertThat(figures.lost()).isZero();
        assertThat(figures.duplicated()).isZero();
        assertThat(ChaosJobs.hiddenFiles(actualOut)).as("no uncommitted part files left").isEmpty();
    }

    @Test
    void groupByChangelogIntoTheExactlyOnceFileSinkAsDebeziumJson() throws Exception {
        Random random = new Random(seed("KillStormIT.changelog"));
        long rows = rows(kills());
        long perKey = rows / ChaosJobs.KEYS;
        String backend = backend("hashmap");
        Path expectedOut = dir.resolve("expected");
        ChildRun faultFree = ChildRun.start(ChaosJobs.write(dir.resolve("fault-free.sql"),
                ChaosJobs.header("storm-changelog", 2, backend, dir.resolve("chk-expected"), rows, ROWS_PER_SECOND),
                ChaosJobs.changelogJob(expectedOut)), dir, "fault-free");

        Path actualOut = dir.resolve("actual");
        Path checkpoints = dir.resolve("chk-actual");
        Path script = ChaosJobs.write(dir.resolve("storm.sql"),
                ChaosJobs.header("storm-changelog", 2, backend, checkpoints, rows, ROWS_PER_SECOND),
                ChaosJobs.changelogJob(actualOut));
        KillStorm.Result storm = new KillStorm(script, dir,
                new CheckpointWatch(checkpoints.resolve("storm-changelog")), random, "storm").run(kills());
        assertThat(faultFree.awaitExit(JOB_TIMEOUT)).as(faultFree.describe()).isZero();

        Changelog expected = Changelog.replay(ChaosJobs.linesInWriteOrder(expectedOut));
        Changelog actual = Changelog.replay(ChaosJobs.linesInWriteOrder(actualOut));
        System.out.println("KillStormIT.changelog (" + backend + "): " + storm + " events=" + actual.events + " keys=" + actual.table.size()
                + " retractions of absent rows=" + actual.badRetractions);
        assertThat(storm.total()).isGreaterThanOrEqualTo(kills());
        assertThat(actual.badRetractions).as("every -D retracts a row the changelog holds").isZero();
        assertThat(actual.table).as("the table rebuilt from the changelog").isEqualTo(expected.table);
        assertThat(actual.perKeyEvents).as("each key's changes, in order, as in the fault-free run")
                .isEqualTo(expected.perKeyEvents);
        // the sequence checker's aggregate form: every key counted each of its N rows once
        assertThat(actual.table).hasSize(ChaosJobs.KEYS);
        actual.table.forEach((key, row) -> assertThat(row).as(key).isEqualTo(key + "," + perKey + "," + perKey));
        assertThat(ChaosJobs.hiddenFiles(actualOut)).as("no uncommitted part files left").isEmpty();
    }


    /** A debezium-json changelog replayed: the table it describes and each key's events in order. */
    static final class Changelog {
        private static final ObjectMapper JSON = new ObjectMapper();
        final Map<String, String> table = new TreeMap<>();
        final Map<String, List<String>> perKeyEvents = new HashMap<>();
        long events;
        long badRetractions;

        static Changelog replay(List<String> lines) throws Exception {
            Changelog c = new Changelog();
            for (String line : lines) {
                JsonNode event = JSON.readTree(line);
                boolean create = event.get("op").asText().equals("c");
                JsonNode image = create ? event.get("after") : event.get("before");
                String key = image.get("k").asText();
                String row = key + "," + image.get("n").asLong() + "," + image.get("hi").asLong();
                c.events++;
                c.perKeyEvents.computeIfAbsent(key, k -> new ArrayList<>()).add((create ? "+" : "-") + row);
                if (create) {
                    c.table.put(key, row);
                } else if (!row.equals(c.table.remove(key))) {
                    c.badRetractions++;
                }
            }
            return c;
        }
    }
}
