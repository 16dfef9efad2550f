package dev.weir.executor.testing;

import dev.weir.core.Row;
import dev.weir.core.serde.RowSerializer;
import dev.weir.executor.connector.ConnectorFactory;
import dev.weir.executor.connector.InputStatus;
import dev.weir.executor.connector.SinkWriter;
import dev.weir.executor.connector.SourceReader;
import dev.weir.executor.connector.TableContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Test connector {@code 'connector' = 'values'}: reads rows registered in {@link ValuesRegistry}
 * under {@code 'data-id'}, and writes with two-phase commit into the registry under
 * {@code 'sink-id'}. Options: {@code 'rows-per-poll'} (default 100); {@code 'throttle' = 'true'}
 * reports NOTHING_AVAILABLE after each batch so the runtime backs off and a job runs long enough
 * to be cancelled mid-way; {@code 'fail-after'} makes the reader fail after that many rows;
 * {@code 'fail-commit-at'} makes the writer fail when asked to commit that checkpoint (a crash
 * between a durable checkpoint and its commit). Subtask {@code i} of {@code p} reads rows
 * {@code i, i + p, …}; {@code 'only-subtask'} gives every row to that subtask; {@code 'hold-open'}
 * never ends (an unbounded source that ran dry); {@code 'write-delay-micros'} slows the writer.
 */
public final class ValuesConnectorFactory implements ConnectorFactory {
    @Override
    public String identifier() {
        return "values";
    }

    @Override
    public Set<String> requiredOptions() {
        return Set.of();
    }

    @Override
    public Set<String> optionalOptions() {
        return Set.of("data-id", "sink-id", "rows-per-poll", "throttle", "fail-after", "fail-commit-at", "hold-open",
                "only-subtask", "write-delay-micros");
    }

    @Override
    public boolean isSource() {
        return true;
    }

    @Override
    public boolean isSink() {
        return true;
    }

    @Override
    public SourceReader createReader(TableContext context) throws IOException {
        List<Row> rows = ValuesRegistry.data(context.option("data-id"));
        int perPoll = Integer.parseInt(context.options().getOrDefault("rows-per-poll", "100"));
        boolean throttle = Boolean.parseBoolean(context.options().getOrDefault("throttle", "false"));
        long failAfter = Long.parseLong(context.options().getOrDefault("fail-after", "-1"));
        long start = 0;
        if (context.restoredState() != null) {
            start = new DataInputStream(new ByteArrayInputStream(context.restoredState())).readLong();
        }
        int step = context.parallelism();
        String only = context.option("only-subtask");
        boolean mine = only == null || Integer.parseInt(only) == context.subtaskIndex();
        if (only != null) {
            step = 1;
        }
        if (context.restoredState() == null) {
            start = only != null ? 0 : context.subtaskIndex();
        }
        return new Reader(mine ? rows : List.of(), perPoll, throttle, failAfter, start, step,
                Boolean.parseBoolean(context.options().getOrDefault("hold-open", "false")));
    }

    @Override
    public SinkWriter createWriter(TableContext context) throws IOException {
        return new Writer(context);
    }

    private static final class Reader implements SourceReader {
        private final List<Row> rows;
        private final int perPoll;
        private final boolean throttle;
        private final long failAfter;
        private final int step;
        private final boolean holdOpen;
        private int next;
        private boolean idleOnce;

        Reader(List<Row> rows, int perPoll, boolean throttle, long failAfter, long start, int step, boolean holdOpen) {
            this.step = step;
            this.holdOpen = holdOpen;
            this.rows = rows;
            this.perPoll = perPoll;
            this.throttle = throttle;
            this.failAfter = failAfter;
            this.next = (int) start;
        }

        @Override
        public InputStatus pollNext(Consumer<Row> out) {
            InputStatus ended = holdOpen ? InputStatus.NOTHING_AVAILABLE : InputStatus.END_OF_INPUT;
            if (next >= rows.size()) {
                return ended;
            }
            if (throttle && (idleOnce = !idleOnce)) {
                return InputStatus.NOTHING_AVAILABLE;
            }
            for (int i = 0; i < perPoll && next < rows.size(); i++) {
                if (failAfter >= 0 && next >= failAfter) {
                    throw new IllegalStateException("values source: injected failure at row " + next);
                }
                out.accept(rows.get(next));
                next += step;
            }
            return next >= rows.size() ? ended : InputStatus.MORE_AVAILABLE;
        }

        @Override
        public void close() {
        }

        @Override
        public byte[] snapshotPosition(long checkpointId) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            new DataOutputStream(bytes).writeLong(next);
            return bytes.toByteArray();
        }
    }

    private static final class Writer implements SinkWriter {
        private final String sinkId;
        private final RowSerializer serializer;
        private final List<Row> pending = new ArrayList<>();
        private final TreeMap<Long, List<Row>> prepared = new TreeMap<>();
        private final long failCommitAt;
        private final long writeDelayNanos;
        private final int subtask;

        Writer(TableContext context) throws IOException {
            this.subtask = context.subtaskIndex();
            this.writeDelayNanos = 1000L * Long.parseLong(context.options().getOrDefault("write-delay-micros", "0"));
            this.sinkId = context.option("sink-id");
            this.failCommitAt = Long.parseLong(context.options().getOrDefault("fail-commit-at", "-1"));
            if (sinkId == null) {
                throw new IllegalArgumentException("values sink needs 'sink-id'");
            }
            this.serializer = new RowSerializer(context.schema());
            if (context.restoredState() != null) {
                DataInputStream in = new DataInputStream(new ByteArrayInputStream(context.restoredState()));
                long id = in.readLong();
                int n = in.readInt();
                List<Row> rows = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    rows.add(serializer.deserialize(in));
                }
                prepared.put(id, rows);
            }
        }

        @Override
        public void write(Row row) {
            if (writeDelayNanos > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(writeDelayNanos); // a slow external system
            }
            pending.add(row);
        }

        @Override
        public byte[] prepareCommit(long checkpointId) throws IOException {
            List<Row> rows = new ArrayList<>(pending);
            pending.clear();
            prepared.put(checkpointId, rows);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeLong(checkpointId);
            out.writeInt(rows.size());
            for (Row r : rows) {
                serializer.serialize(r, out);
            }
            out.flush();
            return bytes.toByteArray();
        }

        @Override
        public void commit(long checkpointId) {
            if (checkpointId == failCommitAt) {
                throw new IllegalStateException("values sink: injected failure committing checkpoint " + checkpointId);
            }
            Map<Long, List<Row>> done = prepared.headMap(checkpointId, true);
            for (Map.Entry<Long, List<Row>> e : done.entrySet()) {
                // one commit per checkpoint and subtask, however often it is repeated
                ValuesRegistry.commit(sinkId, e.getKey() * 4096 + subtask, e.getValue());
            }
            done.clear();
        }

        @Override
        public void finish() {
            if (!prepared.isEmpty()) {
                commit(prepared.lastKey());
            }
            ValuesRegistry.appendFinal(sinkId, new ArrayList<>(pending));
            pending.clear();
        }

        @Override
        public void close() {
            pending.clear();
            prepared.clear();
        }
    }
}
