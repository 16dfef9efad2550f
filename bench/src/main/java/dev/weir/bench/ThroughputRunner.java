package dev.weir.bench;

import dev.weir.core.config.Configuration;
import dev.weir.executor.runtime.JobHandle;
import dev.weir.executor.runtime.JobResult;
import dev.weir.executor.runtime.LocalJob;
import dev.weir.parser.Script;
import dev.weir.parser.ScriptParser;
import dev.weir.parser.Statement;
import dev.weir.planner.SqlSession;
import dev.weir.planner.StatementResult;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs one benchmark query end to end in this JVM and prints one line of figures:
 * <pre>RESULT query=q5_tumble_count rows_in=10000000 wall_ms=… job_ms=… rows_per_s=… first_result_ms=… peak_heap_mb=…</pre>
 * {@code wall_ms} counts from JVM start (as the side-by-side comparison with Flink does);
 * {@code rows_per_s} divides rows by {@code wall_ms}. Usage:
 * <pre>java -jar bench/target/weir-bench.jar FILE.sql --rows N [--state hashmap|rocksdb] [--checkpoint-ms MS] [--set k=v]...</pre>
 */
public final class ThroughputRunner {
    private ThroughputRunner() {
    }

    public static void main(String[] args) throws Exception {
        Path file = null;
        long rows = 10_000_000L;
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("pipeline.name", "bench-" + ProcessHandle.current().pid());
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Long.parseLong(args[++i]);
                case "--state" -> {
                    String type = args[++i];
                    settings.put("state.backend.type", type.equals("heap") ? "hashmap" : type);
                }
                case "--checkpoint-ms" -> settings.put("execution.checkpointing.interval", args[++i] + " ms");
                case "--set" -> {
                    String[] kv = args[++i].split("=", 2);
                    settings.put(kv[0], kv[1]);
                }
                default -> file = Path.of(args[i]);
            }
        }
        if (file == null) {
            throw new IllegalArgumentException("usage: ThroughputRunner FILE.sql --rows N [--state hashmap|rocksdb] "
                    + "[--checkpoint-ms MS] [--set k=v]");
        }
        settings.putIfAbsent("execution.checkpointing.dir",
                Files.createTempDirectory("weir-bench-checkpoints").toString());
        String sql = Files.readString(file).replace("${ROWS}", Long.toString(rows));

        SqlSession session = new SqlSession(Configuration.of(settings));
        long jobStart = 0;
        JobResult result = null;
        for (Statement statement : ScriptParser.parse(new Script(file.toString(), sql))) {
            StatementResult outcome = session.execute(statement);
            if (outcome instanceof StatementResult.RunJob job) {
                jobStart = System.currentTimeMillis();
                JobHandle handle = LocalJob.submit(job.plan(), job.config());
                result = handle.await();
            }
        }
        if (result == null) {
            throw new IllegalStateException("the script has no INSERT to run");
        }
        if (result.failureCause() != null) {
            throw new IllegalStateException("job failed", result.failureCause());
        }
        long end = System.currentTimeMillis();
        long wallMs = end - ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.printf("RESULT query=%s state=%s checkpoint_ms=%s rows_in=%d wall_ms=%d job_ms=%d rows_per_s=%d "
                        + "peak_heap_mb=%d%n",
                file.getFileName().toString().replace(".sql", ""),
                settings.getOrDefault("state.backend.type", "hashmap"),
                settings.getOrDefault("execution.checkpointing.interval", "off").replace(" ms", ""),
                rows, wallMs, end - jobStart, rows * 1000 / Math.max(1, wallMs), peakHeapMegabytes());
    }

    private static long peakHeapMegabytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / (1024 * 1024);
    }
}
