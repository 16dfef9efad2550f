package dev.weir.executor.plan;

import dev.weir.core.type.RowType;
import dev.weir.executor.expr.ScalarExpression;
import java.util.Objects;

/**
 * {@code CROSS JOIN UNNEST(collection)} / {@code LEFT JOIN UNNEST(collection) ON TRUE} (Flink's
 * Correlate over its UNNEST table function): each input row comes out once per element of the
 * collection it holds, with the element appended (a MAP entry appends its key and value; WITH
 * ORDINALITY also appends the 1-based position). A NULL or empty collection drops the row, or, when
 * {@code keepEmpty} (LEFT JOIN), emits it once with NULLs appended. Stateless: the change kind
 * passes through, so an updating input stays correct.
 *
 * @param collection     the ARRAY or MAP to unnest, over the input row
 * @param collectionText readable form of {@code collection}, for EXPLAIN
 * @param map            whether {@code collection} is a MAP (two columns per element) rather than an ARRAY
 */
public record UnnestSpec(String id, RowType outputType, ScalarExpression collection, String collectionText,
        boolean map, boolean withOrdinality, boolean keepEmpty) implements OperatorSpec {
    public UnnestSpec {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(outputType, "outputType is null");
        Objects.requireNonNull(collection, "collection is null");
        Objects.requireNonNull(collectionText, "collectionText is null");
        if (outputType.arity() < appendedColumns()) {
            throw new IllegalArgumentException("the output type lacks the unnested columns");
        }
    }

    /** How many columns each output row has beyond its input row's. */
    public int appendedColumns() {
        return (map ? 2 : 1) + (withOrdinality ? 1 : 0);
    }

    @Override
    public String describe() {
        return "Unnest(unnest=[" + collectionText + "]" + (withOrdinality ? ", ordinality=[true]" : "")
                + ", joinType=[" + (keepEmpty ? "LEFT" : "INNER") + "], select=[" + String.join(", ",
                        outputType.names()) + "])";
    }
}
