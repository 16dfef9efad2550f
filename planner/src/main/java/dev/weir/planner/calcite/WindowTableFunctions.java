package dev.weir.planner.calcite;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperandCountRange;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.SqlUtil;
import org.apache.calcite.sql.SqlWindowTableFunction;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlOperandMetadata;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlNameMatcher;
import org.apache.calcite.util.Static;

/**
 * Flink's window table functions TUMBLE, HOP and CUMULATE, with Flink's argument order and
 * output columns: the input's columns, then {@code window_start}, {@code window_end} and
 * {@code window_time} (= window_end - 1 ms, the rowtime attribute of a window aggregation's
 * output, so windows can cascade). Calcite has TUMBLE and HOP without window_time and no
 * CUMULATE; these replace them (see {@link #withoutCalciteWindowFunctions}).
 */
public final class WindowTableFunctions {
    /** {@code TUMBLE(TABLE t, DESCRIPTOR(ts), size [, offset])}. */
    public static final SqlWindowTableFunction TUMBLE = new WindowFunction("TUMBLE",
            List.of("DATA", "TIMECOL", "SIZE", "OFFSET"), 3);
    /** {@code HOP(TABLE t, DESCRIPTOR(ts), slide, size [, offset])}: slide before size, as in Flink. */
    public static final SqlWindowTableFunction HOP = new WindowFunction("HOP",
            List.of("DATA", "TIMECOL", "SLIDE", "SIZE", "OFFSET"), 4);
    /** {@code CUMULATE(TABLE t, DESCRIPTOR(ts), step, size [, offset])}. */
    public static final SqlWindowTableFunction CUMULATE = new WindowFunction("CUMULATE",
            List.of("DATA", "TIMECOL", "STEP", "SIZE", "OFFSET"), 4);

    /**
     * {@code SESSION(TABLE t, DESCRIPTOR(ts), gap)}. Flink's {@code TABLE t PARTITION BY k} is
     * taken off before validation by {@link SessionPartitions} (Calcite would plan a set-semantics
     * table as a correlation), so the function itself sees a plain table; where the partition keys
     * are needed (no GROUP BY), it passes them on as {@code DESCRIPTOR(k, …)} in {@link #PARTITION_KEYS}.
     */
    public static final SqlWindowTableFunction SESSION = new WindowFunction("SESSION",
            List.of("DATA", "TIMECOL", "GAP", WindowTableFunctions.PARTITION_KEYS), 3);

    /** SESSION's fourth parameter, set only by {@link SessionPartitions}: the PARTITION BY columns. */
    static final String PARTITION_KEYS = "PARTITION_KEYS";

    private static final SqlOperatorTable TABLE = SqlOperatorTables.of(TUMBLE, HOP, CUMULATE, SESSION);

    private WindowTableFunctions() {
    }

    public static SqlOperatorTable operatorTable() {
        return TABLE;
    }

    /** {@code table} without Calcite's own window table functions, which these replace. */
    public static SqlOperatorTable withoutCalciteWindowFunctions(SqlOperatorTable table) {
        return new SqlOperatorTable() {
            @Override
            public void lookupOperatorOverloads(SqlIdentifier opName, SqlFunctionCategory category, SqlSyntax syntax,
                    List<SqlOperator> operatorList, SqlNameMatcher nameMatcher) {
                List<SqlOperator> found = new ArrayList<>();
                table.lookupOperatorOverloads(opName, category, syntax, found, nameMatcher);
                for (SqlOperator op : found) {
                    if (!(op instanceof SqlWindowTableFunction) || op instanceof WindowFunction) {
                        operatorList.add(op);
                    }
                }
            }

            @Override
            public List<SqlOperator> getOperatorList() {
                List<SqlOperator> ops = new ArrayList<>();
                for (SqlOperator op : table.getOperatorList()) {
                    if (!(op instanceof SqlWindowTableFunction) || op instanceof WindowFunction) {
                        ops.add(op);
                    }
                }
                return ops;
            }
        };
    }

    /** The input's columns plus window_start, window_end and window_time. */
    private static final SqlReturnTypeInference ROW_TYPE = WindowTableFunctions::rowType;

    private static RelDataType rowType(SqlOperatorBinding binding) {
        RelDataType input = binding.getOperandType(0);
        RelDataTypeFactory types = binding.getTypeFactory();
        RelDataType timeType = timeColumnType(binding, input);
        int precision = timeType == null ? 3 : timeType.getPrecision();
        RelDataType timestamp = types.createSqlType(SqlTypeName.TIMESTAMP, precision);
        RelDataType windowTime = timeType == null ? timestamp
                : types.createTypeWithNullability(timeType, false);
        return types.builder()
                .kind(input.getStructKind())
                .addAll(input.getFieldList())
                .add("window_start", timestamp)
                .add("window_end", timestamp)
                .add("window_time", windowTime)
                .build();
    }

    private static RelDataType timeColumnType(SqlOperatorBinding binding, RelDataType input) {
        if (binding instanceof SqlCallBinding call) {
            for (SqlNode operand : call.operands()) {
                if (operand instanceof SqlCall c && c.getKind() == SqlKind.DESCRIPTOR && c.operandCount() == 1
                        && c.operand(0) instanceof SqlIdentifier id) {
                    RelDataTypeField field = input.getField(id.getSimple(), true, false);
                    return field == null ? null : field.getType();
                }
            }
        }
        return null;
    }

    /** One window function: fixed parameter names, Flink's type rules. */
    private static final class WindowFunction extends SqlWindowTableFunction {
        WindowFunction(String name, List<String> params, int mandatory) {
            super(name, new Operands(name, params, mandatory));
        }

        @Override
        public SqlReturnTypeInference getRowTypeInference() {
            return ROW_TYPE;
        }
    }

    /** TABLE, DESCRIPTOR of one TIMESTAMP or TIMESTAMP_LTZ column, then day-time intervals. */
    private record Operands(String name, List<String> params, int mandatory) implements SqlOperandMetadata {
        @Override
        public List<RelDataType> paramTypes(RelDataTypeFactory typeFactory) {
            return Collections.nCopies(params.size(), typeFactory.createSqlType(SqlTypeName.ANY));
        }

        @Override
        public List<String> paramNames() {
            return params;
        }

        @Override
        public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
            if (!binding.getOperandType(0).isStruct()) {
                return fail(binding, throwOnFailure);
            }
            SqlNode descriptor = binding.operand(1);
            if (!(descriptor instanceof SqlCall d) || d.getKind() != SqlKind.DESCRIPTOR || d.operandCount() != 1
                    || !(d.operand(0) instanceof SqlIdentifier column)) {
                return fail(binding, throwOnFailure);
            }
            RelDataType table = binding.getValidator().getValidatedNodeType(binding.operand(0));
            RelDataTypeField field = table.getField(column.getSimple(), true, false);
            if (field == null) {
                throw SqlUtil.newContextException(column.getParserPosition(),
                        Static.RESOURCE.unknownIdentifier(column.getSimple()));
            }
            SqlTypeName timeType = field.getType().getSqlTypeName();
            if (timeType != SqlTypeName.TIMESTAMP && timeType != SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE) {
                return fail(binding, throwOnFailure);
            }
            for (int i = 2; i < binding.getOperandCount(); i++) {
                if (params.get(i).equals(PARTITION_KEYS)) {
                    continue; // SessionPartitions' DESCRIPTOR of columns it has checked
                }
                RelDataType t = binding.getOperandType(i);
                if (!SqlTypeUtil.isInterval(t) || t.getSqlTypeName().getFamily()
                        != org.apache.calcite.sql.type.SqlTypeFamily.INTERVAL_DAY_TIME) {
                    return fail(binding, throwOnFailure);
                }
            }
            return true;
        }

        private static boolean fail(SqlCallBinding binding, boolean throwOnFailure) {
            if (throwOnFailure) {
                throw binding.newValidationSignatureError();
            }
            return false;
        }

        @Override
        public SqlOperandCountRange getOperandCountRange() {
            return SqlOperandCountRanges.between(mandatory, params.size());
        }

        @Override
        public String getAllowedSignatures(SqlOperator op, String opName) {
            StringBuilder sb = new StringBuilder(name).append("(TABLE table_name, DESCRIPTOR(timecol)");
            for (int i = 2; i < params.size(); i++) {
                if (params.get(i).equals(PARTITION_KEYS)) {
                    continue; // written as PARTITION BY on the table
                }
                boolean optional = i >= mandatory;
                sb.append(optional ? " [, " : ", ").append(params.get(i).toLowerCase(Locale.ROOT))
                        .append(" INTERVAL").append(optional ? "]" : "");
            }
            return sb.append(')').toString();
        }

        @Override
        public boolean isOptional(int i) {
            return i >= mandatory;
        }
    }
}
