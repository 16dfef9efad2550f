package dev.weir.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Runs a {@code weir run} script again and again, SIGKILLing each run at a random moment, until it
 * has been killed {@code kills} times; then lets the last run finish. Every run resumes from the
 * checkpoints the previous ones left. The moments are drawn from a seeded {@link Random}, so a
 * storm is reproduced by its seed (up to the timing of the machine).
 */
final class KillStorm {
    /** When a run is killed. */
    enum Moment {
        /** 50–2500 ms after the JVM started: while it starts, plans, restores or has just begun. */
        STARTUP,
        /** 50–700 ms after the run completed its first checkpoint: anywhere between two checkpoints. */
        BETWEEN_CHECKPOINTS,
        /** As soon as a new {@code chk-N} directory exists without {@code _metadata}: while a checkpoint is written. */
        DURING_CHECKPOINT,
        /** As soon as a new {@code _metadata} appears: between completing a checkpoint and committing the sink. */
        AT_CHECKPOINT_COMPLETION
    }

    /**
     * How many kills hit each moment (a DURING_CHECKPOINT attempt that found no checkpoint in progress
     * is counted as missed), and the summary line of the last run (how much input was left for it).
     */
    record Result(Map<Moment, Integer> kills, int missedDuringCheckpoint, String lastRun) {
        int total() {
            return kills.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);
    private static final long POLL_NANOS = 300_000;

    private final Path script;
    private final Path workDir;
    private final CheckpointWatch checkpoints;
    private final Random random;
    private final String name;
    private final LongSupplier progress;

    KillStorm(Path script, Path workDir, CheckpointWatch checkpoints, Random random, String name) {
        this(script, workDir, checkpoints, random, name, null);
    }

    /**
     * A storm whose runs are killed (but for {@link Moment#STARTUP}) only once {@code progress} has grown
     * since the run started: for jobs that take a while after their first checkpoints before data flows
     * (a Kafka job connecting, restoring its transactions, fetching), so that the kills land while rows
     * are being processed and written. Null: no such wait.
     */
    KillStorm(Path script, Path workDir, CheckpointWatch checkpoints, Random random, String name,
            LongSupplier progress) {
        this.script = script;
        this.workDir = workDir;
        this.checkpoints = checkpoints;
        this.random = random;
        this.name = name;
        this.progress = progress;
    }

    /** Kills {@code kills} runs, then runs once more to the end; fails if a run ends before its kill. */
    Result run(int kills) throws Exception {
        Map<Moment, Integer> counts = new EnumMap<>(Moment.class);
        int missed = 0;
        for (int round = 0; round < kills; round++) {
            long progressAtStart = progress == null ? 0 : progress.getAsLong();
            ChildRun child = ChildRun.start(script, workDir, name + "-" + round);
            Moment moment = pick();
            Boolean hit = strike(child, moment, progressAtStart);
            assertThat(hit).as("run %d of %s ended before its kill (%s): make the input larger. %s", round, name,
                    moment, child.describe()).isNotNull();
            assertThat(child.stderr()).as("run %d of %s finished before its kill", round, name)
                    .doesNotContain("FINISHED");
            counts.merge(moment, 1, Integer::sum);
            if (!hit) {
                missed++;
            }
        }
        ChildRun last = ChildRun.start(script, workDir, name + "-last");
        assertThat(last.awaitExit(RUN_TIMEOUT)).as(last.describe()).isZero();
        assertThat(last.stderr()).as("the last run resumes from a checkpoint").contains("resumes from checkpoint");
        String summary = last.stderr().lines().filter(l -> l.contains("FINISHED")).findFirst().orElse("");
        return new Result(counts, missed, summary);
    }

    private Moment pick() {
        int r = random.nextInt(100);
        return r < 15 ? Moment.STARTUP : r < 55 ? Moment.BETWEEN_CHECKPOINTS
                : r < 78 ? Moment.DURING_CHECKPOINT : Moment.AT_CHECKPOINT_COMPLETION;
    }

    /**
     * Kills the child at {@code moment} (after its progress, if watched, grew past {@code progressAtStart}):
     * true when killed there, false for a DURING_CHECKPOINT kill
     * that found no checkpoint in progress within a few tries (killed anyway), null when the child
     * ended by itself first.
     */
    private Boolean strike(ChildRun child, Moment moment, long progressAtStart) throws Exception {
        boolean exact = true;
        if (progress != null && moment != Moment.STARTUP
                && !await(child, () -> progress.getAsLong() > progressAtStart ? 1 : 0)) {
            return null;
        }
        switch (moment) {
            case STARTUP -> {
                if (child.waitForExit(50 + random.nextInt(2451))) {
                    return null;
                }
            }
            case BETWEEN_CHECKPOINTS -> {
                long before = checkpoints.highestComplete();
                if (!await(child, () -> checkpoints.highestComplete() > before ? 1 : 0)
                        || child.waitForExit(50 + random.nextInt(651))) {
                    return null;
                }
            }
            case DURING_CHECKPOINT -> {
                exact = false;
                for (int attempt = 0; attempt < 10 && !exact; attempt++) {
                    long before = checkpoints.highestStarted();
                    if (!await(child, () -> checkpoints.highestStarted() > before ? 1 : 0)) {
                        return null;
                    }
                    long started = checkpoints.highestStarted();
                    exact = !Files.exists(checkpoints.checkpoint(started).resolve("_metadata"));
                }
            }
            case AT_CHECKPOINT_COMPLETION -> {
                long before = checkpoints.highestComplete();
                if (!await(child, () -> checkpoints.highestComplete() > before ? 1 : 0)) {
                    return null;
                }
            }
        }
        if (!child.isAlive()) {
            return null;
        }
        child.kill();
        return exact;
    }

    /** Polls until {@code condition} returns non-zero; false when the child ended first. */
    private static boolean await(ChildRun child, LongSupplier condition) {
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsLong() != 0) {
                return true;
            }
            if (!child.isAlive()) {
                return false;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        throw new AssertionError("no checkpoint within " + RUN_TIMEOUT);
    }
}
