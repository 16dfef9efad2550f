package dev.weir.planner.expr;

import dev.weir.core.Row;
import dev.weir.executor.expr.ScalarExpression;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.config.Lex;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystem;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.tools.FrameworkConfig;
import org.apache.calcite.tools.Frameworks;
import org.apache.calcite.tools.Planner;

/**
 * Parses and validates {@code SELECT <expr> FROM t} with Calcite, takes the Project's
 * expression and compiles it. Table {@code t} has a column of every supported type; a default
 * row fills each, and tests override single columns by name.
 */
final class ExprHarness {
    static final String[] COLUMNS = {"b", "ti", "si", "i", "id", "f", "d", "amt", "s", "s2", "dt", "tm", "ts", "ltz",
        "arr", "m"};

    /** Flink-like limits: STRING is VARCHAR(2147483647), decimals up to 38 digits. */
    static final RelDataTypeSystem TYPE_SYSTEM = new RelDataTypeSystemImpl() {
        @Override
        public int getMaxPrecision(SqlTypeName typeName) {
            return switch (typeName) {
                case VARCHAR, CHAR, VARBINARY, BINARY -> Integer.MAX_VALUE;
                case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE, TIME -> 9;
                case DECIMAL -> 38;
                default -> super.getMaxPrecision(typeName);
            };
        }

        /** As Flink: CASE over 'big' and 'mid' is VARCHAR(3), not a space-padded CHAR. */
        @Override
        public boolean shouldConvertRaggedUnionTypesToVarying() {
            return true;
        }

        @Override
        public int getMaxScale(SqlTypeName typeName) {
            return typeName == SqlTypeName.DECIMAL ? 38 : super.getMaxScale(typeName);
        }
    };

    private final ZoneId zone;

    private ExprHarness(ZoneId zone) {
        this.zone = zone;
    }

    static ExprHarness utc() {
        return new ExprHarness(ZoneOffset.UTC);
    }

    static ExprHarness in(String zone) {
        return new ExprHarness(ZoneId.of(zone));
    }

    static Object[] defaultRow() {
        return new Object[] {
            true, (byte) 1, (short) 2, 3, 4L, 1.5f, 2.5d, new BigDecimal("12.34"), "hello", null,
            19675 /* 2023-11-14 */, 3_600_000 /* 01:00:00 */, 1_700_000_000_000L, 1_700_000_000_000L,
            dev.weir.core.type.CollectionValues.array(new Object[] {10, null, 30}), tags()};
    }

    private static java.util.Map<Object, Object> tags() {
        java.util.LinkedHashMap<Object, Object> m = new java.util.LinkedHashMap<>();
        m.put("a", 1L);
        m.put("b", null);
        return dev.weir.core.type.CollectionValues.map(m);
    }

    RexNode rex(String expr) {
        try {
            Planner planner = Frameworks.getPlanner(config());
            SqlNode parsed = planner.parse("SELECT " + expr + " FROM t");
            SqlNode validated = planner.validate(parsed);
            RelNode rel = planner.rel(validated).project();
            if (!(rel instanceof Project project)) {
                throw new AssertionError("expected a Project for '" + expr + "' but got " + rel.explain());
            }
            return project.getProjects().get(0);
        } catch (Exception e) {
            throw new AssertionError("Calcite rejected '" + expr + "': " + e.getMessage(), e);
        }
    }

    ScalarExpression compile(String expr) {
        return ExpressionCompiler.compile(rex(expr), zone, List.of(COLUMNS));
    }

    /** Evaluates against the default row with {@code name, value} pairs overriding columns. */
    Object eval(String expr, Object... overrides) {
        return compile(expr).evaluate(row(overrides));
    }

    /** Evaluates against a row of all NULLs. */
    Object evalNulls(String expr) {
        return compile(expr).evaluate(Row.of(new Object[COLUMNS.length]));
    }

    static Row row(Object... overrides) {
        Object[] values = defaultRow();
        for (int i = 0; i < overrides.length; i += 2) {
            values[List.of(COLUMNS).indexOf((String) overrides[i])] = overrides[i + 1];
        }
        return Row.of(values);
    }

    String describe(String expr) {
        return ExpressionCompiler.describe(rex(expr), List.of(COLUMNS));
    }

    RelDataType type(String expr) {
        return rex(expr).getType();
    }

    private static FrameworkConfig config() {
        SchemaPlus root = Frameworks.createRootSchema(true);
        root.add("STRING", factory -> factory.createSqlType(SqlTypeName.VARCHAR, Integer.MAX_VALUE));
        root.add("t", new AbstractTable() {
            @Override
            public RelDataType getRowType(RelDataTypeFactory f) {
                List<RelDataType> types = new ArrayList<>();
                types.add(f.createSqlType(SqlTypeName.BOOLEAN));
                types.add(f.createSqlType(SqlTypeName.TINYINT));
                types.add(f.createSqlType(SqlTypeName.SMALLINT));
                types.add(f.createSqlType(SqlTypeName.INTEGER));
                types.add(f.createSqlType(SqlTypeName.BIGINT));
                types.add(f.createSqlType(SqlTypeName.REAL));
                types.add(f.createSqlType(SqlTypeName.DOUBLE));
                types.add(f.createSqlType(SqlTypeName.DECIMAL, 10, 2));
                types.add(f.createSqlType(SqlTypeName.VARCHAR, Integer.MAX_VALUE));
                types.add(f.createSqlType(SqlTypeName.VARCHAR, Integer.MAX_VALUE));
                types.add(f.createSqlType(SqlTypeName.DATE));
                types.add(f.createSqlType(SqlTypeName.TIME, 0));
                types.add(f.createSqlType(SqlTypeName.TIMESTAMP, 3));
                types.add(f.createSqlType(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, 3));
                types.add(f.createArrayType(f.createTypeWithNullability(f.createSqlType(SqlTypeName.INTEGER), true), -1));
                types.add(f.createMapType(f.createSqlType(SqlTypeName.VARCHAR, Integer.MAX_VALUE),
                        f.createTypeWithNullability(f.createSqlType(SqlTypeName.BIGINT), true)));
                List<RelDataType> nullable = new ArrayList<>();
                for (RelDataType type : types) {
                    nullable.add(f.createTypeWithNullability(type, true));
                }
                return f.createStructType(nullable, List.of(COLUMNS));
            }
        });
        return Frameworks.newConfigBuilder()
                .defaultSchema(root)
                .parserConfig(SqlParser.config().withLex(Lex.JAVA))
                .operatorTable(SqlOperatorTables.chain(SqlStdOperatorTable.instance(), FlinkFunctions.operatorTable()))
                .typeSystem(TYPE_SYSTEM)
                .build();
    }
}
