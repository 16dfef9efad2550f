package dev.weir.executor.plan;

import dev.weir.core.type.RowType;
import java.util.Objects;

/**
 * {@code UNION ALL} of two or more inputs with the same columns: every row of every input passes
 * through unchanged (change kinds too); the watermark is the minimum over the inputs. Stateless.
 */
public record UnionSpec(String id, RowType outputType, int inputCount) implements OperatorSpec {
    public UnionSpec {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(outputType, "outputType is null");
        if (inputCount < 2) {
            throw new IllegalArgumentException("a union has two or more inputs");
        }
    }

    @Override
    public String describe() {
        return "Union(all=[true], union=[" + String.join(", ", outputType.names()) + "])";
    }
}
