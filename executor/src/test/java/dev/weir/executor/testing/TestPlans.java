package dev.weir.executor.testing;

import dev.weir.core.Row;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.executor.plan.AggregateCall;
import dev.weir.executor.plan.AggregateFunctionKind;
import dev.weir.executor.plan.CalcSpec;
import dev.weir.executor.plan.OperatorSpec;
import dev.weir.executor.plan.PhysicalPlan;
import dev.weir.executor.plan.SinkSpec;
import dev.weir.executor.plan.SourceSpec;
import dev.weir.executor.plan.WatermarkAssignerSpec;
import dev.weir.executor.plan.WindowAggregateSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Hand-built specs and plans for tests (the planner is not a dependency of the executor):
 * {@code orders(user STRING, amount BIGINT, ts TIMESTAMP(3))} aggregated per user in 10 s
 * tumbling windows with a 2 s watermark delay.
 */
public final class TestPlans {
    public static final RowType ORDERS = RowType.builder()
            .add("user", DataType.string())
            .add("amount", DataType.bigint())
            .add("ts", DataType.timestamp(3))
            .build();

    public static final RowType WINDOW_OUTPUT = RowType.builder()
            .add("user", DataType.string())
            .add("window_start", DataType.timestamp(3))
            .add("window_end", DataType.timestamp(3))
            .add("cnt", DataType.bigint().notNull())
            .add("total", DataType.bigint())
            .add("lo", DataType.bigint())
            .add("hi", DataType.bigint())
            .add("avg_amount", DataType.bigint())
            .add("distinct_amounts", DataType.bigint().notNull())
            .build();

    public static final long WINDOW_MILLIS = 10_000;
    public static final long DELAY_MILLIS = 2_000;

    private TestPlans() {
    }

    public static WindowAggregateSpec windowSpec() {
        DataType bigint = DataType.bigint();
        return new WindowAggregateSpec("window-agg-1", WINDOW_OUTPUT, new int[] {0}, 2, WINDOW_MILLIS, 0, List.of(
                new AggregateCall(AggregateFunctionKind.COUNT, -1, false, bigint.notNull(), "cnt"),
                new AggregateCall(AggregateFunctionKind.SUM, 1, false, bigint, "total"),
                new AggregateCall(AggregateFunctionKind.MIN, 1, false, bigint, "lo"),
                new AggregateCall(AggregateFunctionKind.MAX, 1, false, bigint, "hi"),
                new AggregateCall(AggregateFunctionKind.AVG, 1, false, bigint, "avg_amount"),
                new AggregateCall(AggregateFunctionKind.COUNT, 1, true, bigint.notNull(), "distinct_amounts")));
    }

    public static WatermarkAssignerSpec watermarkSpec() {
        return new WatermarkAssignerSpec("watermark-1", ORDERS, 2,
                row -> row.field(2) == null ? null : (Long) row.field(2) - DELAY_MILLIS,
                "ts - INTERVAL '2' SECOND");
    }

    /** Keeps rows with a null or non-negative amount; projects all columns. */
    public static CalcSpec filterSpec() {
        return new CalcSpec("calc-1", ORDERS,
                List.of(row -> row.field(0), row -> row.field(1), row -> row.field(2)),
                List.of("user", "amount", "ts"),
                row -> row.field(1) == null || (Long) row.field(1) >= 0, "amount IS NULL OR amount >= 0");
    }

    public static PhysicalPlan windowPlan(String jobName, String dataId, String sinkId, Map<String, String> extra) {
        Map<String, String> sourceOptions = new java.util.HashMap<>(extra);
        sourceOptions.put("connector", "values");
        sourceOptions.put("data-id", dataId);
        List<OperatorSpec> ops = new ArrayList<>();
        ops.add(new SourceSpec("source-orders", "orders", ORDERS, sourceOptions));
        ops.add(filterSpec());
        ops.add(watermarkSpec());
        ops.add(windowSpec());
        ops.add(new SinkSpec("sink-results", "results", WINDOW_OUTPUT,
                Map.of("connector", "values", "sink-id", sinkId)));
        return new PhysicalPlan(jobName, ops);
    }

    /**
     * Pseudo-random orders: mostly ascending time with jitter (out of order within the watermark
     * delay), some late rows far behind, some negative amounts (filtered) and null amounts.
     */
    /** {@link #orders} sorted by time: no row is late, whatever the interleaving of parallel subtasks. */
    public static List<Row> sortedOrders(int count, long seed) {
        List<Row> rows = new ArrayList<>(orders(count, seed));
        rows.sort(java.util.Comparator.comparingLong(r -> (Long) r.field(2)));
        return rows;
    }

    public static List<Row> orders(int count, long seed) {
        Random random = new Random(seed);
        String[] users = {"alice", "bob", "carol", "dave", "erin", "frank", "grace"};
        long base = 1_700_000_000_000L;
        List<Row> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long ts = base + i * 50L + random.nextInt(2000) - 1500;
            if (i % 97 == 0) {
                ts -= 30_000;
            }
            Long amount = i % 53 == 0 ? null : (long) (random.nextInt(120) - 10);
            rows.add(Row.of(users[random.nextInt(users.length)], amount, ts));
        }
        return rows;
    }
}
