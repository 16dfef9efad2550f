package dev.weir.connectors.datagen;

import static dev.weir.connectors.datagen.DataGenConnectorFactory.END;
import static dev.weir.connectors.datagen.DataGenConnectorFactory.FIELDS;
import static dev.weir.connectors.datagen.DataGenConnectorFactory.KIND;
import static dev.weir.connectors.datagen.DataGenConnectorFactory.LENGTH;
import static dev.weir.connectors.datagen.DataGenConnectorFactory.MAX;
import static dev.weir.connectors.datagen.DataGenConnectorFactory.MAX_PAST;
import static dev.weir.connectors.datagen.DataGenConnectorFactory.MIN;
import static dev.weir.connectors.datagen.DataGenConnectorFactory.NULL_RATE;
import static dev.weir.connectors.datagen.DataGenConnectorFactory.NUMBER_OF_ROWS;
import static dev.weir.connectors.datagen.DataGenConnectorFactory.ROWS_PER_SECOND;
import static dev.weir.connectors.datagen.DataGenConnectorFactory.START;

import dev.weir.connectors.format.ValueFormatter;
import dev.weir.connectors.options.ConnectorOptions;
import dev.weir.core.WeirException;
import dev.weir.core.config.Durations;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.executor.connector.TableContext;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneId;
import java.util.Locale;

/**
 * The checked options of a datagen table: row limit, rate and one {@link FieldSpec} per column.
 * Building generators needs the reader's anchor time (for random timestamps), so they are made
 * per reader by {@link #generators}.
 */
final class DataGenSpec {
    static final double DEFAULT_ROWS_PER_SECOND = 10_000;

    /** One column's generation settings. */
    record FieldSpec(String name, DataType type, boolean sequence, long start, long end, String min, String max,
            int length, long maxPastMillis, double nullRate) {
    }

    private final String table;
    private final long numberOfRows;
    private final double rowsPerSecond;
    private final FieldSpec[] fields;
    private final long sequenceRows;

    private DataGenSpec(String table, long numberOfRows, double rowsPerSecond, FieldSpec[] fields) {
        this.table = table;
        this.numberOfRows = numberOfRows;
        this.rowsPerSecond = rowsPerSecond;
        this.fields = fields;
        long seq = Long.MAX_VALUE;
        for (FieldSpec f : fields) {
            if (f.sequence()) {
                long len = f.end() - f.start() + 1;
                seq = Math.min(seq, len <= 0 ? Long.MAX_VALUE : len);
            }
        }
        this.sequenceRows = seq;
    }

    static DataGenSpec from(TableContext context) {
        DataGenConnectorFactory factory = new DataGenConnectorFactory();
        ConnectorOptions o = new ConnectorOptions(context.tableName(), context.options());
        o.checkKeys(factory.identifier(), factory.requiredOptions(), factory.optionalOptions());
        RowType schema = context.schema();
        for (String key : o.all().keySet()) {
            if (key.startsWith(FIELDS)) {
                String name = key.substring(FIELDS.length(), key.lastIndexOf('.'));
                if (schema.indexOf(name) < 0) {
                    throw new WeirException("Table '" + context.tableName() + "': option '" + key
                            + "' refers to no column '" + name + "'. Columns: " + String.join(", ", schema.names())
                            + ".");
                }
            }
        }
        long rows = -1;
        if (o.has(NUMBER_OF_ROWS)) {
            rows = o.getLong(NUMBER_OF_ROWS, -1);
            if (rows < 0) {
                throw o.invalid(NUMBER_OF_ROWS, o.raw(NUMBER_OF_ROWS), "a non-negative integer");
            }
        }
        double rate = o.getDouble(ROWS_PER_SECOND, DEFAULT_ROWS_PER_SECOND);
        if (!(rate > 0)) {
            throw o.invalid(ROWS_PER_SECOND, o.raw(ROWS_PER_SECOND), "a positive number");
        }
        FieldSpec[] fields = new FieldSpec[schema.arity()];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = field(o, schema.field(i).name(), schema.type(i));
        }
        return new DataGenSpec(context.tableName(), rows, rate, fields);
    }

    private static FieldSpec field(ConnectorOptions o, String name, DataType type) {
        String p = FIELDS + name + ".";
        String kind = o.getString(p + KIND, "random").trim().toLowerCase(Locale.ROOT);
        boolean sequence;
        if (kind.equals("sequence")) {
            sequence = true;
        } else if (kind.equals("random")) {
            sequence = false;
        } else {
            throw o.invalid(p + KIND, o.raw(p + KIND), "'sequence' or 'random'");
        }
        double nullRate = o.getDouble(p + NULL_RATE, 0);
        if (nullRate < 0 || nullRate > 1) {
            throw o.invalid(p + NULL_RATE, o.raw(p + NULL_RATE), "a number between 0 and 1");
        }
        String where = "Table '" + o.tableName() + "', column '" + name + "' (" + type + "): ";
        if (type.isCollection()) {
            throw new WeirException(where + "datagen does not generate ARRAY or MAP columns yet; declare a scalar "
                    + "column and build the collection in a query (ARRAY[x, y], MAP['k', x]).");
        }
        if (sequence) {
            for (String opt : new String[] {MIN, MAX, LENGTH, MAX_PAST}) {
                rejectIf(o, p + opt, where + "option '" + p + opt + "' applies only to 'random' fields.");
            }
            if (!o.has(p + START) || !o.has(p + END)) {
                throw new WeirException(where + "a 'sequence' field needs both '" + p + START + "' and '" + p + END
                        + "'.");
            }
            switch (type.root()) {
                case TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL, CHAR, VARCHAR -> { }
                default -> throw new WeirException(where + "'sequence' generation supports numeric and string "
                        + "columns only. Use 'random' for this column.");
            }
            long start = o.getLong(p + START, 0);
            long end = o.getLong(p + END, 0);
            if (end < start) {
                throw new WeirException(where + "'" + p + END + "' (" + end + ") is smaller than '" + p + START
                        + "' (" + start + ").");
            }
            checkRange(o, p + START, start, type, where);
            checkRange(o, p + END, end, type, where);
            return new FieldSpec(name, type, true, start, end, null, null, 0, 0, nullRate);
        }
        rejectIf(o, p + START, where + "option '" + p + START + "' applies only to 'sequence' fields.");
        rejectIf(o, p + END, where + "option '" + p + END + "' applies only to 'sequence' fields.");
        boolean numeric = switch (type.root()) {
            case TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL -> true;
            default -> false;
        };
        boolean chars = switch (type.root()) {
            case CHAR, VARCHAR, BYTES -> true;
            default -> false;
        };
        boolean temporal = switch (type.root()) {
            case DATE, TIMESTAMP, TIMESTAMP_LTZ -> true;
            default -> false;
        };
        if (!numeric) {
            rejectIf(o, p + MIN, where + "'" + p + MIN + "' applies only to numeric columns.");
            rejectIf(o, p + MAX, where + "'" + p + MAX + "' applies only to numeric columns.");
        }
        if (!chars) {
            rejectIf(o, p + LENGTH, where + "'" + p + LENGTH + "' applies only to string and bytes columns.");
        }
        if (!temporal) {
            rejectIf(o, p + MAX_PAST, where + "'" + p + MAX_PAST + "' applies only to timestamp and date columns.");
        }
        int length = (int) o.getLong(p + LENGTH, 100);
        if (length < 0) {
            throw o.invalid(p + LENGTH, o.raw(p + LENGTH), "a non-negative integer");
        }
        if (chars && type.precision() < length) {
            length = type.precision();
        }
        long maxPast = 0;
        if (o.has(p + MAX_PAST)) {
            try {
                maxPast = Durations.parseMillis(o.raw(p + MAX_PAST));
            } catch (RuntimeException e) {
                throw o.invalid(p + MAX_PAST, o.raw(p + MAX_PAST), "a duration such as '5 s', '10 min' or '1 d'");
            }
        }
        String min = o.raw(p + MIN);
        String max = o.raw(p + MAX);
        if (numeric) {
            // parse once here so that bad numbers fail at validation, not in the job
            BigDecimal lo = min == null ? null : number(o, p + MIN, min);
            BigDecimal hi = max == null ? null : number(o, p + MAX, max);
            if (lo != null && hi != null && lo.compareTo(hi) > 0) {
                throw new WeirException(where + "'" + p + MIN + "' (" + min + ") is larger than '" + p + MAX + "' ("
                        + max + ").");
            }
            if (lo != null) {
                checkRange(o, p + MIN, lo, type, where);
            }
            if (hi != null) {
                checkRange(o, p + MAX, hi, type, where);
            }
        }
        return new FieldSpec(name, type, false, 0, 0, min, max, length, maxPast, nullRate);
    }

    private static void rejectIf(ConnectorOptions o, String key, String message) {
        if (o.has(key)) {
            throw new WeirException(message + " Remove the option.");
        }
    }

    private static BigDecimal number(ConnectorOptions o, String key, String text) {
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw o.invalid(key, text, "a number");
        }
    }

    private static void checkRange(ConnectorOptions o, String key, long v, DataType type, String where) {
        checkRange(o, key, BigDecimal.valueOf(v), type, where);
    }

    private static void checkRange(ConnectorOptions o, String key, BigDecimal v, DataType type, String where) {
        long lo;
        long hi;
        switch (type.root()) {
            case TINYINT -> { lo = Byte.MIN_VALUE; hi = Byte.MAX_VALUE; }
            case SMALLINT -> { lo = Short.MIN_VALUE; hi = Short.MAX_VALUE; }
            case INT -> { lo = Integer.MIN_VALUE; hi = Integer.MAX_VALUE; }
            case BIGINT -> { lo = Long.MIN_VALUE; hi = Long.MAX_VALUE; }
            default -> {
                return;
            }
        }
        if (v.compareTo(BigDecimal.valueOf(lo)) < 0 || v.compareTo(BigDecimal.valueOf(hi)) > 0
                || v.stripTrailingZeros().scale() > 0) {
            throw new WeirException(where + "value '" + o.raw(key) + "' of option '" + key + "' is not a " + type.root()
                    + " (range " + lo + " to " + hi + ").");
        }
    }

    /** Whether the source ends by itself: a row limit or a sequence field. */
    boolean isBounded() {
        return numberOfRows >= 0 || sequenceRows != Long.MAX_VALUE;
    }

    /** Total rows over all subtasks, or {@link Long#MAX_VALUE} when unbounded. */
    long totalRows() {
        return numberOfRows >= 0 ? Math.min(numberOfRows, sequenceRows) : sequenceRows;
    }

    double rowsPerSecond() {
        return rowsPerSecond;
    }

    String table() {
        return table;
    }

    int arity() {
        return fields.length;
    }

    /**
     * One generator per column. {@code anchorMillis} is the epoch time random timestamps count
     * back from; the reader keeps it in its checkpointed position so that replay repeats them.
     */
    FieldGenerator[] generators(long anchorMillis, ZoneId zone) {
        FieldGenerator[] gens = new FieldGenerator[fields.length];
        for (int i = 0; i < fields.length; i++) {
            FieldSpec f = fields[i];
            FieldGenerator g = f.sequence() ? sequence(f) : random(f, Hashing.salt(i, 1), anchorMillis, zone);
            gens[i] = FieldGenerator.nullable(g, f.nullRate(), Hashing.salt(i, 2));
        }
        return gens;
    }

    private static FieldGenerator sequence(FieldSpec f) {
        FieldGenerator.Sequence.Target t = switch (f.type().root()) {
            case TINYINT -> FieldGenerator.Sequence.Target.TINYINT;
            case SMALLINT -> FieldGenerator.Sequence.Target.SMALLINT;
            case INT -> FieldGenerator.Sequence.Target.INT;
            case BIGINT -> FieldGenerator.Sequence.Target.BIGINT;
            case FLOAT -> FieldGenerator.Sequence.Target.FLOAT;
            case DOUBLE -> FieldGenerator.Sequence.Target.DOUBLE;
            case DECIMAL -> FieldGenerator.Sequence.Target.DECIMAL;
            default -> FieldGenerator.Sequence.Target.STRING;
        };
        return new FieldGenerator.Sequence(f.start(), t, f.type().scale());
    }

    private static FieldGenerator random(FieldSpec f, long salt, long anchorMillis, ZoneId zone) {
        DataType type = f.type();
        return switch (type.root()) {
            case BOOLEAN -> new FieldGenerator.RandomBoolean(salt);
            case TINYINT -> randomLong(f, salt, Byte.MIN_VALUE, Byte.MAX_VALUE, FieldGenerator.RandomLong.Target.TINYINT);
            case SMALLINT -> randomLong(f, salt, Short.MIN_VALUE, Short.MAX_VALUE,
                    FieldGenerator.RandomLong.Target.SMALLINT);
            case INT -> randomLong(f, salt, Integer.MIN_VALUE, Integer.MAX_VALUE, FieldGenerator.RandomLong.Target.INT);
            case BIGINT -> randomLong(f, salt, Long.MIN_VALUE, Long.MAX_VALUE, FieldGenerator.RandomLong.Target.BIGINT);
            case FLOAT -> new FieldGenerator.RandomDouble(salt,
                    f.min() == null ? Float.MIN_VALUE : Double.parseDouble(f.min().trim()),
                    f.max() == null ? Float.MAX_VALUE : Double.parseDouble(f.max().trim()), true);
            case DOUBLE -> new FieldGenerator.RandomDouble(salt,
                    f.min() == null ? Double.MIN_VALUE : Double.parseDouble(f.min().trim()),
                    f.max() == null ? Double.MAX_VALUE : Double.parseDouble(f.max().trim()), false);
            case DECIMAL -> decimal(f, salt);
            case CHAR, VARCHAR -> new FieldGenerator.RandomChars(salt, f.length(), false);
            case BYTES -> new FieldGenerator.RandomChars(salt, f.length(), true);
            case ARRAY, MAP -> throw new IllegalStateException("refused when the spec was read: " + type);
            case DATE -> {
                long day = Math.floorDiv(ValueFormatter.toWallClock(anchorMillis, zone), 86_400_000L);
                yield new FieldGenerator.RandomLong(salt, day - f.maxPastMillis() / 86_400_000L, day,
                        FieldGenerator.RandomLong.Target.DATE, 1);
            }
            case TIME -> new FieldGenerator.RandomLong(salt, 0, 86_399_999L, FieldGenerator.RandomLong.Target.TIME, 1);
            case TIMESTAMP, TIMESTAMP_LTZ -> {
                long anchor = type.root() == dev.weir.core.type.TypeRoot.TIMESTAMP
                        ? ValueFormatter.toWallClock(anchorMillis, zone) : anchorMillis;
                long unit = type.precision() >= 3 ? 1 : (long) Math.pow(10, 3 - type.precision());
                yield new FieldGenerator.RandomLong(salt, anchor - f.maxPastMillis(), anchor,
                        FieldGenerator.RandomLong.Target.TIMESTAMP, unit);
            }
        };
    }

    private static FieldGenerator randomLong(FieldSpec f, long salt, long lo, long hi,
            FieldGenerator.RandomLong.Target target) {
        long min = f.min() == null ? lo : new BigDecimal(f.min().trim()).longValueExact();
        long max = f.max() == null ? hi : new BigDecimal(f.max().trim()).longValueExact();
        return new FieldGenerator.RandomLong(salt, min, max, target, 1);
    }

    private static FieldGenerator decimal(FieldSpec f, long salt) {
        DataType type = f.type();
        int digits = Math.min(type.precision(), 18);
        long limit = (long) Math.pow(10, digits) - 1;
        long min = f.min() == null ? -limit
                : new BigDecimal(f.min().trim()).setScale(type.scale(), RoundingMode.HALF_UP).unscaledValue()
                        .longValue();
        long max = f.max() == null ? limit
                : new BigDecimal(f.max().trim()).setScale(type.scale(), RoundingMode.HALF_UP).unscaledValue()
                        .longValue();
        return new FieldGenerator.RandomDecimal(salt, Math.max(min, -limit), Math.min(max, limit), type.scale());
    }
}
