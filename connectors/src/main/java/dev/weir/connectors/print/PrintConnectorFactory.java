package dev.weir.connectors.print;

import dev.weir.connectors.options.ConnectorOptions;
import dev.weir.executor.connector.ConnectorFactory;
import dev.weir.executor.connector.SinkWriter;
import dev.weir.executor.connector.TableContext;
import java.util.Set;

/** The {@code print} sink: writes every row to stdout (or stderr) as Flink's print connector does. */
public final class PrintConnectorFactory implements ConnectorFactory {
    public static final String IDENTIFIER = "print";
    static final String PRINT_IDENTIFIER = "print-identifier";
    static final String STANDARD_ERROR = "standard-error";
    /** Accepted for Flink compatibility; the planner reads it to pick the sink's parallelism. */
    static final String SINK_PARALLELISM = "sink.parallelism";

    private static final Set<String> OPTIONAL = Set.of(PRINT_IDENTIFIER, STANDARD_ERROR, SINK_PARALLELISM);

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
        return OPTIONAL;
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
        ConnectorOptions o = options(context);
        o.getBoolean(STANDARD_ERROR, false);
        if (o.has(SINK_PARALLELISM) && o.getLong(SINK_PARALLELISM, 1) < 1) {
            throw o.invalid(SINK_PARALLELISM, o.raw(SINK_PARALLELISM), "a positive integer");
        }
    }

    @Override
    public SinkWriter createWriter(TableContext context) {
        ConnectorOptions o = options(context);
        boolean stdErr = o.getBoolean(STANDARD_ERROR, false);
        return new PrintSinkWriter(context, o.getString(PRINT_IDENTIFIER, ""), stdErr ? System.err : System.out);
    }

    private ConnectorOptions options(TableContext context) {
        ConnectorOptions o = new ConnectorOptions(context.tableName(), context.options());
        o.checkKeys(IDENTIFIER, requiredOptions(), optionalOptions());
        return o;
    }
}
