package dev.weir.planner.expr;

import dev.weir.executor.expr.ScalarExpression;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import org.apache.calcite.rel.type.RelDataType;

/**
 * CAST and implicit coercions between internal representations. Numeric narrowing that does
 * not fit throws (Flink wraps silently; Weir reports the overflow instead).
 */
final class Casts {
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private Casts() {
    }

    /** Wraps {@code in} so that it yields {@code to}'s representation; NULL stays NULL. */
    static ScalarExpression cast(ScalarExpression in, RelDataType from, RelDataType to, ZoneId zone,
            String expression) {
        Converter converter = converter(from, to, zone, expression);
        if (converter == Converter.IDENTITY) {
            return in;
        }
        return row -> {
            Object v = in.evaluate(row);
            return v == null ? null : converter.convert(v);
        };
    }

    static Converter converter(RelDataType from, RelDataType to, ZoneId zone, String expression) {
        Repr source = Repr.of(from);
        Repr target = Repr.of(to);
        if (source == Repr.NULL) {
            return Converter.IDENTITY;
        }
        String targetName = Describer.typeName(to);
        if (target == Repr.ARRAY || target == Repr.MAP) {
            return CollectionFunctions.converter(from, to, zone, expression);
        }
        if (target == Repr.STRING) {
            return toStringConverter(from, zone);
        }
        if (source == Repr.STRING) {
            return fromString(to, target, zone, targetName, expression);
        }
        if (target.isIntegral()) {
            return toIntegral(source, target, expression, targetName);
        }
        switch (target) {
            case FLOAT:
                if (source.isNumeric()) {
                    return source == Repr.FLOAT ? Converter.IDENTITY : v -> ((Number) v).floatValue();
                }
                if (source == Repr.BOOLEAN) {
                    return v -> (Boolean) v ? 1.0f : 0.0f;
                }
                break;
            case DOUBLE:
                if (source.isNumeric()) {
                    return source == Repr.DOUBLE ? Converter.IDENTITY : v -> ((Number) v).doubleValue();
                }
                if (source == Repr.BOOLEAN) {
                    return v -> (Boolean) v ? 1.0d : 0.0d;
                }
                break;
            case DECIMAL:
                return toDecimal(source, to.getPrecision(), to.getScale(), expression, targetName);
            case BOOLEAN:
                if (source == Repr.BOOLEAN) {
                    return Converter.IDENTITY;
                }
                if (source.isIntegral()) {
                    return v -> ((Number) v).longValue() != 0;
                }
                if (source.isApproximate()) {
                    return v -> ((Number) v).doubleValue() != 0;
                }
                if (source == Repr.DECIMAL) {
                    return v -> ((BigDecimal) v).signum() != 0;
                }
                break;
            case DATE:
                if (source == Repr.DATE) {
                    return Converter.IDENTITY;
                }
                if (source == Repr.TIMESTAMP) {
                    return v -> (int) Math.floorDiv((Long) v, DateTimes.MILLIS_PER_DAY);
                }
                if (source == Repr.TIMESTAMP_LTZ) {
                    return v -> (int) Math.floorDiv(DateTimes.toWall((Long) v, zone), DateTimes.MILLIS_PER_DAY);
                }
                break;
            case TIME:
                if (source == Repr.TIME) {
                    return Converter.IDENTITY;
                }
                if (source == Repr.TIMESTAMP) {
                    return v -> (int) Math.floorMod((Long) v, DateTimes.MILLIS_PER_DAY);
                }
                if (source == Repr.TIMESTAMP_LTZ) {
                    return v -> (int) Math.floorMod(DateTimes.toWall((Long) v, zone), DateTimes.MILLIS_PER_DAY);
                }
                break;
            case TIMESTAMP: {
                int p = to.getPrecision();
                if (source == Repr.TIMESTAMP) {
                    return from.getPrecision() <= p || p >= 3 ? Converter.IDENTITY
                            : v -> DateTimes.truncate((Long) v, p);
                }
                if (source == Repr.TIMESTAMP_LTZ) {
                    return v -> DateTimes.truncate(DateTimes.toWall((Long) v, zone), p);
                }
                if (source == Repr.DATE) {
                    return v -> (Integer) v * DateTimes.MILLIS_PER_DAY;
                }
                break;
            }
            case TIMESTAMP_LTZ: {
                int p = to.getPrecision();
                if (source == Repr.TIMESTAMP_LTZ) {
                    return from.getPrecision() <= p || p >= 3 ? Converter.IDENTITY
                            : v -> DateTimes.truncate((Long) v, p);
                }
                if (source == Repr.TIMESTAMP) {
                    return v -> DateTimes.toInstant(DateTimes.truncate((Long) v, p), zone);
                }
                if (source == Repr.DATE) {
                    return v -> DateTimes.toInstant((Integer) v * DateTimes.MILLIS_PER_DAY, zone);
                }
                if (source.isIntegral()) {
                    // Flink reads a number cast to TIMESTAMP_LTZ as epoch seconds.
                    return v -> Math.multiplyExact(((Number) v).longValue(), 1000L);
                }
                break;
            }
            default:
                break;
        }
        throw Errors.unsupported("CAST from " + Describer.typeName(from) + " to " + targetName
                + " in expression '" + expression + "'");
    }

    private static Converter toIntegral(Repr source, Repr target, String expression, String targetName) {
        LongBoxer boxer = LongBoxer.of(target, expression);
        if (source == target) {
            return Converter.IDENTITY;
        }
        if (source.isIntegral()) {
            if (target == Repr.BIGINT || target == Repr.INTERVAL_MILLIS) {
                return v -> ((Number) v).longValue();
            }
            return v -> boxer.box(((Number) v).longValue());
        }
        if (source.isApproximate()) {
            return v -> {
                double d = ((Number) v).doubleValue();
                // -2^63 and 2^63 are exact doubles; NaN fails both tests.
                if (!(d >= -0x1p63 && d < 0x1p63)) {
                    throw Errors.overflow(expression);
                }
                return boxer.box((long) d);
            };
        }
        if (source == Repr.DECIMAL) {
            return v -> boxer.box(decimalToLong((BigDecimal) v, expression));
        }
        if (source == Repr.BOOLEAN) {
            return v -> boxer.box((Boolean) v ? 1L : 0L);
        }
        if (source == Repr.TIMESTAMP_LTZ && target == Repr.BIGINT) {
            // Flink: CAST(TIMESTAMP_LTZ AS BIGINT) is epoch seconds.
            return v -> Math.floorDiv((Long) v, 1000L);
        }
        throw Errors.unsupported("CAST from " + source + " to " + targetName + " in expression '" + expression + "'");
    }

    private static long decimalToLong(BigDecimal value, String expression) {
        BigDecimal truncated = value.setScale(0, RoundingMode.DOWN);
        if (truncated.compareTo(LONG_MIN) < 0 || truncated.compareTo(LONG_MAX) > 0) {
            throw Errors.overflow(expression);
        }
        return truncated.longValue();
    }

    private static Converter toDecimal(Repr source, int precision, int scale, String expression, String targetName) {
        if (source.isIntegral()) {
            return v -> fitDecimal(BigDecimal.valueOf(((Number) v).longValue()), precision, scale, expression);
        }
        if (source.isApproximate()) {
            return v -> {
                double d = ((Number) v).doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw Errors.overflow(expression);
                }
                return fitDecimal(BigDecimal.valueOf(d), precision, scale, expression);
            };
        }
        if (source == Repr.DECIMAL) {
            return v -> fitDecimal((BigDecimal) v, precision, scale, expression);
        }
        if (source == Repr.BOOLEAN) {
            return v -> fitDecimal((Boolean) v ? BigDecimal.ONE : BigDecimal.ZERO, precision, scale, expression);
        }
        throw Errors.unsupported("CAST from " + source + " to " + targetName + " in expression '" + expression + "'");
    }

    /** Rounds half-up to {@code scale}; more than {@code precision} digits is an overflow. */
    static BigDecimal fitDecimal(BigDecimal value, int precision, int scale, String expression) {
        BigDecimal scaled = value.scale() == scale ? value : value.setScale(scale, RoundingMode.HALF_UP);
        if (scaled.precision() > precision && scaled.signum() != 0) {
            throw Errors.overflow(expression);
        }
        return scaled;
    }

    private static Converter fromString(RelDataType to, Repr target, ZoneId zone, String targetName,
            String expression) {
        Converter parse = switch (target) {
            case BOOLEAN -> v -> parseBoolean((String) v);
            case TINYINT, SMALLINT, INT, BIGINT -> {
                LongBoxer boxer = LongBoxer.of(target, expression);
                yield v -> boxer.box(parseLong((String) v, expression));
            }
            case FLOAT -> v -> Float.parseFloat(((String) v).trim());
            case DOUBLE -> v -> Double.parseDouble(((String) v).trim());
            case DECIMAL -> v -> fitDecimal(new BigDecimal(((String) v).trim()), to.getPrecision(), to.getScale(),
                    expression);
            case DATE -> v -> DateTimes.parseDate((String) v);
            case TIME -> v -> DateTimes.parseTime((String) v);
            case TIMESTAMP -> {
                int p = to.getPrecision();
                yield v -> DateTimes.truncate(DateTimes.parseTimestamp((String) v), p);
            }
            case TIMESTAMP_LTZ -> {
                int p = to.getPrecision();
                yield v -> DateTimes.toInstant(DateTimes.truncate(DateTimes.parseTimestamp((String) v), p), zone);
            }
            case BYTES -> v -> ((String) v).getBytes(StandardCharsets.UTF_8);
            default -> throw Errors.unsupported("CAST from STRING to " + targetName
                    + " in expression '" + expression + "'");
        };
        return v -> {
            try {
                return parse.convert(v);
            } catch (NumberFormatException | DateTimeException | IllegalStateException e) {
                throw Errors.badCast(v, targetName, expression, null);
            }
        };
    }

    private static long parseLong(String text, String expression) {
        String trimmed = text.trim();
        try {
            return Long.parseLong(trimmed);
        } catch (NumberFormatException e) {
            // '1.5' is a valid number too; Flink truncates it like a decimal cast.
            return decimalToLong(new BigDecimal(trimmed), expression);
        }
    }

    private static Boolean parseBoolean(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "true", "t", "yes", "y", "1" -> Boolean.TRUE;
            case "false", "f", "no", "n", "0" -> Boolean.FALSE;
            default -> throw new IllegalStateException("not a boolean");
        };
    }

    /** Flink's CAST(x AS STRING) rendering of a value of type {@code from}. */
    static Converter toStringConverter(RelDataType from, ZoneId zone) {
        Repr source = Repr.of(from);
        int p = from.getPrecision();
        return switch (source) {
            case STRING -> Converter.IDENTITY;
            case BOOLEAN -> v -> (Boolean) v ? "TRUE" : "FALSE";
            case DECIMAL -> v -> ((BigDecimal) v).toPlainString();
            case BYTES -> v -> new String((byte[]) v, StandardCharsets.UTF_8);
            case DATE -> v -> DateTimes.formatDate((Integer) v);
            case TIME -> v -> DateTimes.formatTime((Integer) v, Math.max(p, 0));
            case TIMESTAMP -> v -> DateTimes.formatTimestamp((Long) v, p);
            case TIMESTAMP_LTZ -> v -> DateTimes.formatTimestamp(DateTimes.toWall((Long) v, zone), p);
            case INTERVAL_MILLIS -> v -> DateTimes.formatMillisInterval((Long) v);
            case INTERVAL_MONTHS -> v -> DateTimes.formatMonthInterval((Integer) v);
            case ARRAY, MAP -> CollectionFunctions.toStringConverter(from, zone);
            default -> Object::toString;
        };
    }
}
