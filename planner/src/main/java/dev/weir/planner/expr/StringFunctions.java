package dev.weir.planner.expr;

import dev.weir.executor.expr.ScalarExpression;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.fun.SqlTrimFunction;

/** String functions with Flink's semantics; positions are 1-based, NULL in gives NULL out. */
final class StringFunctions {
    private StringFunctions() {
    }

    /** Compiles an operand as STRING, converting non-string operands like CAST(x AS STRING). */
    static ScalarExpression string(RexCompiler c, RexNode node) {
        ScalarExpression e = c.compile(node);
        Repr repr = Repr.of(node.getType());
        if (repr == Repr.STRING || repr == Repr.NULL) {
            return e;
        }
        Converter toString = Casts.toStringConverter(node.getType(), c.zone());
        return row -> {
            Object v = e.evaluate(row);
            return v == null ? null : toString.convert(v);
        };
    }

    private static ScalarExpression[] strings(RexCompiler c, List<RexNode> nodes) {
        ScalarExpression[] all = new ScalarExpression[nodes.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = string(c, nodes.get(i));
        }
        return all;
    }

    /** {@code a || b} and Flink's CONCAT(a, b, ...): NULL if any argument is NULL. */
    static ScalarExpression concat(RexCompiler c, RexCall call) {
        ScalarExpression[] parts = strings(c, call.getOperands());
        if (parts.length == 2) {
            ScalarExpression a = parts[0];
            ScalarExpression b = parts[1];
            return row -> {
                Object x = a.evaluate(row);
                Object y = x == null ? null : b.evaluate(row);
                return y == null ? null : ((String) x).concat((String) y);
            };
        }
        return row -> {
            StringBuilder sb = new StringBuilder();
            for (ScalarExpression part : parts) {
                Object v = part.evaluate(row);
                if (v == null) {
                    return null;
                }
                sb.append((String) v);
            }
            return sb.toString();
        };
    }

    /** CONCAT_WS(sep, a, b, ...): NULL if the separator is NULL; NULL arguments are skipped. */
    static ScalarExpression concatWs(RexCompiler c, RexCall call) {
        ScalarExpression[] all = strings(c, call.getOperands());
        return row -> {
            Object sep = all[0].evaluate(row);
            if (sep == null) {
                return null;
            }
            StringBuilder sb = new StringBuilder();
            boolean first = true;
            for (int i = 1; i < all.length; i++) {
                Object v = all[i].evaluate(row);
                if (v != null) {
                    if (!first) {
                        sb.append((String) sep);
                    }
                    sb.append((String) v);
                    first = false;
                }
            }
            return sb.toString();
        };
    }

    static ScalarExpression changeCase(RexCompiler c, RexCall call, boolean upper) {
        ScalarExpression a = string(c, call.getOperands().get(0));
        if (upper) {
            return row -> {
                Object v = a.evaluate(row);
                return v == null ? null : ((String) v).toUpperCase(Locale.ROOT);
            };
        }
        return row -> {
            Object v = a.evaluate(row);
            return v == null ? null : ((String) v).toLowerCase(Locale.ROOT);
        };
    }

    /** Counts characters (code points), not UTF-16 units. */
    static ScalarExpression charLength(RexCompiler c, RexCall call) {
        ScalarExpression a = string(c, call.getOperands().get(0));
        return row -> {
            Object v = a.evaluate(row);
            if (v == null) {
                return null;
            }
            String s = (String) v;
            return s.codePointCount(0, s.length());
        };
    }

    /**
     * SUBSTRING(s FROM start [FOR length]) and SUBSTR(s, start [, length]) as Flink (Hive) does:
     * start 0 is 1, a negative start counts from the end, a negative length gives ''.
     */
    static ScalarExpression substring(RexCompiler c, RexCall call) {
        List<RexNode> ops = call.getOperands();
        ScalarExpression s = string(c, ops.get(0));
        ScalarExpression start = c.compile(ops.get(1));
        ScalarExpression length = ops.size() > 2 ? c.compile(ops.get(2)) : null;
        return row -> {
            Object v = s.evaluate(row);
            Object p = v == null ? null : start.evaluate(row);
            if (p == null) {
                return null;
            }
            long len = Long.MAX_VALUE;
            if (length != null) {
                Object l = length.evaluate(row);
                if (l == null) {
                    return null;
                }
                len = ((Number) l).longValue();
            }
            String str = (String) v;
            long pos = ((Number) p).longValue();
            long n = str.length();
            long from = pos > 0 ? pos - 1 : pos < 0 ? n + pos : 0;
            long to = len == Long.MAX_VALUE ? n : from + len;
            from = Math.max(from, 0);
            to = Math.min(to, n);
            return from >= to ? "" : str.substring((int) from, (int) to);
        };
    }

    /** POSITION(needle IN haystack [FROM start]): 1-based, 0 if absent. */
    static ScalarExpression position(RexCompiler c, RexCall call) {
        List<RexNode> ops = call.getOperands();
        ScalarExpression needle = string(c, ops.get(0));
        ScalarExpression haystack = string(c, ops.get(1));
        ScalarExpression from = ops.size() > 2 ? c.compile(ops.get(2)) : row -> 1;
        return row -> {
            Object n = needle.evaluate(row);
            Object h = n == null ? null : haystack.evaluate(row);
            Object f = h == null ? null : from.evaluate(row);
            if (f == null) {
                return null;
            }
            int start = Math.max(((Number) f).intValue() - 1, 0);
            return ((String) h).indexOf((String) n, start) + 1;
        };
    }

    /** REPLACE(s, search, replacement); an empty search string leaves s unchanged. */
    static ScalarExpression replace(RexCompiler c, RexCall call) {
        ScalarExpression[] all = strings(c, call.getOperands());
        return row -> {
            Object s = all[0].evaluate(row);
            Object search = s == null ? null : all[1].evaluate(row);
            Object replacement = search == null ? null : all[2].evaluate(row);
            if (replacement == null) {
                return null;
            }
            return ((String) search).isEmpty() ? s : ((String) s).replace((String) search, (String) replacement);
        };
    }

    /** TRIM([BOTH|LEADING|TRAILING] chars FROM s): strips any of {@code chars} from the ends. */
    static ScalarExpression trim(RexCompiler c, RexCall call) {
        List<RexNode> ops = call.getOperands();
        SqlTrimFunction.Flag flag = (SqlTrimFunction.Flag) Literals.value((org.apache.calcite.rex.RexLiteral) ops.get(0));
        boolean leading = flag != SqlTrimFunction.Flag.TRAILING;
        boolean trailing = flag != SqlTrimFunction.Flag.LEADING;
        ScalarExpression chars = string(c, ops.get(1));
        ScalarExpression s = string(c, ops.get(2));
        return row -> {
            Object set = chars.evaluate(row);
            Object v = set == null ? null : s.evaluate(row);
            if (v == null) {
                return null;
            }
            String str = (String) v;
            String strip = (String) set;
            int begin = 0;
            int end = str.length();
            if (leading) {
                while (begin < end && strip.indexOf(str.charAt(begin)) >= 0) {
                    begin++;
                }
            }
            if (trailing) {
                while (end > begin && strip.indexOf(str.charAt(end - 1)) >= 0) {
                    end--;
                }
            }
            return str.substring(begin, end);
        };
    }
}
