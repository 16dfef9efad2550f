package dev.weir.conformance;

import dev.weir.connectors.collect.CollectQueue;
import dev.weir.connectors.collect.CollectQueues;
import dev.weir.connectors.collect.CollectSinkFactory;
import dev.weir.core.Row;
import dev.weir.core.RowKind;
import dev.weir.core.config.Configuration;
import dev.weir.core.type.RowType;
import dev.weir.executor.plan.PhysicalPlan;
import dev.weir.executor.plan.SinkSpec;
import dev.weir.executor.runtime.JobHandle;
import dev.weir.executor.runtime.JobResult;
import dev.weir.executor.runtime.JobStatus;
import dev.weir.executor.runtime.LocalJob;
import dev.weir.parser.Insert;
import dev.weir.parser.StatementSet;
import dev.weir.parser.Query;
import dev.weir.parser.Script;
import dev.weir.parser.ScriptParser;
import dev.weir.parser.Statement;
import dev.weir.planner.SqlSession;
import dev.weir.planner.StatementResult;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a case's script on Weir the way the oracle runs it on Flink: DDL and SET go through a
 * {@link SqlSession}; each INSERT is planned, its sink swapped for the collecting sink, run to the
 * end of its bounded input, and its changelog applied into the final rows, rendered and sorted.
 */
final class CaseRunner {
    private static final long JOB_TIMEOUT_SECONDS = 60;
    /** Rows the job may write ahead of the runner before it blocks. */
    private static final int COLLECT_CAPACITY = 1024;
    private static final long POLL_MILLIS = 50;

    private final Path workDirectory;

    /** @param workDirectory where jobs keep checkpoints and RocksDB files (a fresh temp directory) */
    CaseRunner(Path workDirectory) {
        this.workDirectory = Objects.requireNonNull(workDirectory, "workDirectory is null");
    }

    /** One result section per INSERT of the script, in order. */
    List<ResultSection> run(ConformanceCase c, String backend, int parallelism) throws InterruptedException {
        Configuration initial = Configuration.empty()
                .with("state.backend.type", backend)
                .with("parallelism.default", Integer.toString(parallelism))
                .with("execution.checkpointing.dir", workDirectory.resolve("checkpoints").toString())
                .with("io.tmp.dirs", workDirectory.toString());
        SqlSession session = new SqlSession(initial);
        Script script = new Script(c.name() + "/" + ConformanceCase.QUERY, c.scriptText());
        List<ResultSection> sections = new ArrayList<>();
        for (Statement statement : ScriptParser.parse(script)) {
            if (statement instanceof Insert insert) {
                sections.add(runInsert(c, backend, session, script, insert, sections.size()));
            } else if (statement instanceof StatementSet set) {
                sections.addAll(runStatementSet(c, backend, session, script, set, sections.size()));
            } else if (session.execute(statement, script) instanceof StatementResult.RunJob) {
                throw new IllegalArgumentException("case '" + c.name() + "': write the query under test as "
                        + "INSERT INTO <sink> <query>, as the oracle expects, not as a bare query: " + statement.text());
            }
        }
        return sections;
    }

    private ResultSection runInsert(ConformanceCase c, String backend, SqlSession session, Script script, Insert insert,
            int index) throws InterruptedException {
        StatementResult.RunJob job = (StatementResult.RunJob) session.execute(insert, script);
        // The oracle renders the query's own column types; plan the query alone to learn them.
        StatementResult.RunJob alone = (StatementResult.RunJob) session.execute(
                new Query(insert.position(), insert.query().text(), insert.query()), script);
        RowType queryType = alone.plan().sink().outputType();

        checkSinkTypes(c, index, job.plan().sink());

        String collectId = c.name() + "#" + index + "@" + backend + "@" + System.nanoTime();
        PhysicalPlan plan = CollectSinkFactory.withCollectSink(job.plan(), collectId);
        Configuration config = job.config().with("pipeline.name", "conformance-" + c.name() + "-" + index + "-" + backend);
        CollectQueue queue = new CollectQueue(COLLECT_CAPACITY);
        CollectQueues.register(collectId, queue);
        try {
            JobHandle handle = LocalJob.submit(plan, config);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(JOB_TIMEOUT_SECONDS);
            List<Row> changelog = drain(handle, queue, deadline);
            Optional<JobResult> result = changelog == null ? Optional.empty()
                    : handle.await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (result.isEmpty()) {
                handle.cancel();
                queue.close();
                handle.await(10, TimeUnit.SECONDS);
                throw new AssertionError("case '" + c.name() + "' on " + backend + ": the job did not finish within "
                        + JOB_TIMEOUT_SECONDS + " s");
            }
            if (result.get().status() != JobStatus.FINISHED) {
                throw new AssertionError("case '" + c.name() + "' on " + backend + ": the job ended "
                        + result.get().status() + ": " + result.get().failureCause(), result.get().failureCause());
            }
            return materialize(c, plan.sink().outputType(), queryType, changelog, zone(config));
        } finally {
            CollectQueues.unregister(collectId);
        }
    }

    /**
     * A statement set runs as one job; each of its sinks gets a collecting sink of its own, and each
     * INSERT gives one result section, in order (as the oracle runs each INSERT's query alone).
     */
    private List<ResultSection> runStatementSet(ConformanceCase c, String backend, SqlSession session, Script script,
            StatementSet set, int firstIndex) throws InterruptedException {
        StatementResult.RunJob job = (StatementResult.RunJob) session.execute(set, script);
        PhysicalPlan plan = job.plan();
        List<Integer> sinkIndices = plan.sinkIndices();
        if (sinkIndices.size() != set.inserts().size()) {
            throw new IllegalArgumentException("case '" + c.name() + "': a statement set of " + set.inserts().size()
                    + " INSERTs planned " + sinkIndices.size() + " sinks; LATE_ROWS has no oracle");
        }
        List<RowType> queryTypes = new ArrayList<>();
        List<String> collectIds = new ArrayList<>();
        List<CollectQueue> queues = new ArrayList<>();
        for (int i = 0; i < set.inserts().size(); i++) {
            Insert insert = set.inserts().get(i);
            StatementResult.RunJob alone = (StatementResult.RunJob) session.execute(
                    new Query(insert.position(), insert.query().text(), insert.query()), script);
            queryTypes.add(alone.plan().sink().outputType());
            SinkSpec sink = (SinkSpec) plan.operators().get(sinkIndices.get(i));
            checkSinkTypes(c, firstIndex + i, sink);
            String collectId = c.name() + "#" + (firstIndex + i) + "@" + backend + "@" + System.nanoTime();
            collectIds.add(collectId);
            plan = plan.withOperator(sinkIndices.get(i), new SinkSpec(sink.id(), sink.tableName(), sink.outputType(),
                    Map.of("connector", CollectSinkFactory.IDENTIFIER, CollectSinkFactory.COLLECT_ID, collectId)));
            CollectQueue queue = new CollectQueue(COLLECT_CAPACITY);
            queues.add(queue);
            CollectQueues.register(collectId, queue);
        }
        Configuration config = job.config().with("pipeline.name", "conformance-" + c.name() + "-" + firstIndex + "-"
                + backend);
        try {
            JobHandle handle = LocalJob.submit(plan, config);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(JOB_TIMEOUT_SECONDS);
            List<List<Row>> changelogs = drainAll(handle, queues, deadline);
            Optional<JobResult> result = changelogs == null ? Optional.empty()
                    : handle.await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (result.isEmpty()) {
                handle.cancel();
                queues.forEach(CollectQueue::close);
                handle.await(10, TimeUnit.SECONDS);
                throw new AssertionError("case '" + c.name() + "' on " + backend + ": the statement set's job did not "
                        + "finish within " + JOB_TIMEOUT_SECONDS + " s");
            }
            if (result.get().status() != JobStatus.FINISHED) {
                throw new AssertionError("case '" + c.name() + "' on " + backend + ": the job ended "
                        + result.get().status() + ": " + result.get().failureCause(), result.get().failureCause());
            }
            List<ResultSection> sections = new ArrayList<>();
            for (int i = 0; i < queues.size(); i++) {
                RowType sinkType = plan.operators().get(sinkIndices.get(i)).outputType();
                sections.add(materialize(c, sinkType, queryTypes.get(i), changelogs.get(i), zone(config)));
            }
            return sections;
        } finally {
            collectIds.forEach(CollectQueues::unregister);
        }
    }

    /** As {@link #drain}, over several queues filled by one job (each drained in turn, so none blocks it for long). */
    private static List<List<Row>> drainAll(JobHandle handle, List<CollectQueue> queues, long deadlineNanos)
            throws InterruptedException {
        List<List<Row>> changelogs = new ArrayList<>();
        for (int i = 0; i < queues.size(); i++) {
            changelogs.add(new ArrayList<>());
        }
        while (true) {
            boolean allDone = true;
            int taken = 0;
            for (int i = 0; i < queues.size(); i++) {
                CollectQueue queue = queues.get(i);
                if (queue.isDone()) {
                    continue;
                }
                allDone = false;
                long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
                if (leftMillis <= 0) {
                    return null;
                }
                int before = changelogs.get(i).size();
                queue.take(changelogs.get(i), COLLECT_CAPACITY, Math.min(POLL_MILLIS / queues.size() + 1, leftMillis));
                taken += changelogs.get(i).size() - before;
            }
            // A job that died before creating its sinks never signals the queues.
            if (allDone || (taken == 0 && handle.status().isTerminal())) {
                break;
            }
        }
        for (int i = 0; i < queues.size(); i++) {
            queues.get(i).take(changelogs.get(i), Integer.MAX_VALUE, 0);
        }
        return changelogs;
    }

    /**
     * The job's whole changelog, taken from the bounded queue while the job runs (a full queue
     * blocks the job); null when the deadline passes first.
     */
    private static List<Row> drain(JobHandle handle, CollectQueue queue, long deadlineNanos)
            throws InterruptedException {
        List<Row> changelog = new ArrayList<>();
        while (!queue.isDone()) {
            long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
            if (leftMillis <= 0) {
                return null;
            }
            int before = changelog.size();
            queue.take(changelog, COLLECT_CAPACITY, Math.min(POLL_MILLIS, leftMillis));
            // A job that died before creating its sink never signals the queue.
            if (changelog.size() == before && handle.status().isTerminal()) {
                break;
            }
        }
        // Rows written between the last take and the job's end.
        queue.take(changelog, Integer.MAX_VALUE, 0);
        return changelog;
    }

    /**
     * Rows reach the collector already cast to the sink's column types, while the oracle renders
     * the query's own types; the two only agree when the case declares its sink with the query's
     * types (a TIMESTAMP_LTZ(3) written into TIMESTAMP_LTZ(0) loses its fraction).
     */
    static void checkSinkTypes(ConformanceCase c, int index, SinkSpec sink) {
        if (index >= c.expected().size()) {
            return; // reported by the comparison
        }
        ResultSection expected = c.expected().get(index);
        RowType sinkType = sink.outputType();
        if (sinkType.arity() != expected.columnCount()) {
            return; // reported by the comparison, with both column lists
        }
        for (int i = 0; i < sinkType.arity(); i++) {
            String declared = ResultSection.normalizeType(sinkType.type(i).toString());
            String flink = expected.columnTypes().get(i);
            if (!declared.equals(flink) && !(isString(declared) && isString(flink))) {
                throw new IllegalArgumentException("case '" + c.name() + "', INSERT #" + (index + 1) + ": sink column '"
                        + sinkType.names().get(i) + "' of table '" + sink.tableName() + "' is declared " + declared
                        + " but Flink's query produces " + flink + "; declare the sink with the query's types, "
                        + "since the oracle renders those.");
            }
        }
    }

    /** Character strings render the same whatever their declared length. */
    private static boolean isString(String type) {
        return type.equals("STRING") || type.startsWith("VARCHAR(") || type.startsWith("CHAR(");
    }

    /** Applies the changelog (+I/+U add a row, -U/-D remove one) and renders the final rows, sorted. */
    static ResultSection materialize(ConformanceCase c, RowType sinkType, RowType queryType, List<Row> changelog,
            ZoneId zone) {
        Map<String, Integer> multiset = new HashMap<>();
        for (Row row : changelog) {
            String line = CsvLine.render(row, sinkType, zone);
            RowKind kind = row.kind();
            if (kind == RowKind.INSERT || kind == RowKind.UPDATE_AFTER) {
                multiset.merge(line, 1, Integer::sum);
            } else {
                Integer count = multiset.get(line);
                if (count == null) {
                    throw new AssertionError("case '" + c.name() + "': the changelog retracts a row that is not "
                            + "present: " + kind.shortString() + " " + line);
                }
                if (count == 1) {
                    multiset.remove(line);
                } else {
                    multiset.put(line, count - 1);
                }
            }
        }
        List<String> rows = new ArrayList<>();
        for (Map.Entry<String, Integer> e : multiset.entrySet()) {
            for (int i = 0; i < e.getValue(); i++) {
                rows.add(e.getKey());
            }
        }
        rows.sort(null);
        List<String> types = new ArrayList<>();
        for (int i = 0; i < queryType.arity(); i++) {
            types.add(ResultSection.normalizeType(queryType.type(i).toString()));
        }
        return new ResultSection(queryType.names(), types, rows);
    }

    private static ZoneId zone(Configuration config) {
        String zone = config.getString("table.local-time-zone");
        return zone == null ? ZoneId.of("UTC") : ZoneId.of(zone);
    }
}
