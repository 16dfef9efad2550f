package dev.weir.planner.expr;

import dev.weir.core.WeirException;
import dev.weir.executor.expr.ScalarExpression;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;

/** Datetime arithmetic, EXTRACT and Flink's time functions. */
final class TimeFunctions {
    private static final String DEFAULT_FORMAT = "yyyy-MM-dd HH:mm:ss";
    /** Formats that arrive per row (not literals) are cached; the bound keeps it from growing. */
    private static final Map<String, DateTimeFormatter> FORMATS = new ConcurrentHashMap<>();

    private TimeFunctions() {
    }

    /** datetime ± interval (either order for +) and datetime - datetime. */
    static ScalarExpression arithmetic(RexCompiler c, RexCall call) {
        List<RexNode> ops = call.getOperands();
        boolean minus = call.getKind() == SqlKind.MINUS;
        RexNode first = ops.get(0);
        RexNode second = ops.get(1);
        String text = c.describe(call);
        if (!minus && !Repr.of(first.getType()).isDatetime()) {
            RexNode swap = first;
            first = second;
            second = swap;
        }
        Repr time = Repr.of(first.getType());
        Repr other = Repr.of(second.getType());
        ScalarExpression t = c.compile(first);
        ScalarExpression iv = c.compile(second);
        if (other == time && minus) {
            return difference(t, iv, time, Repr.of(call.getType()), text);
        }
        long sign = minus ? -1 : 1;
        if (other == Repr.INTERVAL_MILLIS) {
            return switch (time) {
                case TIMESTAMP, TIMESTAMP_LTZ -> row -> {
                    Object x = t.evaluate(row);
                    Object y = x == null ? null : iv.evaluate(row);
                    return y == null ? null : (Object) ((Long) x + sign * (Long) y);
                };
                case DATE -> row -> {
                    Object x = t.evaluate(row);
                    Object y = x == null ? null : iv.evaluate(row);
                    return y == null ? null
                            : (Object) (int) ((Integer) x + Math.floorDiv(sign * (Long) y, DateTimes.MILLIS_PER_DAY));
                };
                case TIME -> row -> {
                    Object x = t.evaluate(row);
                    Object y = x == null ? null : iv.evaluate(row);
                    return y == null ? null
                            : (Object) (int) Math.floorMod((Integer) x + sign * (Long) y, DateTimes.MILLIS_PER_DAY);
                };
                default -> throw unsupported(call, text);
            };
        }
        if (other == Repr.INTERVAL_MONTHS) {
            ZoneId zone = c.zone();
            return switch (time) {
                case TIMESTAMP -> row -> {
                    Object x = t.evaluate(row);
                    Object y = x == null ? null : iv.evaluate(row);
                    return y == null ? null : (Object) DateTimes.fromLocalDateTime(
                            DateTimes.toLocalDateTime((Long) x).plusMonths(sign * (Integer) y));
                };
                case TIMESTAMP_LTZ -> row -> {
                    Object x = t.evaluate(row);
                    Object y = x == null ? null : iv.evaluate(row);
                    if (y == null) {
                        return null;
                    }
                    LocalDateTime wall = DateTimes.toLocalDateTime(DateTimes.toWall((Long) x, zone));
                    return DateTimes.toInstant(DateTimes.fromLocalDateTime(wall.plusMonths(sign * (Integer) y)), zone);
                };
                case DATE -> row -> {
                    Object x = t.evaluate(row);
                    Object y = x == null ? null : iv.evaluate(row);
                    return y == null ? null
                            : (Object) (int) LocalDate.ofEpochDay((Integer) x).plusMonths(sign * (Integer) y).toEpochDay();
                };
                default -> throw unsupported(call, text);
            };
        }
        throw unsupported(call, text);
    }

    private static ScalarExpression difference(ScalarExpression a, ScalarExpression b, Repr time, Repr result,
            String text) {
        if (result != Repr.INTERVAL_MILLIS) {
            throw Errors.unsupported("datetime difference as " + result + " in expression '" + text + "'");
        }
        long unit = time == Repr.DATE ? DateTimes.MILLIS_PER_DAY : 1L;
        return row -> {
            Object x = a.evaluate(row);
            Object y = x == null ? null : b.evaluate(row);
            return y == null ? null : (Object) ((((Number) x).longValue() - ((Number) y).longValue()) * unit);
        };
    }

    private static WeirException unsupported(RexCall call, String text) {
        return Errors.unsupported("operator " + call.getOperator().getName() + " on "
                + Describer.typeName(call.getOperands().get(0).getType()) + " and "
                + Describer.typeName(call.getOperands().get(1).getType()) + " in expression '" + text + "'");
    }

    /** EXTRACT(unit FROM datetime); YEAR(x), HOUR(x) etc. arrive as EXTRACT. */
    static ScalarExpression extract(RexCompiler c, RexCall call) {
        String text = c.describe(call);
        TimeUnitRange unit = (TimeUnitRange) Literals.value((RexLiteral) call.getOperands().get(0));
        RexNode operand = call.getOperands().get(1);
        Repr source = Repr.of(operand.getType());
        ScalarExpression e = c.compile(operand);
        ZoneId zone = c.zone();
        WallClock wall = switch (source) {
            case TIMESTAMP -> v -> (Long) v;
            case TIMESTAMP_LTZ -> v -> DateTimes.toWall((Long) v, zone);
            case DATE -> v -> (Integer) v * DateTimes.MILLIS_PER_DAY;
            case TIME -> v -> (long) (Integer) v;
            default -> throw Errors.unsupported("EXTRACT from " + Describer.typeName(operand.getType())
                    + " in expression '" + text + "'");
        };
        Field field = switch (unit) {
            case YEAR -> LocalDateTime::getYear;
            case QUARTER -> t -> (t.getMonthValue() + 2) / 3;
            case MONTH -> LocalDateTime::getMonthValue;
            case WEEK -> t -> t.get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            case DAY -> LocalDateTime::getDayOfMonth;
            case DOY -> LocalDateTime::getDayOfYear;
            // SQL's DOW is 1 = Sunday .. 7 = Saturday.
            case DOW -> t -> t.getDayOfWeek().getValue() % 7 + 1;
            case HOUR -> LocalDateTime::getHour;
            case MINUTE -> LocalDateTime::getMinute;
            case SECOND -> LocalDateTime::getSecond;
            case MILLISECOND -> t -> t.getSecond() * 1000L + t.getNano() / 1_000_000;
            default -> throw Errors.unsupported("EXTRACT(" + unit + ") in expression '" + text + "'");
        };
        LongBoxer box = LongBoxer.of(Repr.of(call.getType()), text);
        return row -> {
            Object v = e.evaluate(row);
            return v == null ? null : box.box(field.get(DateTimes.toLocalDateTime(wall.millis(v))));
        };
    }

    /** TO_TIMESTAMP_LTZ(epoch[, precision]): precision 0 = seconds, 3 = millis (default). */
    static ScalarExpression toTimestampLtz(RexCompiler c, RexCall call) {
        List<RexNode> ops = call.getOperands();
        String text = c.describe(call);
        int precision = 3;
        if (ops.size() > 1) {
            if (!(ops.get(1) instanceof RexLiteral literal) || !(Literals.value(literal) instanceof Number n)) {
                throw new WeirException("TO_TIMESTAMP_LTZ precision must be a literal 0 or 3 in expression '"
                        + text + "'");
            }
            precision = n.intValue();
            if (precision < 0 || precision > 3) {
                throw new WeirException("TO_TIMESTAMP_LTZ precision " + precision + " is not supported in expression '"
                        + text + "'; use 0 for epoch seconds or 3 for epoch milliseconds");
            }
        }
        long factor = precision == 0 ? 1000L : precision == 1 ? 100L : precision == 2 ? 10L : 1L;
        Repr source = Repr.of(ops.get(0).getType());
        ScalarExpression e = c.compile(ops.get(0));
        if (source.isIntegral()) {
            return row -> {
                Object v = e.evaluate(row);
                if (v == null) {
                    return null;
                }
                long l = ((Number) v).longValue();
                long hi = Math.multiplyHigh(l, factor);
                long millis = l * factor;
                if ((hi != 0 || millis < 0) && (hi != -1 || millis >= 0)) {
                    throw Errors.overflow(text);
                }
                return millis;
            };
        }
        if (source == Repr.DECIMAL) {
            BigDecimal f = BigDecimal.valueOf(factor);
            return row -> {
                Object v = e.evaluate(row);
                return v == null ? null : (Object) ((BigDecimal) v).multiply(f).setScale(0, java.math.RoundingMode.FLOOR)
                        .longValue();
            };
        }
        if (source.isApproximate()) {
            return row -> {
                Object v = e.evaluate(row);
                return v == null ? null : (Object) (long) Math.floor(((Number) v).doubleValue() * factor);
            };
        }
        throw Errors.unsupported("TO_TIMESTAMP_LTZ of " + Describer.typeName(ops.get(0).getType())
                + " in expression '" + text + "'");
    }

    /** TO_TIMESTAMP(string[, format]) → TIMESTAMP(3); the default accepts 'yyyy-MM-dd HH:mm:ss[.SSS]'. */
    static ScalarExpression toTimestamp(RexCompiler c, RexCall call) {
        List<RexNode> ops = call.getOperands();
        String text = c.describe(call);
        ScalarExpression s = StringFunctions.string(c, ops.get(0));
        if (ops.size() == 1) {
            return row -> {
                Object v = s.evaluate(row);
                if (v == null) {
                    return null;
                }
                try {
                    return DateTimes.parseTimestamp((String) v);
                } catch (DateTimeException e) {
                    throw Errors.badCast(v, "TIMESTAMP(3)", text, "expected 'yyyy-MM-dd HH:mm:ss[.SSS]'");
                }
            };
        }
        FormatSource format = format(c, ops.get(1), text);
        return row -> {
            Object v = s.evaluate(row);
            DateTimeFormatter f = v == null ? null : format.get(row);
            if (f == null) {
                return null;
            }
            try {
                return DateTimes.parseTimestamp((String) v, f);
            } catch (DateTimeException e) {
                throw Errors.badCast(v, "TIMESTAMP(3)", text, "it does not match format " + f);
            }
        };
    }

    /** DATE_FORMAT(timestamp|string, format) → STRING with a Java-style pattern. */
    static ScalarExpression dateFormat(RexCompiler c, RexCall call) {
        List<RexNode> ops = call.getOperands();
        String text = c.describe(call);
        ScalarExpression wall = wallClock(c, ops.get(0), text);
        FormatSource format = format(c, ops.get(1), text);
        return row -> {
            Object v = wall.evaluate(row);
            DateTimeFormatter f = v == null ? null : format.get(row);
            return f == null ? null : f.format(DateTimes.toLocalDateTime((Long) v));
        };
    }

    /** FROM_UNIXTIME(seconds[, format]) → STRING in the session time zone. */
    static ScalarExpression fromUnixtime(RexCompiler c, RexCall call) {
        List<RexNode> ops = call.getOperands();
        String text = c.describe(call);
        ScalarExpression seconds = c.compile(ops.get(0));
        FormatSource format = ops.size() > 1 ? format(c, ops.get(1), text) : constantFormat(DEFAULT_FORMAT, text);
        ZoneId zone = c.zone();
        return row -> {
            Object v = seconds.evaluate(row);
            DateTimeFormatter f = v == null ? null : format.get(row);
            if (f == null) {
                return null;
            }
            long millis = Math.multiplyExact(((Number) v).longValue(), 1000L);
            return f.format(DateTimes.toLocalDateTime(DateTimes.toWall(millis, zone)));
        };
    }

    /** UNIX_TIMESTAMP() is now in epoch seconds; UNIX_TIMESTAMP(s[, format]) parses s in the session zone. */
    static ScalarExpression unixTimestamp(RexCompiler c, RexCall call) {
        List<RexNode> ops = call.getOperands();
        String text = c.describe(call);
        if (ops.isEmpty()) {
            return row -> System.currentTimeMillis() / 1000L;
        }
        ScalarExpression s = StringFunctions.string(c, ops.get(0));
        FormatSource format = ops.size() > 1 ? format(c, ops.get(1), text) : constantFormat(DEFAULT_FORMAT, text);
        ZoneId zone = c.zone();
        return row -> {
            Object v = s.evaluate(row);
            DateTimeFormatter f = v == null ? null : format.get(row);
            if (f == null) {
                return null;
            }
            long wall;
            try {
                wall = DateTimes.parseTimestamp((String) v, f);
            } catch (DateTimeException e) {
                throw Errors.badCast(v, "BIGINT", text, "it does not match format " + f);
            }
            return Math.floorDiv(DateTimes.toInstant(wall, zone), 1000L);
        };
    }

    /** CURRENT_TIMESTAMP / NOW() / LOCALTIMESTAMP / CURRENT_DATE, evaluated per row. */
    static ScalarExpression now(RexCompiler c, RexCall call, String name) {
        ZoneId zone = c.zone();
        return switch (Repr.of(call.getType())) {
            case TIMESTAMP_LTZ -> row -> System.currentTimeMillis();
            case TIMESTAMP -> row -> DateTimes.toWall(System.currentTimeMillis(), zone);
            case DATE -> row -> (int) Math.floorDiv(DateTimes.toWall(System.currentTimeMillis(), zone),
                    DateTimes.MILLIS_PER_DAY);
            default -> throw Errors.unsupported("function " + name + " returning "
                    + Describer.typeName(call.getType()));
        };
    }

    /** A TIMESTAMP/TIMESTAMP_LTZ/DATE/STRING operand as wall-clock millis in the session zone. */
    private static ScalarExpression wallClock(RexCompiler c, RexNode node, String text) {
        ScalarExpression e = c.compile(node);
        ZoneId zone = c.zone();
        return switch (Repr.of(node.getType())) {
            case TIMESTAMP -> e;
            case TIMESTAMP_LTZ -> row -> {
                Object v = e.evaluate(row);
                return v == null ? null : (Object) DateTimes.toWall((Long) v, zone);
            };
            case DATE -> row -> {
                Object v = e.evaluate(row);
                return v == null ? null : (Object) ((Integer) v * DateTimes.MILLIS_PER_DAY);
            };
            case STRING -> row -> {
                Object v = e.evaluate(row);
                if (v == null) {
                    return null;
                }
                try {
                    return DateTimes.parseTimestamp((String) v);
                } catch (DateTimeException ex) {
                    throw Errors.badCast(v, "TIMESTAMP(3)", text, null);
                }
            };
            default -> throw Errors.unsupported("a " + Describer.typeName(node.getType())
                    + " argument in expression '" + text + "'");
        };
    }

    private static FormatSource format(RexCompiler c, RexNode node, String text) {
        if (node instanceof RexLiteral literal) {
            Object pattern = Literals.value(literal);
            return pattern == null ? row -> null : constantFormat((String) pattern, text);
        }
        ScalarExpression e = StringFunctions.string(c, node);
        return row -> {
            Object pattern = e.evaluate(row);
            if (pattern == null) {
                return null;
            }
            DateTimeFormatter cached = FORMATS.get(pattern);
            if (cached == null) {
                cached = pattern((String) pattern, text);
                if (FORMATS.size() < 256) {
                    FORMATS.put((String) pattern, cached);
                }
            }
            return cached;
        };
    }

    private static FormatSource constantFormat(String pattern, String text) {
        DateTimeFormatter formatter = pattern(pattern, text);
        return row -> formatter;
    }

    private static DateTimeFormatter pattern(String pattern, String text) {
        try {
            return DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new WeirException("Invalid date format '" + pattern + "' in expression '" + text + "': "
                    + e.getMessage() + "; use a Java pattern such as 'yyyy-MM-dd HH:mm:ss'");
        }
    }

    @FunctionalInterface
    private interface FormatSource {
        DateTimeFormatter get(dev.weir.core.Row row);
    }

    @FunctionalInterface
    private interface WallClock {
        long millis(Object value);
    }

    @FunctionalInterface
    private interface Field {
        long get(LocalDateTime time);
    }
}
