package dev.weir.connectors.format;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.weir.core.WeirException;
import dev.weir.core.type.DataType;
import dev.weir.core.type.TypeRoot;
import java.util.List;
import java.util.Map;

/**
 * ARRAY and MAP values in the json format, as Flink's: an ARRAY is a JSON array, a MAP a JSON
 * object whose field names are the keys, so a MAP's key type must be a string type (Flink refuses
 * others with "JSON format doesn't support non-string as key type of map").
 */
final class JsonCollections {
    private JsonCollections() {
    }

    /** Refuses a MAP (at any depth of {@code type}) whose keys are not strings. */
    static void checkKeys(DataType type, String column) {
        switch (type.root()) {
            case ARRAY -> checkKeys(type.elementType(), column);
            case MAP -> {
                TypeRoot key = type.keyType().root();
                if (key != TypeRoot.VARCHAR && key != TypeRoot.CHAR) {
                    throw new WeirException("Column '" + column + "' has type " + type + ", but the json format "
                            + "writes a MAP as a JSON object, whose keys are strings (as in Flink): declare the key "
                            + "type STRING, e.g. MAP<STRING, " + type.valueType() + ">.");
                }
                checkKeys(type.valueType(), column);
            }
            default -> {
            }
        }
    }

    /**
     * Appends a collection value as JSON: elements and map values as the json encoder writes a
     * field of their type ({@code scalar}), NULL as {@code null}, nested collections recursively.
     */
    static void append(StringBuilder out, Object v, DataType type, ScalarWriter scalar) {
        if (v == null) {
            out.append("null");
            return;
        }
        if (type.root() == TypeRoot.ARRAY) {
            DataType element = type.elementType();
            List<?> values = (List<?>) v;
            out.append('[');
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                appendValue(out, values.get(i), element, scalar);
            }
            out.append(']');
            return;
        }
        DataType valueType = type.valueType();
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            // JSON has no null field name; Flink writes the key "null" too
            out.append('"');
            JsonStringEncoder.getInstance().quoteAsString(String.valueOf(e.getKey()), out);
            out.append("\":");
            appendValue(out, e.getValue(), valueType, scalar);
        }
        out.append('}');
    }

    private static void appendValue(StringBuilder out, Object v, DataType type, ScalarWriter scalar) {
        if (v == null) {
            out.append("null");
        } else if (type.isCollection()) {
            append(out, v, type, scalar);
        } else {
            scalar.append(out, v, type);
        }
    }

    /** Writes one non-null scalar value as JSON. */
    @FunctionalInterface
    interface ScalarWriter {
        void append(StringBuilder out, Object v, DataType type);
    }
}
