package dev.weir.planner.expr;

import java.util.List;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlOperandTypeChecker;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeTransforms;
import org.apache.calcite.sql.util.SqlOperatorTables;

/**
 * Flink's SQL functions that Calcite's standard operator table lacks, with Flink's signatures
 * and return types, so that Calcite validates calls to them. {@link ExpressionCompiler}
 * compiles them by name.
 *
 * <p>Reused from Calcite where the semantics match Flink's: {@code IF} (expanded to CASE during
 * conversion) and {@code CONCAT_WS} (NULL separator gives NULL, NULL arguments are skipped).
 */
public final class FlinkFunctions {
    /** Flink's STRING: VARCHAR of the type system's maximum length. */
    private static final SqlReturnTypeInference STRING = opBinding -> {
        RelDataTypeFactory types = opBinding.getTypeFactory();
        return types.createSqlType(SqlTypeName.VARCHAR, types.getTypeSystem().getMaxPrecision(SqlTypeName.VARCHAR));
    };
    private static final SqlReturnTypeInference STRING_NULLABLE =
            ReturnTypes.cascade(STRING, SqlTypeTransforms.TO_NULLABLE);

    /** CONCAT(string1, string2, ...): NULL if any argument is NULL. */
    public static final SqlFunction CONCAT = function("CONCAT", SqlFunctionCategory.STRING, STRING_NULLABLE,
            OperandTypes.repeat(SqlOperandCountRanges.from(1), OperandTypes.STRING));

    /** SUBSTR(string, start[, length]): like SUBSTRING, negative start counts from the end. */
    public static final SqlFunction SUBSTR = function("SUBSTR", SqlFunctionCategory.STRING,
            ReturnTypes.ARG0_NULLABLE_VARYING,
            OperandTypes.or(OperandTypes.family(SqlTypeFamily.STRING, SqlTypeFamily.INTEGER),
                    OperandTypes.family(SqlTypeFamily.STRING, SqlTypeFamily.INTEGER, SqlTypeFamily.INTEGER)));

    /** TO_TIMESTAMP_LTZ(numeric[, precision]): epoch seconds (0) or millis (3) → TIMESTAMP_LTZ(3). */
    public static final SqlFunction TO_TIMESTAMP_LTZ = function("TO_TIMESTAMP_LTZ", SqlFunctionCategory.TIMEDATE,
            ReturnTypes.cascade(ReturnTypes.explicit(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, 3),
                    SqlTypeTransforms.TO_NULLABLE),
            OperandTypes.or(OperandTypes.NUMERIC,
                    OperandTypes.family(SqlTypeFamily.NUMERIC, SqlTypeFamily.INTEGER)));

    /** TO_TIMESTAMP(string[, format]) → TIMESTAMP(3); format is a Java pattern. */
    public static final SqlFunction TO_TIMESTAMP = function("TO_TIMESTAMP", SqlFunctionCategory.TIMEDATE,
            ReturnTypes.cascade(ReturnTypes.explicit(SqlTypeName.TIMESTAMP, 3), SqlTypeTransforms.TO_NULLABLE),
            OperandTypes.or(OperandTypes.STRING, OperandTypes.STRING_STRING));

    /** DATE_FORMAT(timestamp|string, format) → STRING. */
    public static final SqlFunction DATE_FORMAT = function("DATE_FORMAT", SqlFunctionCategory.TIMEDATE,
            STRING_NULLABLE,
            OperandTypes.or(OperandTypes.family(SqlTypeFamily.TIMESTAMP, SqlTypeFamily.STRING),
                    OperandTypes.family(SqlTypeFamily.DATE, SqlTypeFamily.STRING),
                    OperandTypes.STRING_STRING));

    /** FROM_UNIXTIME(seconds[, format]) → STRING in the session time zone. */
    public static final SqlFunction FROM_UNIXTIME = function("FROM_UNIXTIME", SqlFunctionCategory.TIMEDATE,
            STRING_NULLABLE,
            OperandTypes.or(OperandTypes.family(SqlTypeFamily.INTEGER),
                    OperandTypes.family(SqlTypeFamily.INTEGER, SqlTypeFamily.STRING)));

    /** UNIX_TIMESTAMP() is the current epoch second; UNIX_TIMESTAMP(string[, format]) parses. */
    public static final SqlFunction UNIX_TIMESTAMP = new DynamicFunction("UNIX_TIMESTAMP",
            ReturnTypes.cascade(ReturnTypes.BIGINT, SqlTypeTransforms.TO_NULLABLE),
            OperandTypes.or(OperandTypes.NILADIC, OperandTypes.STRING, OperandTypes.STRING_STRING),
            SqlFunctionCategory.TIMEDATE);

    /** NOW() → TIMESTAMP_LTZ(3), evaluated per row. */
    public static final SqlFunction NOW = new DynamicFunction("NOW",
            ReturnTypes.explicit(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, 3), OperandTypes.NILADIC,
            SqlFunctionCategory.TIMEDATE);

    /**
     * CURRENT_WATERMARK(rowtime) → the watermark of the input at that point of the plan, of the
     * rowtime's type (TIMESTAMP(3) or TIMESTAMP_LTZ(3)), NULL before the first watermark. Not
     * deterministic: it must never be folded or moved as a constant. See {@link CurrentWatermark}.
     */
    public static final SqlFunction CURRENT_WATERMARK = new DynamicFunction("CURRENT_WATERMARK",
            ReturnTypes.cascade(ReturnTypes.ARG0, SqlTypeTransforms.FORCE_NULLABLE),
            OperandTypes.family(SqlTypeFamily.TIMESTAMP), // TIMESTAMP and TIMESTAMP_LTZ
            SqlFunctionCategory.TIMEDATE);

    private static final List<SqlOperator> OPERATORS = List.of(
            CONCAT, SqlLibraryOperators.CONCAT_WS, SqlLibraryOperators.IF, SUBSTR,
            TO_TIMESTAMP_LTZ, TO_TIMESTAMP, DATE_FORMAT, FROM_UNIXTIME, UNIX_TIMESTAMP, NOW, CURRENT_WATERMARK,
            SqlLibraryOperators.ARRAY_CONTAINS, SqlLibraryOperators.MAP_KEYS, SqlLibraryOperators.MAP_VALUES);

    private static final SqlOperatorTable TABLE = SqlOperatorTables.of(OPERATORS);

    private FlinkFunctions() {
    }

    /** Flink's functions Calcite's standard table lacks; the planner chains it with SqlStdOperatorTable. */
    public static SqlOperatorTable operatorTable() {
        return TABLE;
    }

    /**
     * A function whose value depends on when or where in the plan it is evaluated (the clock, the
     * watermark): Calcite must never fold it into a constant nor reduce it as one.
     */
    private static final class DynamicFunction extends SqlFunction {
        DynamicFunction(String name, SqlReturnTypeInference returns, SqlOperandTypeChecker operands,
                SqlFunctionCategory category) {
            super(name, SqlKind.OTHER_FUNCTION, returns, null, operands, category);
        }

        @Override
        public boolean isDeterministic() {
            return false;
        }

        @Override
        public boolean isDynamicFunction() {
            return true;
        }
    }

    private static SqlFunction function(String name, SqlFunctionCategory category, SqlReturnTypeInference returns,
            SqlOperandTypeChecker operands) {
        return new SqlFunction(name, SqlKind.OTHER_FUNCTION, returns, null, operands, category);
    }
}
