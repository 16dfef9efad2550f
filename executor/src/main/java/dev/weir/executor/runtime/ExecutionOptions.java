package dev.weir.executor.runtime;

import dev.weir.core.config.ConfigOption;
import dev.weir.executor.checkpoint.CheckpointingMode;
import dev.weir.executor.checkpoint.DamagedCheckpointPolicy;
import dev.weir.state.StateBackendType;
import java.nio.file.Path;

/** Job options the runtime reads, with Flink's key names so scripts move between engines. */
public final class ExecutionOptions {
    /** Checkpoint interval; null (the default) turns periodic checkpoints off. */
    public static final ConfigOption<Long> CHECKPOINTING_INTERVAL = ConfigOption.duration(
            "execution.checkpointing.interval", null,
            "Interval between checkpoints, such as '10 s'. Checkpoints are off when not set.");

    public static final ConfigOption<String> CHECKPOINTS_DIRECTORY = ConfigOption.string(
            "execution.checkpointing.dir",
            Path.of(System.getProperty("user.home"), ".weir", "checkpoints").toString(),
            "Root directory of checkpoints; each job writes into <dir>/<pipeline.name>/chk-<n>.")
            .withFallbackKeys("state.checkpoints.dir");

    public static final ConfigOption<Integer> CHECKPOINTS_NUM_RETAINED = ConfigOption.intOption(
            "state.checkpoints.num-retained", 3, "How many completed checkpoints to keep per job.");

    public static final ConfigOption<StateBackendType> STATE_BACKEND_TYPE = ConfigOption.enumOption(
            "state.backend.type", StateBackendType.class, StateBackendType.HASHMAP,
            "Where keyed state lives: hashmap (JVM heap) or rocksdb (embedded, on local disk).");

    public static final ConfigOption<Boolean> STATE_BACKEND_INCREMENTAL = ConfigOption.booleanOption(
            "state.backend.incremental", false,
            "Incremental checkpoints: RocksDB table files are stored once in the job's shared/ directory and"
                    + " referenced by every checkpoint that uses them, so a checkpoint writes only what changed.");

    public static final ConfigOption<String> PIPELINE_NAME = ConfigOption.string(
            "pipeline.name", null, "The job name; also names the job's checkpoint directory.");

    public static final ConfigOption<Integer> MAX_PARALLELISM = ConfigOption.intOption(
            "pipeline.max-parallelism", 128, "Number of key groups keyed state is split into.");

    public static final ConfigOption<String> STATE_RECOVERY_PATH = ConfigOption.string(
            "execution.state-recovery.path", null,
            "Resume from this checkpoint: a chk-<n> directory, or a job directory to take its latest.");

    public static final ConfigOption<String> SAVEPOINT_DIRECTORY = ConfigOption.string(
            "execution.checkpointing.savepoint-dir", null,
            "Where STOP JOB ... WITH SAVEPOINT writes savepoint-<job>-<n>; default <execution.checkpointing.dir>/savepoints.")
            .withFallbackKeys("state.savepoints.dir");

    public static final ConfigOption<Boolean> IGNORE_UNCLAIMED_STATE = ConfigOption.booleanOption(
            "execution.state-recovery.ignore-unclaimed-state", false,
            "Resume even when the checkpoint holds state of operators the job no longer has (that state is dropped).");

    public static final ConfigOption<DamagedCheckpointPolicy> ON_DAMAGED_CHECKPOINT = ConfigOption.enumOption(
            "execution.state-recovery.on-damaged-checkpoint", DamagedCheckpointPolicy.class,
            DamagedCheckpointPolicy.FALLBACK,
            "fallback resumes from the previous retained checkpoint when the newest is damaged (with a warning"
                    + " naming the file); fail refuses to start, naming the file.");

    public static final ConfigOption<String> TMP_DIRS = ConfigOption.string(
            "io.tmp.dirs", System.getProperty("java.io.tmpdir"),
            "Local working directories (RocksDB files); several separated by ',' or the path separator.");

    public static final ConfigOption<Integer> PARALLELISM = ConfigOption.intOption(
            "parallelism.default", 1,
            "Number of parallel subtasks of a job; 1 runs the whole pipeline chained on one thread.");

    public static final ConfigOption<CheckpointingMode> CHECKPOINTING_MODE = ConfigOption.enumOption(
            "execution.checkpointing.mode", CheckpointingMode.class, CheckpointingMode.EXACTLY_ONCE,
            "exactly_once aligns barriers across input channels; at_least_once forwards them without blocking.");

    public static final ConfigOption<Long> CHECKPOINTING_TIMEOUT = ConfigOption.duration(
            "execution.checkpointing.timeout", 600_000L,
            "A checkpoint not complete after this long is aborted (its files deleted) and the job goes on.");

    public static final ConfigOption<Long> CHECKPOINTING_MIN_PAUSE = ConfigOption.duration(
            "execution.checkpointing.min-pause", 0L,
            "Least time between the end of one checkpoint and the start of the next.");

    public static final ConfigOption<Integer> CHECKPOINTING_MAX_CONCURRENT = ConfigOption.intOption(
            "execution.checkpointing.max-concurrent-checkpoints", 1,
            "How many checkpoints may be in progress at once.");

    public static final ConfigOption<Long> SOURCE_IDLE_TIMEOUT = ConfigOption.duration(
            "table.exec.source.idle-timeout", 0L,
            "A source subtask, or a Kafka partition, that produced nothing for this long is idle and no longer"
                    + " holds the watermark back until its next record; 0 turns idleness detection off.");

    private ExecutionOptions() {
    }

    /** The directory savepoints go to: {@link #SAVEPOINT_DIRECTORY}, else {@code <checkpoint dir>/savepoints}. */
    public static Path savepointRoot(dev.weir.core.config.Configuration config) {
        String dir = config.get(SAVEPOINT_DIRECTORY);
        return dir == null || dir.isBlank() ? Path.of(config.get(CHECKPOINTS_DIRECTORY), "savepoints") : Path.of(dir);
    }
}
