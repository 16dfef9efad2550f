package dev.weir.planner.physical;

import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.type.RelDataType;

/**
 * The logical form of Flink's ReplicateRows ({@link dev.weir.executor.plan.ReplicateRowsSpec}): each input
 * row its first column's number of times, without that column. Only {@link SetOperationsAll} builds it.
 */
final class ReplicateRows extends SingleRel {
    ReplicateRows(RelOptCluster cluster, RelTraitSet traits, RelNode input) {
        super(cluster, traits, input);
    }

    @Override
    protected RelDataType deriveRowType() {
        RelDataType in = getInput().getRowType();
        return getCluster().getTypeFactory().createStructType(in.getFieldList().subList(1, in.getFieldCount()));
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new ReplicateRows(getCluster(), traitSet, sole(inputs));
    }
}
