package dev.weir.planner.expr;

import dev.weir.core.WeirException;
import dev.weir.core.type.CollectionValues;
import dev.weir.executor.expr.ScalarExpression;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Flink's collection functions over ARRAY ({@link java.util.List}) and MAP ({@link Map}) values:
 * the value constructors {@code ARRAY[a, b]} and {@code MAP[k, v, ...]}, element access
 * {@code arr[i]} (1-based, NULL when out of range) and {@code map[k]} (NULL when absent),
 * CARDINALITY, ELEMENT, ARRAY_CONTAINS, MAP_KEYS and MAP_VALUES. NULL in gives NULL out.
 */
final class CollectionFunctions {
    private CollectionFunctions() {
    }

    /** {@code ARRAY[a, b, ...]}: each element converted to the array's element type. */
    static ScalarExpression arrayConstructor(RexCompiler c, RexCall call) {
        RelDataType element = call.getType().getComponentType();
        ScalarExpression[] elements = compileAll(c, call.getOperands(), element);
        return row -> {
            Object[] values = new Object[elements.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = elements[i].evaluate(row);
            }
            return CollectionValues.array(values);
        };
    }

    /** {@code MAP[k1, v1, k2, v2, ...]}: a later duplicate key replaces the earlier value, as in Flink. */
    static ScalarExpression mapConstructor(RexCompiler c, RexCall call) {
        RelDataType keyType = call.getType().getKeyType();
        RelDataType valueType = call.getType().getValueType();
        List<RexNode> ops = call.getOperands();
        int n = ops.size() / 2;
        ScalarExpression[] keys = new ScalarExpression[n];
        ScalarExpression[] values = new ScalarExpression[n];
        for (int i = 0; i < n; i++) {
            keys[i] = compileAs(c, ops.get(2 * i), keyType);
            values[i] = compileAs(c, ops.get(2 * i + 1), valueType);
        }
        return row -> {
            LinkedHashMap<Object, Object> entries = new LinkedHashMap<>(Math.max(4, n * 4 / 3 + 1));
            for (int i = 0; i < n; i++) {
                entries.put(keys[i].evaluate(row), values[i].evaluate(row));
            }
            return CollectionValues.map(entries);
        };
    }

    /** {@code arr[i]} (1-based; NULL below 1 or beyond the end, as in Flink) and {@code map[key]}. */
    static ScalarExpression item(RexCompiler c, RexCall call) {
        RexNode collection = call.getOperands().get(0);
        RexNode index = call.getOperands().get(1);
        ScalarExpression source = c.compile(collection);
        SqlTypeName kind = collection.getType().getSqlTypeName();
        if (kind == SqlTypeName.ARRAY) {
            ScalarExpression position = c.compile(index);
            return row -> {
                Object list = source.evaluate(row);
                if (list == null) {
                    return null;
                }
                Object i = position.evaluate(row);
                if (i == null) {
                    return null;
                }
                long at = ((Number) i).longValue();
                List<?> values = (List<?>) list;
                return at < 1 || at > values.size() ? null : values.get((int) at - 1);
            };
        }
        if (kind == SqlTypeName.MAP) {
            ScalarExpression key = compileAs(c, index, collection.getType().getKeyType());
            return row -> {
                Object map = source.evaluate(row);
                if (map == null) {
                    return null;
                }
                return ((Map<?, ?>) map).get(key.evaluate(row));
            };
        }
        throw Errors.unsupported("element access on " + Describer.typeName(collection.getType())
                + " in expression '" + c.describe(call) + "'");
    }

    /** CARDINALITY(array or map): the number of elements or entries. */
    static ScalarExpression cardinality(RexCompiler c, RexCall call) {
        RexNode operand = call.getOperands().get(0);
        ScalarExpression source = c.compile(operand);
        if (operand.getType().getSqlTypeName() == SqlTypeName.MAP) {
            return row -> {
                Object v = source.evaluate(row);
                return v == null ? null : ((Map<?, ?>) v).size();
            };
        }
        return row -> {
            Object v = source.evaluate(row);
            return v == null ? null : ((List<?>) v).size();
        };
    }

    /** ELEMENT(array): NULL for an empty array, the element of a one-element array, an error otherwise (Flink). */
    static ScalarExpression element(RexCompiler c, RexCall call) {
        ScalarExpression source = c.compile(call.getOperands().get(0));
        String expression = c.describe(call);
        return row -> {
            Object v = source.evaluate(row);
            if (v == null) {
                return null;
            }
            List<?> values = (List<?>) v;
            return switch (values.size()) {
                case 0 -> null;
                case 1 -> values.get(0);
                default -> throw new WeirException("ELEMENT of an array with " + values.size()
                        + " elements in expression '" + expression + "': ELEMENT takes an array of at most one "
                        + "element; use arr[1] for the first one");
            };
        };
    }

    /** ARRAY_CONTAINS(array, x): whether x is an element (a NULL x finds a NULL element); NULL for a NULL array. */
    static ScalarExpression arrayContains(RexCompiler c, RexCall call) {
        RexNode array = call.getOperands().get(0);
        ScalarExpression source = c.compile(array);
        ScalarExpression needle = compileAs(c, call.getOperands().get(1), array.getType().getComponentType());
        return row -> {
            Object v = source.evaluate(row);
            return v == null ? null : ((List<?>) v).contains(needle.evaluate(row));
        };
    }

    /** MAP_KEYS(map) / MAP_VALUES(map): an array of the keys or values, in the map's order. */
    static ScalarExpression mapKeysOrValues(RexCompiler c, RexCall call, boolean keys) {
        ScalarExpression source = c.compile(call.getOperands().get(0));
        return row -> {
            Object v = source.evaluate(row);
            if (v == null) {
                return null;
            }
            Map<?, ?> map = (Map<?, ?>) v;
            return CollectionValues.array((keys ? map.keySet() : map.values()).toArray());
        };
    }

    /** Converts each element, key and value of a collection from one collection type to another (CAST). */
    static Converter converter(RelDataType from, RelDataType to, java.time.ZoneId zone, String expression) {
        if (from.getSqlTypeName() == SqlTypeName.ARRAY && to.getSqlTypeName() == SqlTypeName.ARRAY) {
            Converter element = nullSafe(element(from.getComponentType(), to.getComponentType(), zone, expression));
            if (element == Converter.IDENTITY) {
                return Converter.IDENTITY;
            }
            return v -> {
                List<?> in = (List<?>) v;
                Object[] out = new Object[in.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = element.convert(in.get(i));
                }
                return CollectionValues.array(out);
            };
        }
        if (from.getSqlTypeName() == SqlTypeName.MAP && to.getSqlTypeName() == SqlTypeName.MAP) {
            Converter key = nullSafe(element(from.getKeyType(), to.getKeyType(), zone, expression));
            Converter value = nullSafe(element(from.getValueType(), to.getValueType(), zone, expression));
            if (key == Converter.IDENTITY && value == Converter.IDENTITY) {
                return Converter.IDENTITY;
            }
            return v -> {
                Map<?, ?> in = (Map<?, ?>) v;
                LinkedHashMap<Object, Object> out = new LinkedHashMap<>(Math.max(4, in.size() * 4 / 3 + 1));
                for (Map.Entry<?, ?> e : in.entrySet()) {
                    out.put(key.convert(e.getKey()), value.convert(e.getValue()));
                }
                return CollectionValues.map(out);
            };
        }
        throw Errors.unsupported("CAST from " + Describer.typeName(from) + " to " + Describer.typeName(to)
                + " in expression '" + expression + "'");
    }

    /**
     * Flink's CAST(collection AS STRING): {@code [1, 2, NULL]} and {@code {a=1, b=NULL}}, elements
     * rendered as CAST(element AS STRING).
     */
    static Converter toStringConverter(RelDataType from, java.time.ZoneId zone) {
        if (from.getSqlTypeName() == SqlTypeName.ARRAY) {
            Converter element = Casts.toStringConverter(from.getComponentType(), zone);
            return v -> {
                StringBuilder sb = new StringBuilder("[");
                List<?> values = (List<?>) v;
                for (int i = 0; i < values.size(); i++) {
                    if (i > 0) {
                        sb.append(", ");
                    }
                    Object e = values.get(i);
                    sb.append(e == null ? "NULL" : (String) element.convert(e));
                }
                return sb.append(']').toString();
            };
        }
        Converter key = Casts.toStringConverter(from.getKeyType(), zone);
        Converter value = Casts.toStringConverter(from.getValueType(), zone);
        return v -> {
            StringBuilder sb = new StringBuilder("{");
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                if (sb.length() > 1) {
                    sb.append(", ");
                }
                sb.append(e.getKey() == null ? "NULL" : (String) key.convert(e.getKey())).append('=')
                        .append(e.getValue() == null ? "NULL" : (String) value.convert(e.getValue()));
            }
            return sb.append('}').toString();
        };
    }

    /** An element's conversion: none between types of the same representation that need no rounding or checks. */
    private static Converter element(RelDataType from, RelDataType to, java.time.ZoneId zone, String expression) {
        Repr source = Repr.of(from);
        if (source == Repr.of(to) && (source == Repr.STRING || source == Repr.BYTES || source == Repr.BOOLEAN
                || source.isIntegral() || source.isApproximate() || source == Repr.DATE)) {
            return Converter.IDENTITY;
        }
        return Casts.converter(from, to, zone, expression);
    }

    private static Converter nullSafe(Converter converter) {
        return converter == Converter.IDENTITY ? converter : v -> v == null ? null : converter.convert(v);
    }

    /** Compiles {@code node} converted to {@code type}'s representation (an element, key or value of a collection). */
    private static ScalarExpression compileAs(RexCompiler c, RexNode node, RelDataType type) {
        ScalarExpression e = c.compile(node);
        if (Repr.of(node.getType()) == Repr.NULL) {
            return e;
        }
        Converter converter = element(node.getType(), type, c.zone(), c.describe(node));
        if (converter == Converter.IDENTITY) {
            return e;
        }
        return row -> {
            Object v = e.evaluate(row);
            return v == null ? null : converter.convert(v);
        };
    }

    private static ScalarExpression[] compileAll(RexCompiler c, List<RexNode> nodes, RelDataType type) {
        ScalarExpression[] compiled = new ScalarExpression[nodes.size()];
        for (int i = 0; i < compiled.length; i++) {
            compiled[i] = compileAs(c, nodes.get(i), type);
        }
        return compiled;
    }
}
