package dev.weir.planner.physical;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Splits a join's ON condition into what the runtime needs: pairs of equal key expressions (one
 * over each input), the bounds of an interval join when the condition bounds the right rowtime
 * against the left one from both sides, and the rest, evaluated on each joined row.
 *
 * @param leftKeys  key expressions over the left input's fields
 * @param rightKeys key expressions over the right input's fields, pairwise equal to {@code leftKeys}
 * @param interval  the bounds of {@code right.rowtime - left.rowtime} in milliseconds, or null
 * @param remaining the other conjuncts, over the joined row (left fields, then right fields)
 */
record JoinConditions(List<RexNode> leftKeys, List<RexNode> rightKeys, long[] interval, List<RexNode> remaining) {

    /**
     * @param leftRowtime  the left input's rowtime field, or -1
     * @param rightRowtime the right input's rowtime field (in the right input), or -1
     */
    static JoinConditions of(RexNode condition, int leftCount, int rightCount, int leftRowtime, int rightRowtime) {
        ImmutableBitSet left = ImmutableBitSet.range(0, leftCount);
        ImmutableBitSet right = ImmutableBitSet.range(leftCount, leftCount + rightCount);
        List<RexNode> leftKeys = new ArrayList<>();
        List<RexNode> rightKeys = new ArrayList<>();
        List<RexNode> rest = new ArrayList<>();
        for (RexNode c : RelOptUtil.conjunctions(condition)) {
            if (c.isAlwaysTrue()) {
                continue;
            }
            if (c.getKind() == SqlKind.EQUALS && c instanceof RexCall eq) {
                RexNode a = eq.getOperands().get(0);
                RexNode b = eq.getOperands().get(1);
                ImmutableBitSet aBits = RelOptUtil.InputFinder.bits(a);
                ImmutableBitSet bBits = RelOptUtil.InputFinder.bits(b);
                if (!aBits.isEmpty() && !bBits.isEmpty()) {
                    if (left.contains(aBits) && right.contains(bBits)) {
                        leftKeys.add(a);
                        rightKeys.add(RexUtil.shift(b, -leftCount));
                        continue;
                    }
                    if (right.contains(aBits) && left.contains(bBits)) {
                        leftKeys.add(b);
                        rightKeys.add(RexUtil.shift(a, -leftCount));
                        continue;
                    }
                }
            }
            rest.add(c);
        }
        long[] interval = null;
        List<RexNode> remaining = rest;
        if (leftRowtime >= 0 && rightRowtime >= 0) {
            Long lower = null;
            Long upper = null;
            List<RexNode> others = new ArrayList<>();
            for (RexNode c : rest) {
                long[] bound = bound(c, leftRowtime, leftCount + rightRowtime);
                if (bound == null) {
                    others.add(c);
                } else if (bound[0] == LOWER) {
                    lower = lower == null ? bound[1] : Math.max(lower, bound[1]);
                } else {
                    upper = upper == null ? bound[1] : Math.min(upper, bound[1]);
                }
            }
            if (lower != null && upper != null) {
                interval = new long[] {lower, upper};
                remaining = others;
            }
        }
        return new JoinConditions(List.copyOf(leftKeys), List.copyOf(rightKeys), interval, List.copyOf(remaining));
    }

    private static final long LOWER = 0;
    private static final long UPPER = 1;

    /**
     * A comparison between the two rowtimes (each plus or minus a constant interval) as a bound on
     * {@code rt - lt}: {LOWER|UPPER, millis}, or null when {@code c} is anything else.
     */
    private static long[] bound(RexNode c, int lt, int rt) {
        SqlKind kind = c.getKind();
        if (!(c instanceof RexCall call) || call.getOperands().size() != 2 || !(kind == SqlKind.GREATER_THAN
                || kind == SqlKind.GREATER_THAN_OR_EQUAL || kind == SqlKind.LESS_THAN
                || kind == SqlKind.LESS_THAN_OR_EQUAL)) {
            return null;
        }
        long[] a = timeRef(call.getOperands().get(0));
        long[] b = timeRef(call.getOperands().get(1));
        if (a == null || b == null) {
            return null;
        }
        // a.field + a.offset <op> b.field + b.offset
        boolean greater = kind == SqlKind.GREATER_THAN || kind == SqlKind.GREATER_THAN_OR_EQUAL;
        boolean strict = kind == SqlKind.GREATER_THAN || kind == SqlKind.LESS_THAN;
        long diff;
        boolean lowerBound;
        if (a[0] == rt && b[0] == lt) { // rt - lt <op> b.offset - a.offset
            diff = b[1] - a[1];
            lowerBound = greater;
        } else if (a[0] == lt && b[0] == rt) { // rt - lt <reversed op> a.offset - b.offset
            diff = a[1] - b[1];
            lowerBound = !greater;
        } else {
            return null;
        }
        if (strict) { // event times are whole milliseconds
            diff += lowerBound ? 1 : -1;
        }
        return new long[] {lowerBound ? LOWER : UPPER, diff};
    }

    /** {field, offset millis} for {@code ref}, {@code ref + interval} or {@code ref - interval}; else null. */
    private static long[] timeRef(RexNode e) {
        if (e.getKind() == SqlKind.CAST && e instanceof RexCall cast
                && cast.getType().getSqlTypeName().getFamily() == cast.getOperands().get(0).getType()
                        .getSqlTypeName().getFamily()) {
            return timeRef(cast.getOperands().get(0));
        }
        if (e instanceof RexInputRef ref) {
            return new long[] {ref.getIndex(), 0};
        }
        if (!(e instanceof RexCall call) || call.getOperands().size() != 2) {
            return null;
        }
        boolean plus = e.getKind() == SqlKind.PLUS;
        boolean minus = e.getKind() == SqlKind.MINUS;
        if (!plus && !minus) {
            return null;
        }
        RexNode x = call.getOperands().get(0);
        RexNode y = call.getOperands().get(1);
        if (plus && intervalMillis(x) != null) { // interval + ref
            RexNode swap = x;
            x = y;
            y = swap;
        }
        long[] base = timeRef(x);
        Long millis = intervalMillis(y);
        if (base == null || millis == null) {
            return null;
        }
        return new long[] {base[0], base[1] + (plus ? millis : -millis)};
    }

    private static Long intervalMillis(RexNode e) {
        if (e instanceof RexLiteral literal && literal.getType().getSqlTypeName().getFamily()
                == SqlTypeFamily.INTERVAL_DAY_TIME) {
            BigDecimal value = literal.getValueAs(BigDecimal.class);
            return value == null ? null : value.longValueExact();
        }
        return null;
    }
}
