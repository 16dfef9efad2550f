package dev.weir.planner.physical;

import dev.weir.core.type.DataType;
import dev.weir.core.type.TypeRoot;

/**
 * Which query types may be written into a sink column of another type without an explicit
 * CAST, following Flink's implicit cast rules: widening within numbers, any length or precision
 * change within strings, binaries and timestamps; never from strings to numbers or back.
 */
final class ImplicitCasts {
    private ImplicitCasts() {
    }

    static boolean allowed(DataType from, DataType to) {
        TypeRoot f = from.root();
        TypeRoot t = to.root();
        if (f == TypeRoot.ARRAY && t == TypeRoot.ARRAY) {
            return allowed(from.elementType(), to.elementType());
        }
        if (f == TypeRoot.MAP && t == TypeRoot.MAP) {
            return allowed(from.keyType(), to.keyType()) && allowed(from.valueType(), to.valueType());
        }
        if (f == t) {
            return true;
        }
        if (isString(f) && isString(t)) {
            return true;
        }
        if (isTimestamp(f) && isTimestamp(t)) {
            return true;
        }
        int fr = numericRank(f);
        int tr = numericRank(t);
        if (fr < 0 || tr < 0) {
            return false;
        }
        // DECIMAL ranks above the integers but may not turn back into one.
        return fr <= tr;
    }

    private static boolean isString(TypeRoot r) {
        return r == TypeRoot.CHAR || r == TypeRoot.VARCHAR;
    }

    private static boolean isTimestamp(TypeRoot r) {
        return r == TypeRoot.TIMESTAMP || r == TypeRoot.TIMESTAMP_LTZ;
    }

    private static int numericRank(TypeRoot r) {
        return switch (r) {
            case TINYINT -> 0;
            case SMALLINT -> 1;
            case INT -> 2;
            case BIGINT -> 3;
            case DECIMAL -> 4;
            case FLOAT -> 5;
            case DOUBLE -> 6;
            default -> -1;
        };
    }
}
