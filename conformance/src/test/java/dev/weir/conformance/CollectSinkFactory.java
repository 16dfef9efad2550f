package dev.weir.conformance;

import dev.weir.core.WeirException;
import dev.weir.executor.connector.ConnectorFactory;
import dev.weir.executor.connector.SinkWriter;
import dev.weir.executor.connector.TableContext;
import java.util.Set;

/**
 * The {@code conformance-collect} sink: hands every row (with its change kind) to the
 * {@link CollectedRows} buffer named by its {@code collect.id} option, so the runner can read
 * a job's complete changelog after the job ends. Test scope only; the runner puts it in place of
 * a case's own sink after planning.
 */
public final class CollectSinkFactory implements ConnectorFactory {
    static final String IDENTIFIER = "conformance-collect";
    static final String COLLECT_ID = "collect.id";

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<String> requiredOptions() {
        return Set.of(COLLECT_ID);
    }

    @Override
    public Set<String> optionalOptions() {
        return Set.of();
    }

    @Override
    public boolean isSink() {
        return true;
    }

    /**
     * The collector applies the whole changelog. (No {@code @Override}: the SPI method is new and
     * this must compile against executor jars from before it.)
     */
    public boolean acceptsUpdates(TableContext context) {
        return true;
    }

    @Override
    public SinkWriter createWriter(TableContext context) {
        String id = context.option(COLLECT_ID);
        if (id == null) {
            throw new WeirException("Sink '" + context.tableName() + "' of connector '" + IDENTIFIER
                    + "' needs the option '" + COLLECT_ID + "'.");
        }
        return new CollectSinkWriter(CollectedRows.get(id));
    }
}
