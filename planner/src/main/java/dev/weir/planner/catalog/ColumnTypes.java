package dev.weir.planner.catalog;

import dev.weir.core.type.DataType;
import dev.weir.core.type.TypeRoot;
import dev.weir.parser.TypeSpec;
import java.util.List;

/** Turns a column type as written ({@link TypeSpec}) into a {@link DataType}, with Flink's defaults. */
final class ColumnTypes {
    static final String SUPPORTED = "STRING, VARCHAR(n), CHAR(n), BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, FLOAT, "
            + "DOUBLE, DECIMAL(p, s), DATE, TIME, TIMESTAMP(p), TIMESTAMP_LTZ(p), BYTES, VARBINARY(n), BINARY(n), ARRAY<T>, "
            + "MAP<K, V>";

    private ColumnTypes() {
    }

    /** The type, or an {@link IllegalArgumentException} whose message is meant for the user. */
    static DataType of(TypeSpec spec) {
        List<Integer> p = spec.params();
        return switch (spec.name()) {
            case "STRING" -> noParams(spec, DataType.string());
            case "VARCHAR" -> DataType.of(TypeRoot.VARCHAR, length(spec, 1));
            case "CHAR" -> DataType.of(TypeRoot.CHAR, length(spec, 1));
            case "BOOLEAN" -> noParams(spec, DataType.of(TypeRoot.BOOLEAN));
            case "TINYINT" -> noParams(spec, DataType.of(TypeRoot.TINYINT));
            case "SMALLINT" -> noParams(spec, DataType.of(TypeRoot.SMALLINT));
            case "INT" -> noParams(spec, DataType.of(TypeRoot.INT));
            case "BIGINT" -> noParams(spec, DataType.of(TypeRoot.BIGINT));
            case "FLOAT" -> noParams(spec, DataType.of(TypeRoot.FLOAT));
            case "DOUBLE" -> noParams(spec, DataType.of(TypeRoot.DOUBLE));
            case "DECIMAL" -> decimal(spec, p);
            case "DATE" -> noParams(spec, DataType.of(TypeRoot.DATE));
            case "TIME" -> DataType.of(TypeRoot.TIME);
            case "TIMESTAMP" -> DataType.of(TypeRoot.TIMESTAMP, timePrecision(spec));
            case "TIMESTAMP_LTZ" -> DataType.of(TypeRoot.TIMESTAMP_LTZ, timePrecision(spec));
            case "BYTES" -> noParams(spec, DataType.of(TypeRoot.BYTES));
            case "VARBINARY", "BINARY" -> DataType.of(TypeRoot.BYTES, length(spec, 1));
            case "ARRAY" -> DataType.array(element(spec.children().get(0)));
            case "MAP" -> DataType.map(element(spec.children().get(0)), element(spec.children().get(1)));
            default -> throw new IllegalArgumentException("Unknown type '" + spec.name() + "'. Supported types: "
                    + SUPPORTED + ".");
        };
    }

    /** An element, key or value type, NOT NULL when declared so inside the collection type. */
    private static DataType element(TypeSpec spec) {
        DataType type = of(spec);
        return spec.notNull() ? type.notNull() : type;
    }

    private static DataType noParams(TypeSpec spec, DataType type) {
        if (!spec.params().isEmpty()) {
            throw new IllegalArgumentException("Type " + spec.name() + " takes no parameters, but got "
                    + spec.params() + ".");
        }
        return type;
    }

    private static int length(TypeSpec spec, int defaultLength) {
        if (spec.params().isEmpty()) {
            return defaultLength;
        }
        int n = spec.params().get(0);
        if (spec.params().size() > 1 || n < 1) {
            throw new IllegalArgumentException("Type " + spec.name() + " takes one length of at least 1, but got "
                    + spec.params() + ".");
        }
        return n;
    }

    private static int timePrecision(TypeSpec spec) {
        if (spec.params().isEmpty()) {
            return 6;
        }
        int p = spec.params().get(0);
        if (spec.params().size() > 1 || p < 0 || p > 9) {
            throw new IllegalArgumentException("Type " + spec.name() + " takes a precision between 0 and 9, but got "
                    + spec.params() + ".");
        }
        return p;
    }

    private static DataType decimal(TypeSpec spec, List<Integer> p) {
        int precision = p.isEmpty() ? 10 : p.get(0);
        int scale = p.size() < 2 ? 0 : p.get(1);
        if (p.size() > 2 || precision < 1 || precision > 38 || scale < 0 || scale > precision) {
            throw new IllegalArgumentException("DECIMAL takes a precision between 1 and 38 and a scale between 0 and "
                    + "the precision, but got " + p + ".");
        }
        return DataType.decimal(precision, scale);
    }
}
