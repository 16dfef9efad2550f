package dev.weir.executor.testing;

import dev.weir.core.Row;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.executor.plan.AggregateCall;
import dev.weir.executor.plan.AggregateFunctionKind;
import dev.weir.executor.plan.GroupAggregateSpec;
import dev.weir.executor.plan.OperatorSpec;
import dev.weir.executor.plan.PhysicalPlan;
import dev.weir.executor.plan.SinkSpec;
import dev.weir.executor.plan.SourceSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A non-windowed GROUP BY over {@link TestPlans#ORDERS}: per user COUNT(*), SUM, MIN, MAX, AVG
 * and COUNT(DISTINCT amount), and a naive model of the changelog it emits.
 */
public final class GroupPlans {
    public static final RowType OUTPUT = RowType.builder()
            .add("user", DataType.string())
            .add("cnt", DataType.bigint().notNull())
            .add("total", DataType.bigint())
            .add("lo", DataType.bigint())
            .add("hi", DataType.bigint())
            .add("avg_amount", DataType.bigint())
            .add("distinct_amounts", DataType.bigint().notNull())
            .build();

    private GroupPlans() {
    }

    public static GroupAggregateSpec spec(long ttlMillis) {
        DataType bigint = DataType.bigint();
        return new GroupAggregateSpec("group-agg-1", OUTPUT, new int[] {0}, List.of(
                new AggregateCall(AggregateFunctionKind.COUNT, -1, false, bigint.notNull(), "cnt"),
                new AggregateCall(AggregateFunctionKind.SUM, 1, false, bigint, "total"),
                new AggregateCall(AggregateFunctionKind.MIN, 1, false, bigint, "lo"),
                new AggregateCall(AggregateFunctionKind.MAX, 1, false, bigint, "hi"),
                new AggregateCall(AggregateFunctionKind.AVG, 1, false, bigint, "avg_amount"),
                new AggregateCall(AggregateFunctionKind.COUNT, 1, true, bigint.notNull(), "distinct_amounts")),
                ttlMillis);
    }

    /** values source → GROUP BY user → values sink. */
    public static PhysicalPlan plan(String jobName, String dataId, String sinkId, Map<String, String> extra) {
        Map<String, String> sourceOptions = new HashMap<>(extra);
        sourceOptions.put("connector", "values");
        sourceOptions.put("data-id", dataId);
        List<OperatorSpec> ops = new ArrayList<>();
        ops.add(new SourceSpec("source-orders", "orders", TestPlans.ORDERS, sourceOptions));
        ops.add(spec(0));
        ops.add(new SinkSpec("sink-results", "results", OUTPUT, Map.of("connector", "values", "sink-id", sinkId)));
        return new PhysicalPlan(jobName, ops);
    }

    /** The changelog a naive per-key recomputation produces, as text in order. */
    public static List<String> expected(List<Row> input) {
        Map<String, List<Long>> amounts = new HashMap<>();
        Map<String, Long> counts = new HashMap<>();
        Map<String, String> last = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (Row r : input) {
            String user = (String) r.field(0);
            counts.merge(user, 1L, Long::sum);
            List<Long> values = amounts.computeIfAbsent(user, k -> new ArrayList<>());
            if (r.field(1) != null) {
                values.add((Long) r.field(1));
            }
            Long sum = null;
            Long lo = null;
            Long hi = null;
            for (Long v : values) {
                sum = sum == null ? v : sum + v;
                lo = lo == null ? v : Math.min(lo, v);
                hi = hi == null ? v : Math.max(hi, v);
            }
            Set<Long> distinct = new HashSet<>(values);
            String now = user + ", " + counts.get(user) + ", " + sum + ", " + lo + ", " + hi + ", "
                    + (sum == null ? null : sum / values.size()) + ", " + distinct.size() + "]";
            String before = last.put(user, now);
            if (before == null) {
                out.add("+I[" + now);
            } else if (!before.equals(now)) {
                out.add("-U[" + before);
                out.add("+U[" + now);
            }
        }
        return out;
    }

    public static List<String> text(List<Row> rows) {
        List<String> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(RowText.format(r, OUTPUT));
        }
        return out;
    }
}
