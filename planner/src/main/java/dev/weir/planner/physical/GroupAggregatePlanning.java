package dev.weir.planner.physical;

import static dev.weir.planner.physical.PhysicalPlanner.unsupported;

import dev.weir.core.type.RowType;
import dev.weir.executor.plan.AggregateFunctionKind;
import dev.weir.executor.plan.GroupAggregateSpec;
import dev.weir.planner.calcite.CalciteTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;

/** The non-windowed GROUP BY ({@link GroupAggregateSpec}), with {@code table.exec.state.ttl}. */
final class GroupAggregatePlanning {
    private final PlanContext context;

    GroupAggregatePlanning(PlanContext context) {
        this.context = Objects.requireNonNull(context, "context is null");
    }

    /**
     * Non-windowed GROUP BY: a Calc computing the keys, arguments and FILTER columns, then a
     * GroupAggregate whose output (keys, then aggregates) is the Aggregate's row type. Its result
     * is an updating changelog; its input may be one too (it then retracts -U/-D rows).
     */
    Fragment groupAggregate(Aggregate agg) {
        if (agg.getGroupType() != Aggregate.Group.SIMPLE) {
            throw unsupported("GROUPING SETS, ROLLUP and CUBE");
        }
        Fragment f = context.translate(agg.getInput());
        // Over an updating input (another GROUP BY, an outer join, an upsert or Debezium source) the
        // operator retracts -U/-D rows. Every such input sends -U before +U (an upsert source remembers
        // the last row per key, as Flink's ChangelogNormalize), so no normalisation is needed here.
        boolean updatingInput = f.updatingNode != null;
        RelDataType inputType = agg.getInput().getRowType();
        RelDataType aggRowType = agg.getRowType();
        List<RexNode> pre = new ArrayList<>();
        List<String> preNames = new ArrayList<>();
        int position = 0;
        for (int g : agg.getGroupSet()) {
            pre.add(f.remap(RexInputRef.of(g, inputType)));
            preNames.add(aggRowType.getFieldList().get(position++).getName());
        }
        int keyCount = pre.size();
        List<dev.weir.executor.plan.AggregateCall> calls = new ArrayList<>();
        List<AggregateCall> aggCalls = agg.getAggCallList();
        for (int i = 0; i < aggCalls.size(); i++) {
            AggregateCall ac = aggCalls.get(i);
            AggregateFunctionKind kind = AggregateCalls.kindOf(ac);
            if (ac.getArgList().size() > 1) {
                throw unsupported(ac.getAggregation().getName() + " with more than one argument");
            }
            int argIndex = ac.getArgList().size() == 1 ? AggregateCalls.column(pre, preNames,
                    f.remap(RexInputRef.of(ac.getArgList().get(0), inputType))) : -1;
            int filterIndex = ac.filterArg >= 0 ? AggregateCalls.column(pre, preNames,
                    f.remap(RexInputRef.of(ac.filterArg, inputType))) : -1;
            RelDataTypeField field = aggRowType.getFieldList().get(keyCount + i);
            calls.add(new dev.weir.executor.plan.AggregateCall(kind, argIndex, ac.isDistinct(),
                    CalciteTypes.toDataType(field.getType()), field.getName(), filterIndex));
        }
        if (!RexPrograms.isIdentityProjection(pre, f.type.arity())) {
            f.addCalc(pre, null, RexPrograms.rowType(agg, pre, preNames));
        }
        RowType outType = CalciteTypes.toRowType(aggRowType);
        int[] keys = new int[keyCount];
        for (int k = 0; k < keyCount; k++) {
            keys[k] = k;
        }
        GroupAggregateSpec draft = new GroupAggregateSpec("draft", outType, keys, AggregateCalls.unnamed(calls),
                context.stateTtlMillis(), updatingInput);
        GroupAggregateSpec spec = new GroupAggregateSpec(OperatorIds.derive("group-agg-", draft.describe(),
                f.lineage()), outType, keys, calls, context.stateTtlMillis(), updatingInput);
        f.add(spec, outType);
        f.fieldMap = null;
        f.rowtime = -1; // as in Flink, an updating result has no time attribute
        f.updatingNode = spec.describe();
        return f;
    }
}
