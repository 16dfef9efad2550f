package dev.weir.bench;

import dev.weir.core.keys.KeyGroupRange;
import dev.weir.core.serde.Serializers;
import dev.weir.core.serde.TypeSerializer;
import dev.weir.executor.checkpoint.CheckpointStorage;
import dev.weir.executor.checkpoint.DamagedCheckpointPolicy;
import dev.weir.state.KeyedStateBackend;
import dev.weir.state.PendingSnapshot;
import dev.weir.state.StateBackendContext;
import dev.weir.state.StateBackendType;
import dev.weir.state.StateBackends;
import dev.weir.state.StateDescriptor;
import dev.weir.state.TimerService;
import dev.weir.state.ValueState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How long a checkpoint of a large keyed state holds the task thread, before and after snapshots
 * were split into a synchronous and an asynchronous part. For each backend it fills {@code --keys}
 * keys (a value of about 30 characters and, unless {@code --no-timers}, one timer each), then
 * times, {@code --runs} times each:
 * <ul>
 *   <li>before: {@code snapshot} plus {@link CheckpointStorage#complete} on one thread, all of which
 *       the task thread used to wait for;</li>
 *   <li>after: {@code snapshotAsync} (the task thread's part) and, separately, the asynchronous part
 *       ({@code complete()} plus {@link CheckpointStorage#complete}).</li>
 * </ul>
 * and prints the medians:
 * <pre>RESULT backend=… incremental=… keys=… timers=… before_task_ms=… after_task_ms=… after_async_ms=…</pre>
 * Usage: {@code java -cp bench/target/weir-bench.jar dev.weir.bench.SnapshotPauseRunner [--keys N]
 * [--runs N] [--dir D] [--no-timers]}
 */
public final class SnapshotPauseRunner {
    private static final StateDescriptor<Long, String> VALUE =
            new StateDescriptor<>("value", Serializers.LONG, Serializers.STRING);

    private SnapshotPauseRunner() {
    }

    public static void main(String[] args) throws Exception {
        int keys = 1_000_000;
        int runs = 3;
        boolean withTimers = true;
        Path base = Path.of(System.getProperty("java.io.tmpdir"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--keys" -> keys = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--dir" -> base = Path.of(args[++i]);
                case "--no-timers" -> withTimers = false;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path root = Files.createTempDirectory(base, "weir-snapshot-pause-");
        try {
            measure(StateBackendType.HASHMAP, false, keys, runs, withTimers, root);
            measure(StateBackendType.ROCKSDB, false, keys, runs, withTimers, root);
            measure(StateBackendType.ROCKSDB, true, keys, runs, withTimers, root);
        } finally {
            dev.weir.executor.checkpoint.FileTrees.deleteRecursively(root);
        }
    }

    @SuppressWarnings("unchecked")
    private static void measure(StateBackendType type, boolean incremental, int keys, int runs, boolean withTimers,
            Path root)
            throws Exception {
        String name = type.name().toLowerCase(Locale.ROOT) + (incremental ? "-incremental" : "");
        Path jobDir = root.resolve(name).resolve("checkpoints");
        CheckpointStorage storage = new CheckpointStorage(jobDir, 2, DamagedCheckpointPolicy.FALLBACK, incremental);
        StateBackendContext context = new StateBackendContext("op",
                (TypeSerializer<Object>) (TypeSerializer<?>) Serializers.LONG, 128, KeyGroupRange.all(128),
                root.resolve(name).resolve("work"));
        long[] before = new long[runs];
        long[] afterTask = new long[runs];
        long[] afterAsync = new long[runs];
        try (KeyedStateBackend backend = StateBackends.create(type, context, null)) {
            ValueState<Long, String> state = backend.valueState(VALUE);
            TimerService<Long> timers = backend.timerService("timers", Serializers.LONG);
            long id = 0;
            for (int run = 0; run < runs; run++) {
                // every key changes before each checkpoint: both have the same to flush and write
                fill(backend, state, timers, keys, 2 * run, run == 0 && withTimers);
                long start = System.nanoTime();
                Path dir = storage.createCheckpointDir(++id);
                backend.snapshot(id, dir.resolve("op"));
                storage.complete(dir, "bench", id, System.currentTimeMillis(), new byte[0], null, List.of("op"));
                before[run] = System.nanoTime() - start;
                storage.applyRetention();

                fill(backend, state, timers, keys, 2 * run + 1, false);
                start = System.nanoTime();
                dir = storage.createCheckpointDir(++id);
                PendingSnapshot pending = backend.snapshotAsync(id, dir.resolve("op"));
                long synced = System.nanoTime();
                afterTask[run] = synced - start;
                pending.complete();
                storage.complete(dir, "bench", id, System.currentTimeMillis(), new byte[0], null, List.of("op"));
                afterAsync[run] = System.nanoTime() - synced;
                storage.applyRetention();
            }
        }
        System.out.printf(Locale.ROOT,
                "RESULT backend=%s incremental=%s keys=%d timers=%s before_task_ms=%d after_task_ms=%d"
                        + " after_async_ms=%d%n",
                type.name().toLowerCase(Locale.ROOT), incremental, keys, withTimers, median(before), median(afterTask),
                median(afterAsync));
    }

    private static void fill(KeyedStateBackend backend, ValueState<Long, String> state, TimerService<Long> timers,
            int keys, int version, boolean registerTimers) {
        for (long k = 0; k < keys; k++) {
            backend.setCurrentKey(k);
            state.update(0L, "value-" + version + "-" + (k * 2654435761L));
            if (registerTimers) {
                timers.registerEventTimeTimer(0L, k);
            }
        }
    }

    private static long median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1_000_000;
    }
}
