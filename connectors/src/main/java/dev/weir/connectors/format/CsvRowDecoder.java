package dev.weir.connectors.format;

import dev.weir.core.WeirException;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.core.type.TypeRoot;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Decodes one CSV record (RFC 4180 quoting, optional escape character) into row values.
 *
 * <p>NULL: an unquoted field equal to the null literal ({@code csv.null-literal}), or an unquoted
 * empty field of a non-string column. An empty string column is the empty string, as in Flink
 * (which has no null literal unless one is configured): a NULL written with no null literal
 * therefore reads back as the empty string, in Flink and here alike.
 */
public final class CsvRowDecoder implements RowDecoder {
    private final RowType schema;
    private final DataType[] types;
    private final char delimiter;
    private final int quote;
    private final int escape;
    private final String nullLiteral;
    private final ZoneId zone;
    private final String[] texts;
    private final boolean[] quoted;
    private final StringBuilder field = new StringBuilder(64);

    public CsvRowDecoder(RowType schema, char delimiter, int quote, int escape, String nullLiteral, ZoneId zone) {
        this.schema = Objects.requireNonNull(schema, "schema is null");
        refuseCollections(schema);
        this.types = new DataType[schema.arity()];
        for (int i = 0; i < types.length; i++) {
            types[i] = schema.type(i);
        }
        this.delimiter = delimiter;
        this.quote = quote;
        this.escape = escape;
        this.nullLiteral = nullLiteral;
        this.zone = Objects.requireNonNull(zone, "zone is null");
        this.texts = new String[types.length];
        this.quoted = new boolean[types.length];
    }

    /**
     * Flink's csv format has no MAP, and writes an ARRAY only as its elements joined by
     * {@code csv.array-element-delimiter}, which Weir does not implement: both are refused, naming the column.
     */
    static void refuseCollections(RowType schema) {
        for (RowType.Field f : schema.fields()) {
            if (f.type().root() == TypeRoot.MAP) {
                throw new WeirException("Column '" + f.name() + "' has type " + f.type() + ", which the csv format "
                        + "cannot hold (Flink's csv format has no MAP either); use 'format' = 'json'.");
            }
            if (f.type().root() == TypeRoot.ARRAY) {
                throw new WeirException("Column '" + f.name() + "' has type " + f.type() + ", which Weir's csv "
                        + "format does not support yet (Flink joins the elements with "
                        + "'csv.array-element-delimiter'); use 'format' = 'json'.");
            }
        }
    }

    @Override
    public Object[] decode(byte[] buf, int offset, int length) throws BadRecordException {
        String line = new String(buf, offset, length, StandardCharsets.UTF_8);
        int count = split(line);
        if (count != types.length) {
            throw new BadRecordException("expected " + types.length + " fields but found " + count);
        }
        Object[] values = new Object[types.length];
        for (int i = 0; i < values.length; i++) {
            String text = texts[i];
            TypeRoot root = types[i].root();
            boolean isString = root == TypeRoot.VARCHAR || root == TypeRoot.CHAR;
            if (!quoted[i] && (text.equals(nullLiteral) || text.isEmpty() && !isString)) {
                continue;
            }
            if (isString) {
                values[i] = text;
                continue;
            }
            try {
                values[i] = ValueParser.parse(text, types[i], zone);
            } catch (RuntimeException e) {
                throw BadRecordException.value(text, types[i].root(), schema.field(i).name());
            }
        }
        return values;
    }

    /** Splits into {@link #texts}; returns the number of fields found (may exceed the arity). */
    private int split(String line) throws BadRecordException {
        int n = 0;
        int i = 0;
        int len = line.length();
        while (true) {
            field.setLength(0);
            boolean isQuoted = false;
            if (i < len && line.charAt(i) == quote) {
                isQuoted = true;
                i++;
                while (true) {
                    if (i >= len) {
                        throw new BadRecordException("unterminated quoted field " + (n + 1));
                    }
                    char c = line.charAt(i);
                    if (c == escape && i + 1 < len) {
                        field.append(line.charAt(i + 1));
                        i += 2;
                    } else if (c == quote) {
                        if (i + 1 < len && line.charAt(i + 1) == quote) {
                            field.append((char) quote);
                            i += 2;
                        } else {
                            i++;
                            break;
                        }
                    } else {
                        field.append(c);
                        i++;
                    }
                }
                if (i < len && line.charAt(i) != delimiter) {
                    throw new BadRecordException("unexpected character '" + line.charAt(i)
                            + "' after the closing quote of field " + (n + 1));
                }
            } else {
                while (i < len) {
                    char c = line.charAt(i);
                    if (c == delimiter) {
                        break;
                    }
                    if (c == escape && i + 1 < len) {
                        field.append(line.charAt(i + 1));
                        i += 2;
                    } else {
                        field.append(c);
                        i++;
                    }
                }
            }
            if (n < texts.length) {
                texts[n] = field.toString();
                quoted[n] = isQuoted;
            }
            n++;
            if (i >= len) {
                return n;
            }
            i++; // the delimiter
        }
    }
}
