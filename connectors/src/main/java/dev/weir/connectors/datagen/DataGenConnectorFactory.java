package dev.weir.connectors.datagen;

import dev.weir.connectors.options.ConnectorOptions;
import dev.weir.executor.connector.ConnectorFactory;
import dev.weir.executor.connector.SourceReader;
import dev.weir.executor.connector.TableContext;
import java.util.List;
import java.util.Set;

/**
 * The {@code datagen} source: generated rows with Flink's option names. Unlike Flink, random
 * values are a pure function of (field, row index), so a restored reader repeats exactly.
 */
public final class DataGenConnectorFactory implements ConnectorFactory {
    public static final String IDENTIFIER = "datagen";

    static final String NUMBER_OF_ROWS = "number-of-rows";
    static final String ROWS_PER_SECOND = "rows-per-second";
    static final String FIELDS = "fields.";
    static final String KIND = "kind";
    static final String START = "start";
    static final String END = "end";
    static final String MIN = "min";
    static final String MAX = "max";
    static final String LENGTH = "length";
    static final String MAX_PAST = "max-past";
    static final String NULL_RATE = "null-rate";

    private static final Set<String> OPTIONAL = Set.of(NUMBER_OF_ROWS, ROWS_PER_SECOND,
            dev.weir.executor.runtime.TableParallelism.SCAN_PARALLELISM,
            "fields.*.kind", "fields.*.start", "fields.*.end", "fields.*.min", "fields.*.max",
            "fields.*.length", "fields.*.max-past", "fields.*.null-rate");

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
    public boolean isSource() {
        return true;
    }

    @Override
    public void validate(TableContext context, boolean asSource) {
        DataGenSpec.from(context);
    }

    @Override
    public boolean isBounded(TableContext context) {
        return DataGenSpec.from(context).isBounded();
    }

    /** Every global row emitted by any old subtask stays emitted; see {@link DataGenPosition#rescale}. */
    @Override
    public byte[] rescaledPosition(TableContext context, List<byte[]> oldPositions) {
        return DataGenPosition.rescale(DataGenSpec.from(context).table(), oldPositions, context.subtaskIndex(),
                Math.max(1, context.parallelism()));
    }

    @Override
    public SourceReader createReader(TableContext context) {
        return new DataGenReader(DataGenSpec.from(context), context);
    }
}
