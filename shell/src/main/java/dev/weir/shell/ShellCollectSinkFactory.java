package dev.weir.shell;

import dev.weir.core.Row;
import dev.weir.executor.connector.ConnectorFactory;
import dev.weir.executor.connector.SinkWriter;
import dev.weir.executor.connector.TableContext;
import java.util.Set;

/**
 * The {@code weir-shell-collect} connector: the sink of a SELECT typed at the prompt. It hands
 * rows to the query's bounded {@link ResultQueue}, which the shell's result view drains. A SELECT
 * at the prompt does not resume from checkpoints, so commits are no-ops.
 */
public final class ShellCollectSinkFactory implements ConnectorFactory {
    static final String IDENTIFIER = "weir-shell-collect";
    static final String RESULT_ID = "result-id";

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<String> requiredOptions() {
        return Set.of(RESULT_ID);
    }

    @Override
    public Set<String> optionalOptions() {
        return Set.of();
    }

    @Override
    public boolean isSink() {
        return true;
    }

    /** The result views show every change kind. */
    @Override
    public boolean acceptsUpdates(TableContext context) {
        return true;
    }

    @Override
    public SinkWriter createWriter(TableContext context) {
        String id = context.option(RESULT_ID);
        return new Writer(id, ResultQueue.lookup(id));
    }

    private static final class Writer implements SinkWriter {
        private final String id;
        private final ResultQueue queue;

        Writer(String id, ResultQueue queue) {
            this.id = id;
            this.queue = queue;
        }

        @Override
        public void write(Row row) throws InterruptedException {
            queue.put(row);
        }

        @Override
        public byte[] prepareCommit(long checkpointId) {
            return null;
        }

        @Override
        public void commit(long checkpointId) {
        }

        @Override
        public void finish() {
            queue.end();
        }

        @Override
        public void close() {
            ResultQueue.unregister(id);
        }
    }
}
