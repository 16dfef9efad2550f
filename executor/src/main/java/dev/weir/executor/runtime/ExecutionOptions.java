package dev.weir.executor.runtime;

import dev.weir.core.config.ConfigOption;
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

    public static final ConfigOption<String> PIPELINE_NAME = ConfigOption.string(
            "pipeline.name", null, "The job name; also names the job's checkpoint directory.");

    public static final ConfigOption<Integer> MAX_PARALLELISM = ConfigOption.intOption(
            "pipeline.max-parallelism", 128, "Number of key groups keyed state is split into.");

    public static final ConfigOption<String> STATE_RECOVERY_PATH = ConfigOption.string(
            "execution.state-recovery.path", null,
            "Resume from this checkpoint: a chk-<n> directory, or a job directory to take its latest.");

    public static final ConfigOption<String> TMP_DIRS = ConfigOption.string(
            "io.tmp.dirs", System.getProperty("java.io.tmpdir"),
            "Local working directories (RocksDB files); several separated by ',' or the path separator.");

    private ExecutionOptions() {
    }
}
