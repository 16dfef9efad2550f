package dev.weir.planner.expr;

import dev.weir.core.Row;
import dev.weir.executor.expr.ScalarExpression;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.type.SqlTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataTypeSystem;

/**
 * Walks a Rex tree once and builds the closure tree; the dispatch on operator happens here, at
 * compile time, so evaluation never switches on the operator.
 */
final class RexCompiler {
    private final ZoneId zone;
    private final List<String> inputNames;

    RexCompiler(ZoneId zone, List<String> inputNames) {
        this.zone = Objects.requireNonNull(zone, "zone is null");
        this.inputNames = inputNames;
    }

    ZoneId zone() {
        return zone;
    }

    String describe(RexNode node) {
        return Describer.describe(node, inputNames);
    }

    ScalarExpression compile(RexNode node) {
        if (node instanceof RexInputRef ref) {
            int index = ref.getIndex();
            return new FieldRef(index);
        }
        if (node instanceof RexLiteral literal) {
            Object value = Literals.value(literal);
            return row -> value;
        }
        if (node instanceof RexCall call) {
            return compileCall(call);
        }
        throw Errors.unsupported("expression " + node + " (" + node.getKind() + ")");
    }

    /** Compiles {@code node} and converts its value to {@code type}'s representation. */
    ScalarExpression compile(RexNode node, RelDataType type) {
        return Casts.cast(compile(node), node.getType(), type, zone, describe(node));
    }

    ScalarExpression[] compileAll(List<RexNode> nodes) {
        ScalarExpression[] compiled = new ScalarExpression[nodes.size()];
        for (int i = 0; i < compiled.length; i++) {
            compiled[i] = compile(nodes.get(i));
        }
        return compiled;
    }

    private ScalarExpression compileCall(RexCall call) {
        List<RexNode> ops = call.getOperands();
        switch (call.getKind()) {
            case PLUS, MINUS, TIMES, DIVIDE, MOD:
                // Calcite's DATETIME_PLUS and MINUS_DATE have kinds PLUS and MINUS too.
                return Arithmetic.binary(this, call);
            case MINUS_PREFIX:
                return Arithmetic.negate(this, call);
            case PLUS_PREFIX:
                return compile(ops.get(0), call.getType());
            case EQUALS, NOT_EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL,
                    IS_DISTINCT_FROM, IS_NOT_DISTINCT_FROM:
                return Comparisons.compile(this, call);
            case AND, OR, NOT, IS_NULL, IS_NOT_NULL, IS_TRUE, IS_NOT_TRUE, IS_FALSE, IS_NOT_FALSE, CASE, COALESCE:
                return Logic.compile(this, call);
            case CAST:
                return Casts.cast(compile(ops.get(0)), ops.get(0).getType(), call.getType(), zone, describe(call));
            case REINTERPRET:
                // Same internal representation (e.g. a rowtime attribute marker), nothing to convert.
                return compile(ops.get(0));
            case SEARCH:
                return compile(RexUtil.expandSearch(rexBuilder(), null, call));
            case FLOOR, CEIL:
                return Arithmetic.floorCeil(this, call);
            case EXTRACT:
                return TimeFunctions.extract(this, call);
            case TRIM:
                return StringFunctions.trim(this, call);
            case POSITION:
                return StringFunctions.position(this, call);
            case ARRAY_VALUE_CONSTRUCTOR:
                return CollectionFunctions.arrayConstructor(this, call);
            case MAP_VALUE_CONSTRUCTOR:
                return CollectionFunctions.mapConstructor(this, call);
            case ITEM:
                return CollectionFunctions.item(this, call);
            default:
                return compileFunction(call);
        }
    }

    private ScalarExpression compileFunction(RexCall call) {
        String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
        switch (name) {
            case "||", "CONCAT":
                return StringFunctions.concat(this, call);
            case "CONCAT_WS":
                return StringFunctions.concatWs(this, call);
            case "UPPER", "LOWER":
                return StringFunctions.changeCase(this, call, name.equals("UPPER"));
            case "CHAR_LENGTH", "CHARACTER_LENGTH":
                return StringFunctions.charLength(this, call);
            case "SUBSTRING", "SUBSTR":
                return StringFunctions.substring(this, call);
            case "REPLACE":
                return StringFunctions.replace(this, call);
            case "CARDINALITY":
                return CollectionFunctions.cardinality(this, call);
            case "ELEMENT":
                return CollectionFunctions.element(this, call);
            case "ARRAY_CONTAINS":
                return CollectionFunctions.arrayContains(this, call);
            case "MAP_KEYS", "MAP_VALUES":
                return CollectionFunctions.mapKeysOrValues(this, call, name.equals("MAP_KEYS"));
            case "ABS":
                return Arithmetic.abs(this, call);
            case "IF":
                return Logic.ifThenElse(this, call);
            case "TO_TIMESTAMP_LTZ":
                return TimeFunctions.toTimestampLtz(this, call);
            case "TO_TIMESTAMP":
                return TimeFunctions.toTimestamp(this, call);
            case "DATE_FORMAT":
                return TimeFunctions.dateFormat(this, call);
            case "FROM_UNIXTIME":
                return TimeFunctions.fromUnixtime(this, call);
            case "UNIX_TIMESTAMP":
                return TimeFunctions.unixTimestamp(this, call);
            case "CURRENT_TIMESTAMP", "LOCALTIMESTAMP", "NOW", "CURRENT_DATE":
                return TimeFunctions.now(this, call, name);
            case "CURRENT_WATERMARK":
                // A Calc rewrites it into a read of the watermark field (CurrentWatermark); anywhere else it has none.
                throw Errors.unsupported("CURRENT_WATERMARK in expression '" + describe(call) + "' outside a "
                        + "projection or WHERE clause (e.g. in a join condition); compute it in a subquery first");
            default:
                throw Errors.unsupported("function " + call.getOperator().getName()
                        + " in expression '" + describe(call) + "'");
        }
    }

    private static RexBuilder rexBuilder() {
        // Only used to expand SEARCH into comparisons; the literals it makes keep their own types.
        return new RexBuilder(new SqlTypeFactoryImpl(RelDataTypeSystem.DEFAULT));
    }

    /** Reads input field {@code $i}; a named class so profiles show it. */
    private static final class FieldRef implements ScalarExpression {
        private final int index;

        FieldRef(int index) {
            this.index = index;
        }

        @Override
        public Object evaluate(Row input) {
            return input.field(index);
        }
    }
}
