package dev.weir.connectors.format;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.weir.core.Row;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import java.util.Objects;

/**
 * Writes rows as one JSON object per line, fields by column name: numbers and booleans as JSON
 * values (DECIMAL as a plain number), NULL as {@code null}, everything else as strings;
 * timestamps in the SQL ({@code 2023-11-14 22:13:20.000}) or ISO-8601 form; ARRAY as a JSON
 * array and MAP as a JSON object (string keys), nested.
 */
public final class JsonRowEncoder implements RowEncoder {
    private final DataType[] types;
    private final String[] quotedNames;
    private final boolean isoTimestamps;
    private final StringBuilder scratch = new StringBuilder(32);
    private final JsonCollections.ScalarWriter scalarWriter = this::appendScalar;

    public JsonRowEncoder(RowType schema, boolean isoTimestamps) {
        Objects.requireNonNull(schema, "schema is null");
        this.types = new DataType[schema.arity()];
        this.quotedNames = new String[schema.arity()];
        for (int i = 0; i < types.length; i++) {
            types[i] = schema.type(i);
            quotedNames[i] = "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(schema.field(i).name()))
                    + "\":";
        }
        this.isoTimestamps = isoTimestamps;
        for (int i = 0; i < types.length; i++) {
            JsonCollections.checkKeys(types[i], schema.field(i).name());
        }
    }

    @Override
    public void encode(Row row, StringBuilder out) {
        out.append('{');
        for (int i = 0; i < types.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(quotedNames[i]);
            Object v = row.field(i);
            if (v == null) {
                out.append("null");
                continue;
            }
            if (types[i].isCollection()) {
                JsonCollections.append(out, v, types[i], scalarWriter);
            } else {
                appendScalar(out, v, types[i]);
            }
        }
        out.append("}\n");
    }

    /** One non-null value of a scalar type: numbers and booleans bare, everything else a JSON string. */
    private void appendScalar(StringBuilder out, Object v, DataType type) {
        switch (type.root()) {
            case BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, DECIMAL -> FileValues.append(out, v, type, false);
            case FLOAT, DOUBLE -> {
                double d = ((Number) v).doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    out.append('"').append(d).append('"');
                } else {
                    FileValues.append(out, v, type, false);
                }
            }
            default -> {
                scratch.setLength(0);
                if (v instanceof String s) {
                    scratch.append(s);
                } else {
                    FileValues.append(scratch, v, type, isoTimestamps);
                }
                out.append('"');
                JsonStringEncoder.getInstance().quoteAsString(scratch, out);
                out.append('"');
            }
        }
    }
}
