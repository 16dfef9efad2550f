package dev.weir.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Kills a parallelism-2 {@code weir run} with SIGKILL after a few checkpoints, damages its newest
 * checkpoint, and resumes it: with {@code execution.state-recovery.on-damaged-checkpoint = fail} the
 * run refuses to start and names the damaged file; with {@code fallback} (the default) it warns
 * naming the file, resumes from the previous checkpoint, rolls back what the damaged one had
 * committed, and its final output equals a fault-free run's.
 */
class CorruptCheckpointIT {
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(2);
    private static final long ROWS = 80_000;
    private static final long ROWS_PER_SECOND = 20_000;
    private static final String POLICY = "execution.state-recovery.on-damaged-checkpoint";

    @TempDir
    static Path shared;
    private static List<String> expected;

    @TempDir
    Path dir;

    /** One fault-free run of the window job, the reference for every case. */
    @BeforeAll
    static void faultFreeRun() throws Exception {
        Path out = shared.resolve("expected");
        ChildRun run = ChildRun.start(ChaosJobs.write(shared.resolve("fault-free.sql"),
                ChaosJobs.header("corrupt", 2, "hashmap", shared.resolve("chk"), ROWS, ROWS_PER_SECOND),
                ChaosJobs.windowJob(out)), shared, "fault-free");
        assertThat(run.awaitExit(JOB_TIMEOUT)).as(run.describe()).isZero();
        expected = CrashRecoveryIT.visibleLines(out);
        assertThat(expected).hasSize((int) (ChaosJobs.KEYS * ROWS / 1000));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"truncate-state-file, hashmap", "flip-byte-in-state-file, hashmap", "delete-state-file, hashmap",
            "flip-byte-in-metadata, hashmap", "truncate-state-file, rocksdb", "flip-byte-in-state-file, rocksdb",
            "delete-state-file, rocksdb", "truncate-metadata, rocksdb", "flip-byte-in-shared-file, rocksdb-incremental"})
    void damagedNewestCheckpointFailsOrFallsBackAsConfigured(String damage, String backend) throws Exception {
        long seed = KillStormIT.seed("CorruptCheckpointIT " + damage + " " + backend);
        Random random = new Random(seed);
        Path out = dir.resolve("out");
        Path checkpoints = dir.resolve("chk");
        Path script = ChaosJobs.write(dir.resolve("job.sql"),
                ChaosJobs.header("corrupt", 2, backend, checkpoints, ROWS, ROWS_PER_SECOND), ChaosJobs.windowJob(out));
        CheckpointWatch watch = new CheckpointWatch(checkpoints.resolve("corrupt"));

        ChildRun victim = ChildRun.start(script, dir, "victim");
        long target = 3 + random.nextInt(3);
        while (watch.highestComplete() < target) {
            assertThat(victim.isAlive()).as("the job ended before checkpoint %d: %s", target, victim.describe())
                    .isTrue();
            LockSupport.parkNanos(1_000_000);
        }
        victim.kill();
        long newest = watch.highestComplete();
        assertThat(CrashRecoveryIT.visibleLines(out)).as("the damaged checkpoint had committed output")
                .isNotEmpty().hasSizeLessThan(expected.size());
        Path damaged = damage(watch, newest, damage, random);
        System.out.println("CorruptCheckpointIT: damaged " + damage + " " + damaged + " of checkpoint " + newest);

        ChildRun strict = ChildRun.start(script, dir, "strict", Map.of(POLICY, "fail"));
        assertThat(strict.awaitExit(JOB_TIMEOUT)).as(strict.describe()).isNotZero();
        assertThat(strict.stderr()).as("the refusal names the file and the way out").contains(damaged.toString())
                .contains(POLICY + "=fallback").doesNotContain("\tat ");
        assertThat(watch.highestComplete()).as("the refused run wrote no checkpoint").isEqualTo(newest);

        ChildRun lenient = ChildRun.start(script, dir, "fallback", Map.of(POLICY, "fallback"));
        assertThat(lenient.awaitExit(JOB_TIMEOUT)).as(lenient.describe()).isZero();
        assertThat(lenient.stderr()).as("the warning names the damaged file").contains(damaged.toString())
                .contains("resumes from checkpoint");
        assertThat(lenient.stderr()).as("it resumes from an older checkpoint")
                .doesNotContain("resumes from checkpoint " + watch.checkpoint(newest) + " ");
        assertThat(CrashRecoveryIT.visibleLines(out)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(ChaosJobs.hiddenFiles(out)).as("no uncommitted part files left").isEmpty();
    }

    /** Damages checkpoint {@code id} as named; returns the damaged file. */
    private static Path damage(CheckpointWatch watch, long id, String how, Random random) throws IOException {
        Path metadata = watch.checkpoint(id).resolve("_metadata");
        if (how.equals("flip-byte-in-shared-file")) {
            // a table file this checkpoint stored in shared/ (older checkpoints do not reference it)
            var meta = dev.weir.executor.checkpoint.CheckpointMetadata.decode(Files.readAllBytes(metadata));
            List<Path> stored = meta.sharedFiles().stream().filter(e -> e.storedBy() == id)
                    .map(e -> watch.checkpoint(id).getParent().resolve(e.sharedPath())).sorted().toList();
            assertThat(stored).as("shared files stored by checkpoint %d", id).isNotEmpty();
            Path file = stored.get(random.nextInt(stored.size()));
            flipByte(file, random);
            return file;
        }
        List<Path> state = watch.stateFiles(id).stream().filter(CorruptCheckpointIT::nonEmpty)
                .sorted(Comparator.comparing(Path::toString)).toList();
        assertThat(state).as("state files of checkpoint %d", id).isNotEmpty();
        Path file = how.endsWith("metadata") ? metadata : state.get(random.nextInt(state.size()));
        long size = Files.size(file);
        switch (how) {
            case "truncate-state-file", "truncate-metadata" -> {
                try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                    f.setLength(random.nextInt((int) size));
                }
            }
            case "flip-byte-in-state-file", "flip-byte-in-metadata" -> flipByte(file, random);
            case "delete-state-file" -> Files.delete(file);
            default -> throw new IllegalArgumentException(how);
        }
        return file;
    }

    private static void flipByte(Path file, Random random) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long at = random.nextInt((int) f.length());
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ (1 << random.nextInt(8)));
        }
    }

    private static boolean nonEmpty(Path p) {
        try {
            return Files.size(p) > 0;
        } catch (IOException e) {
            return false;
        }
    }
}
