package dev.weir.planner.physical;

import static dev.weir.planner.physical.PhysicalPlanner.unsupported;

import dev.weir.core.WeirException;
import dev.weir.core.type.DataType;
import dev.weir.core.type.RowType;
import dev.weir.executor.plan.AggregateFunctionKind;
import dev.weir.executor.plan.OperatorSpec;
import dev.weir.executor.plan.SessionWindowAggregateSpec;
import dev.weir.executor.plan.WindowAggregateSpec;
import dev.weir.planner.calcite.CalciteTypes;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * The window aggregation: an Aggregate grouping by a TUMBLE, HOP, CUMULATE or SESSION window's
 * {@code window_start} and {@code window_end} ({@link WindowAggregateSpec},
 * {@link SessionWindowAggregateSpec}). With LATE_ROWS its input also carries the window table
 * function's input columns ({@link LateRowsBranch}). All four also take an updating input
 * ({@link WindowAggregateSpec#updatingInput()}, {@link SessionWindowAggregateSpec#updatingInput()}),
 * and still produce an insert-only result.
 */
final class WindowAggregatePlanning {
    private final PlanContext context;

    WindowAggregatePlanning(PlanContext context) {
        this.context = Objects.requireNonNull(context, "context is null");
    }

    /**
     * {@code GROUP BY window_start, window_end, ...} over a window table function: a Calc computing
     * the keys, arguments, FILTER columns and the rowtime, then a window aggregation (a session
     * window aggregation for SESSION).
     */
    Fragment windowAggregate(Aggregate agg) {
        RelNode below = agg.getInput();
        Calc mid = below instanceof Calc c ? c : null;
        RelNode tfsNode = mid != null ? mid.getInput() : below;
        TableFunctionScan tfs = (TableFunctionScan) tfsNode;
        boolean session = tfs.getCall() instanceof RexCall sc
                && sc.getOperator().getName().equalsIgnoreCase("SESSION");
        if (!(tfs.getCall() instanceof RexCall call)
                || (!session && WindowShape.kindOf(call.getOperator().getName()) == null)
                || tfs.getInputs().size() != 1) {
            String op = tfs.getCall() instanceof RexCall rc ? rc.getOperator().getName() : "table function";
            throw unsupported("the window table function " + op
                    + " (supported: TUMBLE, HOP, CUMULATE, SESSION)");
        }
        if (agg.getGroupType() != Aggregate.Group.SIMPLE) {
            throw unsupported("GROUPING SETS, ROLLUP and CUBE");
        }
        RelNode input = tfs.getInput(0);
        int n = input.getRowType().getFieldCount();
        WindowShape window = session ? WindowShape.session(call) : WindowShape.of(call);
        String windowName = session ? "SESSION" : window.kind().name();
        // Over a TIMESTAMP_LTZ rowtime windows live on the session zone's wall clock, as in Flink.
        ZoneId windowZone = input.getRowType().getFieldList().get(window.timeIndex()).getType().getSqlTypeName()
                == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE ? context.zone() : null;

        // What the aggregate reads, as expressions over the TFS output (input columns + window_start, window_end).
        List<RexNode> aggInput = new ArrayList<>();
        RexNode condition = null;
        if (mid != null) {
            RexProgram program = mid.getProgram();
            for (var ref : program.getProjectList()) {
                aggInput.add(program.expandLocalRef(ref));
            }
            if (program.getCondition() != null) {
                condition = program.expandLocalRef(program.getCondition());
            }
        } else {
            for (int i = 0; i < tfs.getRowType().getFieldCount(); i++) {
                aggInput.add(RexInputRef.of(i, tfs.getRowType()));
            }
        }
        if (condition != null && usesWindowColumns(condition, n)) {
            throw unsupported("a filter on window_start or window_end before the window aggregation");
        }

        Fragment f = context.translate(input);
        // Over an updating input (a Debezium or upsert source, ...) TUMBLE, HOP, CUMULATE and SESSION take
        // -U/-D rows back with retracting accumulators per (key, window); the result is still insert-only.
        boolean updatingInput = f.updatingNode != null;
        if (updatingInput) {
            refuseOverUpdatingInput(windowName, f.updatingNode);
        }
        List<RexNode> pre = new ArrayList<>();
        List<String> preNames = new ArrayList<>();
        RelDataType aggRowType = agg.getRowType();
        ImmutableBitSet groupSet = agg.getGroupSet();
        int groupCount = groupSet.cardinality();
        int[] aggToPhysical = new int[aggRowType.getFieldCount()];
        int windowStartAt = -1;
        int windowEndAt = -1;
        int windowTimeAt = -1;
        int position = 0;
        for (int g : groupSet) {
            RexNode e = aggInput.get(g);
            if (e instanceof RexInputRef ref && ref.getIndex() == n) {
                windowStartAt = position;
            } else if (e instanceof RexInputRef ref && ref.getIndex() == n + 1) {
                windowEndAt = position;
            } else if (e instanceof RexInputRef ref && ref.getIndex() == n + 2) {
                windowTimeAt = position;
            } else if (usesWindowColumns(e, n)) {
                throw unsupported("grouping by an expression over window_start, window_end or window_time");
            } else {
                aggToPhysical[position] = pre.size();
                pre.add(f.remap(e));
                preNames.add(aggRowType.getFieldList().get(position).getName());
            }
            position++;
        }
        if (windowStartAt < 0 || windowEndAt < 0) {
            throw unsupported("a window aggregation that does not GROUP BY both window_start and window_end");
        }
        int keyCount = pre.size();
        boolean windowTime = windowTimeAt >= 0;
        int windowColumns = windowTime ? 3 : 2;
        aggToPhysical[windowStartAt] = keyCount;
        aggToPhysical[windowEndAt] = keyCount + 1;
        if (windowTime) {
            aggToPhysical[windowTimeAt] = keyCount + 2;
        }

        List<dev.weir.executor.plan.AggregateCall> calls = new ArrayList<>();
        List<AggregateCall> aggCalls = agg.getAggCallList();
        for (int i = 0; i < aggCalls.size(); i++) {
            AggregateCall ac = aggCalls.get(i);
            AggregateFunctionKind kind = AggregateCalls.kindOf(ac);
            if (ac.getArgList().size() > 1) {
                throw unsupported(ac.getAggregation().getName() + " with more than one argument");
            }
            int argIndex = -1;
            if (ac.getArgList().size() == 1) {
                RexNode arg = aggInput.get(ac.getArgList().get(0));
                if (usesWindowColumns(arg, n)) {
                    throw unsupported("aggregating window_start, window_end or window_time");
                }
                argIndex = AggregateCalls.column(pre, preNames, f.remap(arg));
            }
            int filterIndex = -1;
            if (ac.filterArg >= 0) {
                RexNode filter = aggInput.get(ac.filterArg);
                if (usesWindowColumns(filter, n)) {
                    throw unsupported("a FILTER (WHERE ...) over window_start, window_end or window_time");
                }
                filterIndex = AggregateCalls.column(pre, preNames, f.remap(filter));
            }
            int aggField = groupCount + i;
            aggToPhysical[aggField] = keyCount + windowColumns + i;
            DataType resultType = CalciteTypes.toDataType(aggRowType.getFieldList().get(aggField).getType());
            calls.add(new dev.weir.executor.plan.AggregateCall(kind, argIndex, ac.isDistinct(), resultType,
                    aggRowType.getFieldList().get(aggField).getName(), filterIndex));
        }
        int timeIndex = pre.size();
        RexNode time = f.remap(new RexInputRef(window.timeIndex(), input.getRowType().getFieldList()
                .get(window.timeIndex()).getType()));
        if (!(time instanceof RexInputRef timeRef) || timeRef.getIndex() != f.rowtime) {
            if (updatingInput) {
                // e.g. a window over a GROUP BY's result: the changes carry no time attribute
                throw unsupported("a " + windowName + " window aggregation over an updating input (produced by "
                        + f.updatingNode + ") without a time attribute; a window aggregation over an updating input"
                        + " needs the rowtime of a changelog source (debezium-json, upsert-kafka) with a WATERMARK");
            }
            // Catches what the SQL-level check cannot see, e.g. TUMBLE over a view or subquery.
            throw new WeirException("The window function " + windowName + " requires a time attribute column: column '"
                    + input.getRowType().getFieldList().get(window.timeIndex()).getName()
                    + "' is not a column with a WATERMARK (or is computed from one).");
        }
        pre.add(time);
        preNames.add(input.getRowType().getFieldList().get(window.timeIndex()).getName());
        int idFields = pre.size(); // the columns LATE_ROWS appends below leave the window's id alone
        if (context.keepWindowInputColumns()) {
            LateRowsBranch.appendInputColumns(input, f::remap, pre, preNames);
        }
        RelDataType preType = RexPrograms.rowType(agg, pre, preNames);
        f.addCalc(pre, condition == null ? null : f.remap(condition), preType);

        RowType.Builder out = RowType.builder();
        for (int k = 0; k < keyCount; k++) {
            out.add(preNames.get(k), f.type.type(k));
        }
        out.add("window_start", CalciteTypes.toDataType(aggRowType.getFieldList().get(windowStartAt).getType()));
        out.add("window_end", CalciteTypes.toDataType(aggRowType.getFieldList().get(windowEndAt).getType()));
        if (windowTime) {
            out.add("window_time", CalciteTypes.toDataType(aggRowType.getFieldList().get(windowTimeAt).getType()));
        }
        for (var c : calls) {
            out.add(c.name(), c.resultType());
        }
        int[] keys = new int[keyCount];
        for (int k = 0; k < keyCount; k++) {
            keys[k] = k;
        }
        RowType outType = out.build();
        long allowedLatenessMillis = context.allowedLatenessMillis();
        // The id ignores the lateness: the state has the same layout, so changing it keeps the state.
        OperatorSpec spec;
        boolean emitsUpdates;
        if (session) {
            SessionWindowAggregateSpec draft = new SessionWindowAggregateSpec("draft", outType, keys, timeIndex,
                    window.sizeMillis(), AggregateCalls.unnamed(calls), windowTime, 0, windowZone, updatingInput);
            SessionWindowAggregateSpec sessionSpec = new SessionWindowAggregateSpec(OperatorIds.derive("window-agg-",
                    draft.describe(), f.lineage(idFields)), outType, keys, timeIndex, window.sizeMillis(), calls,
                    windowTime, allowedLatenessMillis, windowZone, updatingInput);
            spec = sessionSpec;
            emitsUpdates = sessionSpec.emitsUpdates();
        } else {
            WindowAggregateSpec draft = new WindowAggregateSpec("draft", outType, keys, timeIndex,
                    window.sizeMillis(), window.offsetMillis(), AggregateCalls.unnamed(calls), window.kind(),
                    window.slideMillis(), windowTime, 0, windowZone, updatingInput);
            WindowAggregateSpec windowSpec = new WindowAggregateSpec(OperatorIds.derive("window-agg-",
                    draft.describe(), f.lineage(idFields)), outType, keys, timeIndex, window.sizeMillis(),
                    window.offsetMillis(), calls, window.kind(), window.slideMillis(), windowTime,
                    allowedLatenessMillis, windowZone, updatingInput);
            spec = windowSpec;
            emitsUpdates = windowSpec.emitsUpdates();
        }
        f.add(spec, outType);
        f.fieldMap = RexPrograms.isIdentity(aggToPhysical) ? null : aggToPhysical;
        if (emitsUpdates) {
            // Late rows retract emitted results: an updating result, without a time attribute (as a GROUP BY).
            f.rowtime = -1;
            f.updatingNode = spec.describe();
            return f;
        }
        // window_time is the output's rowtime attribute, so a window aggregation can feed another one.
        f.rowtime = windowTime ? keyCount + 2 : -1;
        return f;
    }

    /**
     * What a window aggregation over an updating input cannot do yet: LATE_ROWS (a late change is not
     * a row of the table) and allowed lateness (fired windows would have to be updated by late
     * retractions).
     */
    private void refuseOverUpdatingInput(String windowName, String updatingNode) {
        if (context.keepWindowInputColumns()) {
            throw unsupported("a LATE_ROWS hint on a " + windowName + " window aggregation over an updating input"
                    + " (produced by " + updatingNode + "); remove the hint: late changes are dropped and counted");
        }
        if (context.allowedLatenessMillis() > 0) {
            throw unsupported("'table.exec.emit.allow-lateness' on a " + windowName + " window aggregation over an"
                    + " updating input (produced by " + updatingNode + "); RESET it for this query: late changes"
                    + " are then dropped and counted");
        }
    }

    private static boolean usesWindowColumns(RexNode e, int n) {
        boolean[] found = {false};
        e.accept(new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                if (ref.getIndex() >= n) {
                    found[0] = true;
                }
                return ref;
            }
        });
        return found[0];
    }
}
