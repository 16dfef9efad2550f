package dev.weir.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-key sequence checker under a kill -9 storm: a parallelism-2 job writes every input row
 * (key, seq) unchanged into the exactly-once filesystem sink while it is SIGKILLed at
 * {@value KillStormIT#KILLS} random moments; each key's sequence numbers, read back in the order the
 * job wrote them, must go up by exactly 1 from 1 to N: lost = duplicated = 0. (The aggregate form,
 * a GROUP BY key with COUNT(*) and MAX(seq) that must both end at N, runs in
 * {@link KillStormIT#groupByChangelogIntoTheExactlyOnceFileSinkAsDebeziumJson}.)
 */
class SequenceCheckIT {
    @TempDir
    Path dir;

    @Test
    void everyKeysSequenceGoesUpByExactlyOneThroughAKillStorm() throws Exception {
        Random random = new Random(KillStormIT.seed("SequenceCheckIT"));
        int kills = KillStormIT.kills();
        long rows = KillStormIT.rows(kills);
        Path output = dir.resolve("out");
        Path checkpoints = dir.resolve("chk");
        Path script = ChaosJobs.write(dir.resolve("storm.sql"),
                ChaosJobs.header("sequence-check", 2, "hashmap", checkpoints, rows, 20_000),
                ChaosJobs.passThroughJob(output));

        KillStorm.Result storm = new KillStorm(script, dir, new CheckpointWatch(checkpoints.resolve("sequence-check")),
                random, "storm").run(kills);

        SequenceChecker checker = new SequenceChecker(rows / ChaosJobs.KEYS);
        for (String line : ChaosJobs.linesInWriteOrder(output)) {
            String[] f = line.split(",");
            long seq = Long.parseLong(f[1]);
            checker.accept(f[0], seq, seq);
        }
        SequenceChecker.Figures figures = checker.finish(ChaosJobs.KEYS);
        System.out.println("SequenceCheckIT: " + storm + " " + figures);
        assertThat(storm.total()).isGreaterThanOrEqualTo(kills);
        assertThat(figures.keys()).isEqualTo(ChaosJobs.KEYS);
        assertThat(figures.rows()).isEqualTo(rows);
        assertThat(figures.lost()).as("lost").isZero();
        assertThat(figures.duplicated()).as("duplicated").isZero();
        assertThat(ChaosJobs.hiddenFiles(output)).as("no uncommitted part files left").isEmpty();
    }
}
