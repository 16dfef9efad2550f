package dev.weir.planner.calcite;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.TranslatableTable;

/**
 * A view: expanded into its query's plan wherever it is read, with the view's column names.
 * Temporal as a {@link SchemaTable}: a deduplication view is a versioned table in Flink.
 */
final class SchemaView extends SchemaTable implements TranslatableTable {
    private final ViewDefinition view;

    SchemaView(ViewDefinition view) {
        super(Objects.requireNonNull(view, "view is null").rowType());
        this.view = view;
    }

    @Override
    public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
        RelNode rel = context.expandView(relOptTable.getRowType(), view.query(), List.of(), List.of(view.name())).rel;
        List<RexNode> refs = new ArrayList<>();
        for (int i = 0; i < rel.getRowType().getFieldCount(); i++) {
            refs.add(RexInputRef.of(i, rel.getRowType()));
        }
        // Renames the query's columns to the view's column list.
        return LogicalProject.create(rel, List.of(), refs, view.rowType().names(), java.util.Set.of());
    }
}
