package dev.weir.connectors.blackhole;

import dev.weir.connectors.options.ConnectorOptions;
import dev.weir.executor.connector.ConnectorFactory;
import dev.weir.executor.connector.SinkWriter;
import dev.weir.executor.connector.TableContext;
import java.util.Set;

/** The {@code blackhole} sink: swallows every row (for benchmarks and tests). Takes no options. */
public final class BlackHoleConnectorFactory implements ConnectorFactory {
    public static final String IDENTIFIER = "blackhole";

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<String> requiredOptions() {
        return Set.of();
    }

    @Override
    public Set<String> optionalOptions() {
        return Set.of();
    }

    @Override
    public boolean isSink() {
        return true;
    }

    @Override
    public boolean acceptsUpdates(TableContext context) {
        return true;
    }

    @Override
    public void validate(TableContext context, boolean asSource) {
        new ConnectorOptions(context.tableName(), context.options()).checkKeys(IDENTIFIER, Set.of(), Set.of());
    }

    @Override
    public SinkWriter createWriter(TableContext context) {
        validate(context, false);
        return new BlackHoleSinkWriter();
    }
}
