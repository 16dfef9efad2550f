package dev.weir.planner.physical;

import dev.weir.core.type.RowType;
import dev.weir.executor.expr.ScalarExpression;
import dev.weir.executor.plan.CalcSpec;
import dev.weir.executor.plan.OperatorSpec;
import dev.weir.executor.plan.SourceSpec;
import dev.weir.planner.calcite.CalciteTypes;
import dev.weir.planner.expr.CurrentWatermark;
import dev.weir.planner.expr.ExpressionCompiler;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;

/**
 * The operators planned so far for one input, and how the logical fields map onto their output.
 * Translators take their inputs' fragments and append to them (or {@link #merge} them), so a
 * fragment is mutable and owned by whoever planned it last.
 */
final class Fragment {
    /** The session time zone, for the expressions of the Calcs this fragment appends. */
    private final ZoneId zone;
    final List<OperatorSpec> ops = new ArrayList<>();
    /** Per operator of {@link #ops}: the indices of the operators feeding it (none for a source). */
    final List<List<Integer>> inputs = new ArrayList<>();
    RowType type;
    /** Index of the rowtime attribute (a column with a WATERMARK) in {@link #type}, or -1. */
    int rowtime = -1;
    /** The operator whose output is an updating changelog (describe()), or null for insert-only. */
    String updatingNode;
    /** logical field index → index in {@link #type}; null when they coincide. */
    int[] fieldMap;

    /**
     * What each field of {@link #type} is, in terms of the source table: a table column's
     * qualified name, an expression over those, or {@code <operator id>.<field>} for a field a
     * stateful operator computes. Operator ids hash this instead of the upstream operators'
     * text, so editing a projection elsewhere in the query does not change them.
     */
    List<String> origins = List.of();
    /** The filters applied so far, over {@link #origins}. */
    final List<String> filters = new ArrayList<>();

    Fragment(ZoneId zone) {
        this.zone = Objects.requireNonNull(zone, "zone is null");
    }

    /**
     * A fragment made of {@code parts}' operators followed by {@code op}, which reads the last
     * operator of each part, in order.
     */
    Fragment merge(List<Fragment> parts, OperatorSpec op, RowType outputType) {
        Fragment f = new Fragment(zone);
        List<Integer> tails = new ArrayList<>();
        for (Fragment part : parts) {
            int base = f.ops.size();
            f.ops.addAll(part.ops);
            for (List<Integer> in : part.inputs) {
                List<Integer> shifted = new ArrayList<>(in.size());
                for (int i : in) {
                    shifted.add(base + i);
                }
                f.inputs.add(shifted);
            }
            tails.add(f.ops.size() - 1);
        }
        f.ops.add(op);
        f.inputs.add(tails);
        f.setOutput(op, outputType);
        return f;
    }

    /**
     * The columns holding {@code expressions} (over this fragment's logical fields): the columns
     * themselves for plain column references; otherwise a Calc first appends the computed values.
     */
    int[] columnsFor(List<RexNode> expressions, RelDataTypeFactory typeFactory) {
        int[] columns = new int[expressions.size()];
        List<RexNode> computed = new ArrayList<>();
        int width = type.arity();
        for (int i = 0; i < columns.length; i++) {
            RexNode e = remap(expressions.get(i));
            if (e instanceof RexInputRef ref) {
                columns[i] = ref.getIndex();
            } else {
                columns[i] = width + computed.size();
                computed.add(e);
            }
        }
        if (!computed.isEmpty()) {
            List<RexNode> projections = new ArrayList<>();
            RowType.Builder out = RowType.builder();
            for (int i = 0; i < width; i++) {
                projections.add(new RexInputRef(i, CalciteTypes.toRelType(typeFactory, type.type(i))));
                out.add(type.field(i).name(), type.type(i));
            }
            for (int k = 0; k < computed.size(); k++) {
                projections.add(computed.get(k));
                out.add("$key" + k, CalciteTypes.toDataType(computed.get(k).getType()));
            }
            addCalc(projections, null, out.build());
        }
        return columns;
    }

    void add(OperatorSpec op, RowType outputType) {
        inputs.add(ops.isEmpty() ? List.of() : List.of(ops.size() - 1));
        ops.add(op);
        setOutput(op, outputType);
    }

    private void setOutput(OperatorSpec op, RowType outputType) {
        type = outputType;
        List<String> named = new ArrayList<>(outputType.arity());
        String qualifier = op instanceof SourceSpec source ? source.id().substring("source-".length()) : op.id();
        for (String name : outputType.names()) {
            named.add(qualifier + "." + name);
        }
        origins = named;
    }

    /** The input of the next operator, over the source table's columns: what its id derives from. */
    String lineage() {
        return lineage(origins.size());
    }

    /** The lineage of the first {@code fields} fields only. */
    String lineage(int fields) {
        StringBuilder sb = new StringBuilder("fields: ");
        sb.append(String.join(", ", origins.subList(0, fields)));
        for (String filter : filters) {
            sb.append("\nfilter: ").append(filter);
        }
        return sb.toString();
    }

    RexNode remap(RexNode e) {
        if (fieldMap == null) {
            return e;
        }
        int[] map = fieldMap;
        return e.accept(new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                return new RexInputRef(map[ref.getIndex()], ref.getType());
            }
        });
    }

    /** Appends a Calc whose expressions are already over this fragment's physical output. */
    void addCalc(List<RexNode> projections, RexNode condition, RelDataType outputRelType) {
        addCalc(projections, condition, CalciteTypes.toRowType(outputRelType));
    }

    void addCalc(List<RexNode> projections, RexNode condition, RowType outputType) {
        List<String> inputNames = type.names();
        List<ScalarExpression> compiled = new ArrayList<>(projections.size());
        List<String> texts = new ArrayList<>(projections.size());
        // CURRENT_WATERMARK(rowtime) reads one extra field that the Calc operator appends.
        boolean readsWatermark = CurrentWatermark.usedIn(projections, condition);
        int arity = type.arity();
        for (RexNode p : projections) {
            compiled.add(ExpressionCompiler.compile(readsWatermark ? CurrentWatermark.rewrite(p, rowtime, arity,
                    inputNames) : p, zone));
            texts.add(ExpressionCompiler.describe(p, inputNames));
        }
        ScalarExpression cond = condition == null ? null : ExpressionCompiler.compile(readsWatermark
                ? CurrentWatermark.rewrite(condition, rowtime, arity, inputNames) : condition, zone);
        String condText = condition == null ? null : ExpressionCompiler.describe(condition, inputNames);
        int newRowtime = -1;
        for (int i = 0; i < projections.size() && rowtime >= 0; i++) {
            if (projections.get(i) instanceof RexInputRef ref && ref.getIndex() == rowtime) {
                newRowtime = i;
                break;
            }
        }
        List<String> newOrigins = new ArrayList<>(projections.size());
        for (RexNode p : projections) {
            newOrigins.add(ExpressionCompiler.describe(p, origins));
        }
        if (condition != null) {
            filters.add(ExpressionCompiler.describe(condition, origins));
        }
        CalcSpec draft = new CalcSpec("draft", outputType, compiled, texts, cond, condText);
        // The position keeps two identical Calcs apart; Calcs hold no state, so it costs nothing.
        add(new CalcSpec(OperatorIds.derive("calc-", draft.describe(), lineage() + "\n#" + ops.size()),
                outputType, compiled, texts, cond, condText, readsWatermark), outputType);
        origins = newOrigins;
        fieldMap = null;
        rowtime = newRowtime;
    }

    /** Adds the reordering Calc still owed when the last operator's columns are not in logical order. */
    void finish(RelDataType logicalType) {
        if (fieldMap == null) {
            return;
        }
        List<RexNode> refs = new ArrayList<>();
        for (int i = 0; i < logicalType.getFieldCount(); i++) {
            refs.add(RexInputRef.of(i, logicalType));
        }
        List<RexNode> remapped = new ArrayList<>();
        for (RexNode r : refs) {
            remapped.add(remap(r));
        }
        addCalc(remapped, null, logicalType);
    }
}
