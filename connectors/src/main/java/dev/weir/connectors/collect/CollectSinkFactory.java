package dev.weir.connectors.collect;

import dev.weir.executor.connector.ConnectorFactory;
import dev.weir.executor.connector.SinkWriter;
import dev.weir.executor.connector.TableContext;
import dev.weir.executor.plan.PhysicalPlan;
import dev.weir.executor.plan.SinkSpec;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code weir-collect} connector: the sink of a query whose rows go back to the process that
 * ran it (a SELECT at the shell's prompt or over JDBC, a conformance case). It hands every row,
 * with its change kind, to the bounded {@link CollectQueue} registered in {@link CollectQueues}
 * under its {@value #COLLECT_ID} option. Not for CREATE TABLE: callers swap it in with
 * {@link #withCollectSink}.
 */
public final class CollectSinkFactory implements ConnectorFactory {
    /** The connector identifier of a collected query's sink. */
    public static final String IDENTIFIER = "weir-collect";
    /** The option naming the queue that receives the rows. */
    public static final String COLLECT_ID = "collect-id";

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

    /** Every consumer shows or applies the whole changelog. */
    @Override
    public boolean acceptsUpdates(TableContext context) {
        return true;
    }

    @Override
    public SinkWriter createWriter(TableContext context) {
        String id = context.option(COLLECT_ID);
        CollectQueue queue = CollectQueues.lookup(id);
        queue.attach(context.parallelism());
        return new CollectSinkWriter(id, queue);
    }

    /** {@code plan} with its sink replaced by one writing into the queue registered as {@code collectId}. */
    public static PhysicalPlan withCollectSink(PhysicalPlan plan, String collectId) {
        Objects.requireNonNull(plan, "plan is null");
        Objects.requireNonNull(collectId, "collectId is null");
        SinkSpec sink = plan.sink();
        return plan.withOperator(plan.operators().size() - 1, new SinkSpec(sink.id(), sink.tableName(),
                sink.outputType(), Map.of("connector", IDENTIFIER, COLLECT_ID, collectId)));
    }
}
