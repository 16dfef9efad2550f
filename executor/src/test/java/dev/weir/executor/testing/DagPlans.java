package dev.weir.executor.testing;

import dev.weir.core.Row;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.executor.plan.AggregateCall;
import dev.weir.executor.plan.AggregateFunctionKind;
import dev.weir.executor.plan.CalcSpec;
import dev.weir.executor.plan.LateRowsSpec;
import dev.weir.executor.plan.OperatorSpec;
import dev.weir.executor.plan.PhysicalPlan;
import dev.weir.executor.plan.SessionWindowAggregateSpec;
import dev.weir.executor.plan.SinkSpec;
import dev.weir.executor.plan.SourceSpec;
import dev.weir.executor.plan.WindowAggregateSpec;
import dev.weir.executor.plan.WindowKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-built plan graphs over {@link TestPlans#ORDERS}: one source fanned out to several sinks, and
 * window operators whose late rows go to a sink of their own ({@link LateRowsSpec}).
 */
public final class DagPlans {
    /** The output of {@link #session} and {@link #hop}: user, window_start, window_end, cnt, total. */
    public static final RowType SMALL_WINDOW_OUTPUT = RowType.builder()
            .add("user", DataType.string())
            .add("window_start", DataType.timestamp(3))
            .add("window_end", DataType.timestamp(3))
            .add("cnt", DataType.bigint().notNull())
            .add("total", DataType.bigint())
            .build();

    public static final long SESSION_GAP_MILLIS = 4_000;

    private DagPlans() {
    }

    public static SourceSpec source(String dataId, Map<String, String> extra) {
        Map<String, String> options = new HashMap<>(extra);
        options.put("connector", "values");
        options.put("data-id", dataId);
        return new SourceSpec("source-orders", "orders", TestPlans.ORDERS, options);
    }

    public static SinkSpec sink(String id, RowType type, String sinkId) {
        return new SinkSpec(id, id, type, Map.of("connector", "values", "sink-id", sinkId));
    }

    /** Keeps rows with an amount of at least 50 (the other branch's filter). */
    public static CalcSpec bigAmounts() {
        return new CalcSpec("calc-big", TestPlans.ORDERS,
                List.of(row -> row.field(0), row -> row.field(1), row -> row.field(2)),
                List.of("user", "amount", "ts"),
                row -> row.field(1) != null && (Long) row.field(1) >= 50, "amount >= 50");
    }

    private static List<AggregateCall> countAndSum() {
        DataType bigint = DataType.bigint();
        return List.of(new AggregateCall(AggregateFunctionKind.COUNT, -1, false, bigint.notNull(), "cnt"),
                new AggregateCall(AggregateFunctionKind.SUM, 1, false, bigint, "total"));
    }

    public static SessionWindowAggregateSpec session(long latenessMillis) {
        return new SessionWindowAggregateSpec("session-agg-1", SMALL_WINDOW_OUTPUT, new int[] {0}, 2,
                SESSION_GAP_MILLIS, countAndSum(), false, latenessMillis);
    }

    public static WindowAggregateSpec hop(long latenessMillis) {
        return new WindowAggregateSpec("hop-agg-1", SMALL_WINDOW_OUTPUT, new int[] {0}, 2, 10_000, 0, countAndSum(),
                WindowKind.HOP, 5_000, false, latenessMillis);
    }

    /**
     * source → filter → watermark, fanned out: → window ({@link TestPlans#windowSpec}) → {@code sinkA};
     * → {@link #bigAmounts} → {@code sinkB}.
     */
    public static PhysicalPlan fanOut(String job, String dataId, String sinkA, String sinkB, Map<String, String> extra) {
        List<OperatorSpec> ops = List.of(source(dataId, extra), TestPlans.filterSpec(), TestPlans.watermarkSpec(),
                TestPlans.windowSpec(), sink("sink-windows", TestPlans.WINDOW_OUTPUT, sinkA), bigAmounts(),
                sink("sink-big", TestPlans.ORDERS, sinkB));
        return new PhysicalPlan(job, ops,
                List.of(List.of(), List.of(0), List.of(1), List.of(2), List.of(3), List.of(2), List.of(5)));
    }

    /** source → filter → watermark → {@link #bigAmounts} → sink: the second branch of {@link #fanOut} alone. */
    public static PhysicalPlan bigAmountsAlone(String job, String dataId, String sinkId) {
        return new PhysicalPlan(job, List.of(source(dataId, Map.of()), TestPlans.filterSpec(),
                TestPlans.watermarkSpec(), bigAmounts(), sink("sink-big", TestPlans.ORDERS, sinkId)));
    }

    /**
     * source → filter → watermark → {@code window} → {@code resultSink}, and window → late rows →
     * {@code lateSink}; with {@code bigSink} also watermark → {@link #bigAmounts} → {@code bigSink}.
     */
    public static PhysicalPlan withLateRows(String job, String dataId, OperatorSpec window, String resultSink,
            String lateSink, String bigSink, Map<String, String> extra) {
        List<OperatorSpec> ops = new ArrayList<>(List.of(source(dataId, extra), TestPlans.filterSpec(),
                TestPlans.watermarkSpec(), window, sink("sink-windows", window.outputType(), resultSink),
                new LateRowsSpec("late-rows-1", TestPlans.ORDERS), sink("sink-late", TestPlans.ORDERS, lateSink)));
        List<List<Integer>> inputs = new ArrayList<>(
                List.of(List.of(), List.of(0), List.of(1), List.of(2), List.of(3), List.of(3), List.of(5)));
        if (bigSink != null) {
            ops.add(bigAmounts());
            ops.add(sink("sink-big", TestPlans.ORDERS, bigSink));
            inputs.add(List.of(2));
            inputs.add(List.of(7));
        }
        return new PhysicalPlan(job, ops, inputs);
    }

    /** source → filter → watermark → {@code window} → sink: {@link #withLateRows} without its late rows. */
    public static PhysicalPlan windowAlone(String job, String dataId, OperatorSpec window, String resultSink) {
        return new PhysicalPlan(job, List.of(source(dataId, Map.of()), TestPlans.filterSpec(),
                TestPlans.watermarkSpec(), window, sink("sink-windows", window.outputType(), resultSink)));
    }

    /** The rows {@link TestPlans#filterSpec} keeps. */
    public static List<Row> filtered(List<Row> input) {
        List<Row> out = new ArrayList<>();
        for (Row r : input) {
            Long amount = (Long) r.field(1);
            if (amount == null || amount >= 0) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * The rows a TUMBLE window of {@link TestPlans#WINDOW_MILLIS} behind {@link TestPlans#windowPlan}'s
     * filter and watermark drops as late at parallelism 1: those whose window fired and whose allowed
     * lateness passed before they arrived ({@code end - 1 + lateness <= watermark}).
     */
    public static List<Row> tumbleLateRows(List<Row> input, long latenessMillis) {
        List<Row> late = new ArrayList<>();
        long watermark = Long.MIN_VALUE;
        for (Row r : filtered(input)) {
            long ts = (Long) r.field(2);
            long start = ts - Math.floorMod(ts, TestPlans.WINDOW_MILLIS);
            if (start + TestPlans.WINDOW_MILLIS - 1 + latenessMillis <= watermark) {
                late.add(r);
            }
            watermark = Math.max(watermark, ts - TestPlans.DELAY_MILLIS);
        }
        return late;
    }

    /** Rows as sorted text in {@link TestPlans#ORDERS}' format. */
    public static List<String> ordersText(List<Row> rows) {
        return sortedText(rows, TestPlans.ORDERS);
    }

    public static List<String> sortedText(List<Row> rows, RowType type) {
        List<String> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(RowText.format(r, type));
        }
        Collections.sort(out);
        return out;
    }

    /** {@code all} without one occurrence of each of {@code removed} (which must all be there), sorted by time. */
    public static List<Row> without(List<Row> all, List<Row> removed) {
        List<String> text = new ArrayList<>();
        for (Row r : removed) {
            text.add(RowText.format(r, TestPlans.ORDERS));
        }
        List<Row> rest = new ArrayList<>();
        for (Row r : all) {
            if (!text.remove(RowText.format(r, TestPlans.ORDERS))) {
                rest.add(r);
            }
        }
        if (!text.isEmpty()) {
            throw new AssertionError("rows not in the input: " + text);
        }
        rest.sort(java.util.Comparator.comparingLong(r -> (Long) r.field(2)));
        return rest;
    }
}
