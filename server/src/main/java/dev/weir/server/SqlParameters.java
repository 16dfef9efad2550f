package dev.weir.server;

import dev.weir.core.WeirException;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.HexFormat;
import java.util.List;
import java.util.TimeZone;
import org.apache.calcite.avatica.remote.TypedValue;
import org.apache.calcite.avatica.util.ByteString;

/**
 * The {@code ?} markers of a prepared statement and their substitution by SQL literals. The
 * engine plans SQL text, so a bound value becomes a literal: strings are quoted with embedded
 * quotes doubled, so a value can never end its literal and inject SQL. Markers inside string
 * literals, quoted identifiers and comments are not parameters.
 */
final class SqlParameters {
    private static final Calendar UTC = Calendar.getInstance(TimeZone.getTimeZone("UTC"), java.util.Locale.ROOT);

    private SqlParameters() {
    }

    /** Offsets of the parameter markers in {@code sql}. */
    static List<Integer> markers(String sql) {
        List<Integer> at = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                i = skipQuoted(sql, i, c);
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else {
                if (c == '?') {
                    at.add(i);
                }
                i++;
            }
        }
        return at;
    }

    /** Index after the closing quote; a doubled quote inside stays part of the literal. */
    private static int skipQuoted(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    /** {@code sql} with each marker replaced by the literal of the matching value. */
    static String bind(String sql, List<TypedValue> values) {
        List<Integer> markers = markers(sql);
        int given = values == null ? 0 : values.size();
        if (markers.size() != given) {
            throw new WeirException("The statement has " + markers.size() + " parameter marker(s) '?' but "
                    + given + " value(s) were bound. Set every parameter with setXxx(index, value) before executing.");
        }
        if (markers.isEmpty()) {
            return sql;
        }
        StringBuilder sb = new StringBuilder(sql.length() + 16 * markers.size());
        int from = 0;
        for (int k = 0; k < markers.size(); k++) {
            int at = markers.get(k);
            sb.append(sql, from, at);
            TypedValue v = values.get(k);
            if (v == null) {
                throw new WeirException("Parameter " + (k + 1) + " is not set. Set it with setXxx(" + (k + 1)
                        + ", value), or setNull(" + (k + 1) + ", type).");
            }
            sb.append(literal(v.toJdbc(UTC)));
            from = at + 1;
        }
        sb.append(sql, from, sql.length());
        return sb.toString();
    }

    /** The SQL literal of one JDBC value. */
    static String literal(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof String s) {
            return quote(s);
        }
        if (value instanceof Character ch) {
            return quote(ch.toString());
        }
        if (value instanceof Boolean b) {
            return b ? "TRUE" : "FALSE";
        }
        if (value instanceof Byte || value instanceof Short || value instanceof Integer) {
            return value.toString();
        }
        if (value instanceof Long l) {
            return l + "";
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new WeirException("Cannot bind " + d + " as a parameter: SQL has no literal for it.");
            }
            return "CAST(" + quote(Double.toString(d)) + " AS " + (value instanceof Float ? "FLOAT" : "DOUBLE") + ")";
        }
        if (value instanceof Timestamp t) {
            // Timestamp.toString is in the JVM zone; the UTC calendar above made it wall-clock.
            return "TIMESTAMP " + quote(t.toLocalDateTime().toString().replace('T', ' '));
        }
        if (value instanceof Date d) {
            return "DATE " + quote(d.toLocalDate().toString());
        }
        if (value instanceof Time t) {
            return "TIME " + quote(t.toLocalTime().toString());
        }
        if (value instanceof byte[] bytes) {
            return "X" + quote(HexFormat.of().formatHex(bytes));
        }
        if (value instanceof ByteString bs) {
            return "X" + quote(HexFormat.of().formatHex(bs.getBytes()));
        }
        throw new WeirException("Cannot bind a parameter of Java type " + value.getClass().getName()
                + "; use a string, number, boolean, date, time, timestamp or bytes.");
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
